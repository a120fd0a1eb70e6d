import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/main.ts';
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
    const s = consoleSession(app.dispatch);
    const out = await s.say('/ticket new P1 Login page returns 500', '/ticket list');
    expect(out).toContain('#1 · Login page returns 500');
    expect(out).toContain('Ticket #1 created: P1 · Login page returns 500');
    expect(out).toMatch(/Tickets \(open\): 1\n#1 P1 · Login page returns 500 — new/);
  });

  it('turns an intake message into a ticket answered in its thread; replies become comments', async () => {
    const s = consoleSession(app.dispatch, { user: 'reporter' });
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
