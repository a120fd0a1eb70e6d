import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { IncomingEvent } from '../../src/core/events.ts';
import type { App } from '../../src/main.ts';
import { createTestApp } from '../helpers/app.ts';
import { consoleSession } from '../helpers/console.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';

let database: Database;
let app: App;

beforeAll(async () => {
  database = await testDatabase();
  app = await createTestApp(database, { config: { intake: [{ channel: 'C_SUP', team: 'support' }] } });
});
afterAll(async () => {
  await app.stop();
  await database.close();
});
beforeEach(() => resetDatabase(database));

describe('the same delivery never does work twice', () => {
  it('a redelivered intake message makes one ticket', async () => {
    const s = consoleSession(app.dispatch);
    const io = { messenger: s.platform.messenger, respond: async () => {} };
    const event: IncomingEvent = {
      kind: 'message',
      eventId: 'Ev123',
      platform: 'slack',
      workspaceId: 'T1',
      channelId: 'C_SUP',
      user: { id: 'U1' },
      messageId: '1700000000.000100',
      text: 'Payments page is blank',
    };
    await Promise.all([app.dispatch(event, io), app.dispatch({ ...event }, io)]);
    await app.dispatch({ ...event }, io);
    const ws = await app.services.workspaces.resolve('slack', 'T1');
    const tickets = await app.services.tickets.list(ws.id, 'all', 'U1');
    expect(tickets).toHaveLength(1);
    expect(s.platform.messenger.sent.filter((m) => m.card)).toHaveLength(1);
    expect(app.metrics.eventsDuplicate.get({ platform: 'slack' })).toBe(2);
  });

  it('the same event id on another platform is a different delivery', async () => {
    const s = consoleSession(app.dispatch);
    const io = { messenger: s.platform.messenger, respond: async () => {} };
    const base = {
      kind: 'message' as const,
      eventId: 'E1',
      channelId: 'C_SUP',
      user: { id: 'U1' },
      messageId: 'm1',
      text: 'hi there',
    };
    await app.dispatch({ ...base, platform: 'slack', workspaceId: 'T1' }, io);
    await app.dispatch({ ...base, platform: 'feishu', workspaceId: 'tenant1' }, io);
    const slack = await app.services.workspaces.resolve('slack', 'T1');
    const feishu = await app.services.workspaces.resolve('feishu', 'tenant1');
    expect(await app.services.tickets.list(slack.id, 'all', 'x')).toHaveLength(1);
    expect(await app.services.tickets.list(feishu.id, 'all', 'x')).toHaveLength(1);
  });
});

describe('the delivery ledger is pruned', () => {
  it('the hourly inbox-prune task forgets deliveries older than a week, and only those', async () => {
    await app.services.inbox.firstDelivery('slack', 'EvOLD', 'message');
    const task = app.scheduler.tasks.find((t) => t.name === 'inbox-prune');
    if (!task) throw new Error('inbox-prune is not registered');
    expect(task.everyMs).toBe(3_600_000);
    await task.run(new Date(Date.now() + 6 * 86_400_000));
    expect(await app.services.inbox.firstDelivery('slack', 'EvOLD', 'message')).toBe(false);
    await task.run(new Date(Date.now() + 8 * 86_400_000));
    // Forgotten: the same id would now count as a first delivery again.
    expect(await app.services.inbox.firstDelivery('slack', 'EvOLD', 'message')).toBe(true);
  });
});
