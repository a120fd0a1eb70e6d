import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { createTestApp } from '../helpers/app.ts';
import { consoleSession } from '../helpers/console.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';

let database: Database;
let app: App;

beforeAll(async () => {
  database = await testDatabase();
  app = await createTestApp(database, { config: { locale: 'en' } });
});
afterAll(async () => {
  await app.stop();
  await database.close();
});
beforeEach(() => resetDatabase(database));

describe('console: tickets from chat', () => {
  it('creates a ticket with a command and lists it', async () => {
    const s = consoleSession(app);
    // Empty lists say what is empty, in plain words.
    expect(await s.say('/ticket list all')).toContain('No tickets yet.');
    expect(await s.say('/ticket list mine')).toContain('No open tickets are assigned to you.');
    expect(await s.say('/ticket list')).toContain('No open tickets.');
    const out = await s.say('/ticket new P1 Login page returns 500', '/ticket list');
    expect(out).toContain('#1 · Login page returns 500');
    expect(out).toContain('Ticket #1 created: P1 · Login page returns 500');
    expect(out).toMatch(/Tickets \(open\): 1\n#1 P1 · Login page returns 500 — new/);
  });

  it('/ticket new without a title asks the ticket form field by field; an empty title is asked again', async () => {
    const s = consoleSession(app);
    const asked = await s.say('/ticket new P1');
    expect(asked).toContain('New ticket');
    expect(asked).toContain('Title');
    expect(await s.say('   ')).toMatch(/Required\.[\s\S]*Title/);
    expect(await app.services.tickets.list(1, 'all', 'x')).toHaveLength(0);
    const priority = await s.say('VPN drops');
    expect(priority).toContain('Priority');
    expect(priority).toContain('P1'); // the priority typed is the default: Enter keeps it
    const done = await s.say('');
    expect(done).toContain('Ticket #1 created: P1 · VPN drops');
    const [ticket] = await app.services.tickets.list(1, 'all', 'x');
    expect(ticket).toMatchObject({ title: 'VPN drops', priority: 'P1', reporterId: 'ann' });
  });

  it('a command typed in the middle of a form runs; the form waits for :form with its answers so far', async () => {
    const s = consoleSession(app);
    await s.say('/ticket new P2 Printer jammed');
    expect(await s.say('/ticket new')).toContain('Title');
    // An answer that merely starts with a slash is an answer; a doubled slash escapes a command.
    expect(await s.say('/var/log is full')).toContain('Priority');
    await s.say(':cancel', '/ticket new');
    expect(await s.say('//ticket list is empty', '')).toContain(
      'Ticket #2 created: P2 · /ticket list is empty',
    );
    await s.say('/ticket new', '/var/log is full');
    const aside = await s.say('/ticket list');
    expect(aside).toContain(
      '"New ticket" is put aside with your answers so far: type :form to go on with it.',
    );
    expect(aside).toMatch(/Tickets \(open\): 2\n[\s\S]*#1 P2 · Printer jammed — new/);
    const resumed = await s.say(':form');
    expect(resumed).toContain('Empty line keeps /var/log is full.');
    const done = await s.say('', 'P1');
    expect(done).toContain('Ticket #3 created: P1 · /var/log is full');
    expect(await s.say(':form')).toContain('No form');

    // Two forms put aside: :form takes the newest, then the other; neither replaces the other.
    await s.say(
      '/ticket new',
      'Scanner offline',
      '/ticket list',
      '/ticket new',
      'Badge reader',
      '/ticket list',
    );
    expect(await s.say(':form')).toContain('Empty line keeps Badge reader.');
    await s.say('', '');
    expect(await s.say(':form')).toContain('Empty line keeps Scanner offline.');
    expect(await s.say('', '')).toContain('Scanner offline');
    expect(await s.say(':form')).toContain('No form');
  });

  it('turns an intake message into a ticket answered in its thread; replies become comments', async () => {
    const s = consoleSession(app, { user: 'reporter' });
    const out = await s.say('Refund for invoice 1001 never arrived');
    expect(out).toMatch(/\[#support › m\w+\] sopbot:/);
    expect(out).toContain('Logged as ticket #1 (P2, billing)');
    await s.say(':thread #1', 'any update?');
    const { ticket } = await app.services.tickets.get(1, 1);
    expect(ticket.firstResponseAt).toBeNull();
    s.platform.user = 'agent';
    await s.say('looking into it now');
    const after = await app.services.tickets.get(1, 1);
    expect(after.ticket.firstResponseAt).not.toBeNull();
    const kinds = after.events.map((e) => e.kind);
    expect(kinds).toEqual(['created', 'commented', 'commented', 'first_response']);
    expect(after.events[2]?.actorId).toBe('agent');
  });
});

describe('console: reactions and card buttons', () => {
  it('the ticket reaction turns a message into a ticket once', async () => {
    const s = consoleSession(app, { user: 'dev' });
    await s.say(':channel general', 'the nightly export failed again');
    const first = await s.say(':react');
    expect(first).toContain('#1 · the nightly export failed again');
    expect(first).toContain('Reporter: @dev');
    const second = await s.say(':react');
    expect(second).toContain('That message is already ticket #1.');
    const ws = await app.runtime.workspaces.resolve('console', 'local');
    expect(await app.services.tickets.list(ws.id, 'all', 'dev')).toHaveLength(1);
  });

  it('buttons acknowledge, change priority and resolve with a note, editing the card in place', async () => {
    const s = consoleSession(app, { user: 'oncall' });
    await s.say('/ticket new P2 Search is slow');
    const acked = await s.say('1');
    expect(acked).toContain('(card updated)');
    expect(acked).toMatch(/Status: acknowledged[\s\S]*Assignee: @oncall/);
    expect(acked).toContain('#1 acknowledged by @oncall.');
    // After ack the buttons are [1] Take [2] Resolve [3] Escalate, then the priority choices.
    const toP1 = s.platform.messenger.lastChoices?.choices.findIndex((c) => c.value === '1:P1') ?? -1;
    expect(await s.say(String(toP1 + 1))).toContain('#1 priority: P2 → P1.');
    const resolved = await s.say('2 Added a missing index');
    expect(resolved).toMatch(/Status: resolved[\s\S]*Resolution: Added a missing index/);
    const { ticket } = await app.services.tickets.get(1, 1);
    expect(ticket).toMatchObject({
      status: 'resolved',
      priority: 'P1',
      resolutionNote: 'Added a missing index',
    });
  });
});
