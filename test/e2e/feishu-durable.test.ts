/**
 * Durable acks on Feishu (on by default): events are journaled before the SDK answers, finished
 * by their unit of work, and an event a stopped process left unfinished (a second journal that
 * accepted it and never finished it) is replayed by the sweep once its lease runs out. What a
 * committed unit of work had still to say is in the outbox and goes out once, after its lease.
 */

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createRepositories } from '../../db/repositories/index.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createDeliveryJournal } from '../../src/runtime/journal.ts';
import { useFeishuApp } from '../helpers/fake-feishu.ts';
import { messageEvent, TENANT } from '../helpers/feishu-sign.ts';
import { cardOf } from '../helpers/recording.ts';

const h = useFeishuApp({
  config: {
    intake: [{ channel: 'oc_support', team: 'support' }],
    deliveries: { durable: true, redeliverAfter: '1s' },
  },
});

const intake = (text: string, messageId: string) =>
  messageEvent({ messageId, chatId: 'oc_support', chatType: 'group', senderId: 'ou_reporter', text }) as {
    schema: string;
    header: Record<string, unknown>;
    event: Record<string, unknown>;
  };

/** The event as the SDK hands it to a handler (RequestHandle.parse of a v2 envelope). */
const asHandled = (e: ReturnType<typeof intake>) => ({
  event_type: e.header.event_type,
  schema: e.schema,
  ...e.header,
  ...e.event,
});

async function tickets() {
  const ws = await h.app.runtime.workspaces.resolve('feishu', TENANT);
  return h.app.services.tickets.list(ws.id, 'all', 'x', 50);
}

const pending = () => createRepositories(h.app.database.db).deliveries.pending('feishu');
const replies = () => h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages\/om_dur\w*\/reply$/);

describe('feishu durable acks', () => {
  it('journals each event until it is handled; a redelivery still makes one ticket', async () => {
    const e = intake('打印机着火了', 'om_dur1');
    await Promise.all([h.send(e), h.send(e)]);
    await h.settle();
    expect(await tickets()).toHaveLength(1);
    expect(await pending()).toEqual([]);
  });

  it('replays what a stopped process left once its lease runs out, and only what is missing', async () => {
    const e = intake('VPN 每小时断一次', 'om_dur2');
    const key = `im.message.receive_v1:${String(e.header.event_id)}`;
    const dead = createDeliveryJournal({
      repos: h.app.runtime.repos,
      clock: systemClock,
      logger: silentLogger,
      platform: 'feishu',
      options: { leaseMs: 1_000 },
    });
    expect(await dead.accept(key, { type: 'im.message.receive_v1', data: asHandled(e) })).toBe(true);
    await new Promise((r) => setTimeout(r, 1_100));
    await h.platform.sweep();
    await h.settle();
    expect((await tickets()).map((t) => t.title)).toEqual(['VPN 每小时断一次']);
    const answered = replies().length;
    expect(answered).toBeGreaterThanOrEqual(1);
    expect(await pending()).toEqual([]);

    // A process that died after its unit of work committed, before its messages went out: they
    // wait in the outbox, leased to it, and go out once its lease has run out.
    const [made] = await tickets();
    if (!made) throw new Error('no ticket');
    await h.app.database.db.execute(sql`
      update outbox set status = 'pending', sent_at = null, claimed_by = 'dead:1',
        claimed_until = now() - interval '1 second' where subject = ${`ticket:${made.id}`}`);
    await h.app.database.db.execute(sql`delete from live_messages where subject = ${`ticket:${made.id}`}`);
    const replay = async () => {
      expect(await dead.accept(key, { type: 'im.message.receive_v1', data: asHandled(e) })).toBe(true);
      await new Promise((r) => setTimeout(r, 1_100));
      await h.platform.sweep();
      await h.settle();
    };
    await h.app.deliverer.sweep();
    await h.settle();
    expect(await tickets()).toHaveLength(1);
    expect(replies().length).toBe(2 * answered); // the card and its note, once more
    expect(await cardOf(h.app, made.id)).toBeTruthy();

    // Left unfinished after everything was done: the replay finds nothing missing.
    await replay();
    expect(await tickets()).toHaveLength(1);
    expect(replies().length).toBe(2 * answered);
    expect(await pending()).toEqual([]);
  });
});
