/**
 * Durable acks on Feishu (`deliveries.durable: true`): events are journaled before the SDK
 * answers, finished when handled, and an event a stopped process left unfinished (a second
 * journal that accepted it and never finished it) is replayed by the sweep once its lease runs
 * out, without doing twice what the first attempt did.
 */
import { describe, expect, it } from 'vitest';
import { createRepositories } from '../../db/repositories/index.ts';
import { useFeishuApp } from '../helpers/fake-feishu.ts';
import { messageEvent, TENANT } from '../helpers/feishu-sign.ts';

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
  const ws = await h.app.services.workspaces.resolve('feishu', TENANT);
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
    const dead = h.app.services.inbox.journal('feishu');
    expect(await dead.accept(key, { type: 'im.message.receive_v1', data: asHandled(e) })).toBe(true);
    await new Promise((r) => setTimeout(r, 1_100));
    await h.platform.sweep();
    await h.settle();
    expect((await tickets()).map((t) => t.title)).toEqual(['VPN 每小时断一次']);
    const answered = replies().length;
    expect(answered).toBeGreaterThanOrEqual(1);
    expect(await pending()).toEqual([]);

    // Left unfinished again: this time the process died after the ticket, before its card.
    const [made] = await tickets();
    if (!made) throw new Error('no ticket');
    await createRepositories(h.app.database.db).tickets.update(made.id, {
      cardChannelId: null,
      cardMessageId: null,
    });
    const replay = async () => {
      expect(await dead.accept(key, { type: 'im.message.receive_v1', data: asHandled(e) })).toBe(true);
      await new Promise((r) => setTimeout(r, 1_100));
      await h.platform.sweep();
      await h.settle();
    };
    await replay();
    expect(await tickets()).toHaveLength(1);
    expect(replies().length).toBe(2 * answered); // the card and its note, once more
    expect((await tickets())[0]?.cardMessageId).toBeTruthy();

    // Left unfinished after everything was done: the replay finds nothing missing.
    await replay();
    expect(await tickets()).toHaveLength(1);
    expect(replies().length).toBe(2 * answered);
    expect(await pending()).toEqual([]);
  });
});
