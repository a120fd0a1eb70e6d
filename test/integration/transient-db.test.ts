/**
 * The database failing an event's unit of work (a deadlock, a lost connection) is not the event's
 * fault: the unit, rolled back whole, runs again and the caller gets one answer; a journaled
 * delivery whose unit keeps failing that way stays journaled (replayed later) instead of being
 * answered "something went wrong" and forgotten. Ids with control characters are cleaned before
 * they are stored.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { plainText } from '../../src/core/message.ts';
import type { CommandDefinition } from '../../src/core/router.ts';
import { MODULES } from '../../src/modules.ts';
import type { RequestContext } from '../../src/runtime/context.ts';
import { isTransientDbError } from '../../src/runtime/dispatcher.ts';
import { defineModule } from '../../src/runtime/module.ts';
import { createTestApp } from '../helpers/app.ts';
import { consoleSession } from '../helpers/console.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import { type RecordingMessenger, recordOn, submit } from '../helpers/recording.ts';

const state = { runs: 0, failures: 0 };
const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

const flaky: CommandDefinition<RequestContext> = {
  name: 'flaky',
  usage: () => '/flaky',
  async run(ctx) {
    state.runs++;
    await ctx.say({
      op: 'post',
      platform: ctx.event.platform,
      subject: 'flaky',
      to: { channelId: 'log' },
      message: { text: `run ${state.runs}` },
    });
    if (state.failures > 0) {
      state.failures--;
      throw deadlock();
    }
    return { visibility: 'ephemeral', message: { text: 'flaky done' } };
  },
};

const flakyModule = defineModule({ name: 'flaky' as never, create: () => ({}) as never, commands: [flaky] });

let database: Database;
let app: App;
let chat: RecordingMessenger;
beforeAll(async () => {
  database = await testDatabase();
  app = await createTestApp(database, { config: { locale: 'en' }, modules: [...MODULES, flakyModule] });
  chat = recordOn(app, 'slack');
});
afterAll(async () => {
  await app.stop();
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  chat.calls.length = 0;
  state.runs = 0;
});

const command = (extra: Record<string, unknown> = {}) =>
  submit(app, {
    kind: 'command',
    eventId: randomUUID(),
    platform: 'slack',
    workspaceId: 'T1',
    channelId: 'C1',
    user: { id: 'U1' },
    command: 'flaky',
    text: '',
    ...extra,
  } as never);

describe('a unit of work the database fails transiently', () => {
  it('is run again: one answer, and only the successful run’s effects', async () => {
    state.failures = 2;
    await command();
    expect(state.runs).toBe(3);
    const said = chat.calls.map((c) => ('message' in c ? plainText(c.message.text) : ''));
    const answers = chat.of('respond').map((c) => plainText(c.reply.message.text));
    expect(answers).toEqual(['flaky done']);
    expect(said.filter((t) => t.startsWith('run '))).toEqual(['run 3']);
  });

  it('a journaled delivery that keeps failing so stays journaled, unanswered, and is given back for replay', async () => {
    state.failures = 10;
    const journal = app.journal('slack');
    const key = `event:${randomUUID()}`;
    expect(await journal.accept(key, { any: 'body' })).toBe(true);
    await command({ delivery: key });
    expect(chat.of('respond')).toEqual([]);
    const pending = await app.runtime.repos.deliveries.pending('slack');
    expect(pending.map((d) => d.key)).toContain(key);
    // Given back, not held: the next sweep (of any replica, this one included) replays it.
    const row = pending.find((d) => d.key === key);
    expect(row?.owner).toBeNull();
    expect(row?.leaseUntil.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await journal.claimExpired()).map((d) => d.key)).toEqual([key]);
    state.failures = 0;
  });

  it('tells the database’s errors from the event’s', () => {
    expect(isTransientDbError(deadlock())).toBe(true);
    expect(isTransientDbError(Object.assign(new Error('x'), { code: 'CONNECTION_CLOSED' }))).toBe(true);
    expect(isTransientDbError(Object.assign(new Error('x'), { code: '23505' }))).toBe(false);
    expect(isTransientDbError(new Error('plain'))).toBe(false);
    // drizzle wraps the driver's error: the code is on its cause.
    expect(isTransientDbError(new Error('Failed query', { cause: deadlock() }))).toBe(true);
    expect(isTransientDbError(new Error('Failed query', { cause: new Error('plain') }))).toBe(false);
  });
});

describe('ids with control characters', () => {
  it('are cleaned before they are stored (the console’s :as and :channel)', async () => {
    const s = consoleSession(app);
    await s.say(':as a\u0000n\u001b[31mn', ':channel sup\u0007port');
    const out = await s.say('/ticket new P2 printer jammed');
    expect(out).not.toMatch(/went wrong/i);
    const [ticket] = await app.services.tickets.list(1, 'all', 'x');
    expect(ticket?.reporterId).toBe('ann');
    expect(ticket?.channelId).toBe('support');
  });
});
