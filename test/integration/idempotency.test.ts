import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { createTestApp } from '../helpers/app.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import { type RecordingMessenger, recordOn, submit } from '../helpers/recording.ts';

let database: Database;
let app: App;
let slack: RecordingMessenger;

beforeAll(async () => {
  database = await testDatabase();
  app = await createTestApp(database, { config: { intake: [{ channel: 'C_SUP', team: 'support' }] } });
  slack = recordOn(app, 'slack');
  recordOn(app, 'feishu');
});
afterAll(async () => {
  await app.stop();
  await database.close();
});
beforeEach(async () => {
  await resetDatabase(database);
  slack.calls.length = 0;
});

const message = {
  kind: 'message' as const,
  eventId: 'Ev123',
  platform: 'slack' as const,
  workspaceId: 'T1',
  channelId: 'C_SUP',
  user: { id: 'U1' },
  messageId: '1700000000.000100',
  text: 'Payments page is blank',
};

describe('the same delivery never does work twice', () => {
  it('a redelivered intake message makes one ticket and one card, however the copies race', async () => {
    await submit(app, message, { ...message }, { ...message });
    await submit(app, { ...message });
    const ws = await app.runtime.workspaces.resolve('slack', 'T1');
    const tickets = await app.services.tickets.list(ws.id, 'all', 'U1');
    expect(tickets).toHaveLength(1);
    expect(slack.of('post').filter((c) => c.message.card)).toHaveLength(1);
    expect(app.metrics.eventsDuplicate.get({ platform: 'slack' })).toBe(3);
  });

  it('one intake message under two event ids (same channel and ts) is one ticket, answered once', async () => {
    await submit(app, message, { ...message, eventId: 'Ev124' });
    const ws = await app.runtime.workspaces.resolve('slack', 'T1');
    expect(await app.services.tickets.list(ws.id, 'all', 'U1')).toHaveLength(1);
    expect(slack.of('post').filter((c) => c.message.card)).toHaveLength(1);
    // The card and its note in the thread, nothing more.
    expect(slack.of('post')).toHaveLength(2);
  });

  it('the same event id on another platform is a different delivery', async () => {
    const base = {
      kind: 'message' as const,
      eventId: 'E1',
      channelId: 'C_SUP',
      user: { id: 'U1' },
      messageId: 'm1',
      text: 'hi there',
    };
    await submit(app, { ...base, platform: 'slack', workspaceId: 'T1' });
    await submit(app, { ...base, platform: 'feishu', workspaceId: 'tenant1' });
    const ws1 = await app.runtime.workspaces.resolve('slack', 'T1');
    const ws2 = await app.runtime.workspaces.resolve('feishu', 'tenant1');
    expect(await app.services.tickets.list(ws1.id, 'all', 'x')).toHaveLength(1);
    expect(await app.services.tickets.list(ws2.id, 'all', 'x')).toHaveLength(1);
  });
});

describe('the delivery ledger is pruned', () => {
  it('the hourly housekeeping job forgets deliveries and finished cron slots older than a week, and only those', async () => {
    const { repos } = app.runtime;
    expect(await repos.inbox.claim('slack', 'EvOLD', 'message')).toBe(true);
    const now = new Date();
    const slot = { job: 'x.old', slot: now, lateMs: 0, by: 'me', until: null, at: now };
    await repos.cron.claim({ ...slot, status: 'skipped' });
    await repos.cron.claim({
      ...slot,
      job: 'x.running',
      status: 'claimed',
      until: new Date(now.getTime() + 1),
    });
    const job = app.cron.jobs.find((j) => j.name === 'runtime.housekeeping');
    if (!job) throw new Error('housekeeping is not registered');
    expect(job.cron).toBe('17 * * * *');
    const ctx = { commit: async <T>(fn: (r: never) => Promise<T>) => fn(undefined as never) };
    const at = (days: number) => ({
      job: job.name,
      at: new Date(Date.now() + days * 86_400_000),
      lateMs: 0,
      late: false,
    });
    await job.run(at(6), ctx);
    expect(await repos.inbox.claim('slack', 'EvOLD', 'message')).toBe(false);
    await job.run(at(8), ctx);
    // Forgotten: the same id would now count as a first delivery again.
    expect(await repos.inbox.claim('slack', 'EvOLD', 'message')).toBe(true);
    // Finished cron slots go too; a claimed (running) one stays.
    expect(await repos.cron.runs('x.old')).toEqual([]);
    expect(await repos.cron.runs('x.running')).toHaveLength(1);
  });
});
