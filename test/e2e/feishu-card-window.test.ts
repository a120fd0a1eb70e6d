/**
 * Feishu edits a message for 14 days only. A ticket open longer than that keeps a live card all
 * the same: the first change past the window posts the card afresh in the ticket's thread (no
 * PATCH Feishu would refuse), and the changes after it patch that new card. The old card's
 * buttons still act on the ticket. A closed ticket's old card is left as it is.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { contentOf, useFeishuApp } from '../helpers/fake-feishu.ts';
import { cardActionEvent, messageEvent, TENANT } from '../helpers/feishu-sign.ts';
import { cardOf } from '../helpers/recording.ts';

const T0 = '2026-03-02T02:00:00Z';
const DAY = 86_400_000;
const clock = new ManualClock(T0);
const h = useFeishuApp({ clock, config: { intake: [{ channel: 'oc_support', team: 'support' }] } });

beforeEach(() => {
  clock.set(T0);
});

async function ticket() {
  const ws = await h.app.runtime.workspaces.resolve('feishu', TENANT);
  return (await h.app.services.tickets.get(ws.id, 1)).ticket;
}

async function click(cardId: string, value: Record<string, unknown>, option?: string) {
  const res = await h.send(
    cardActionEvent({ userId: 'ou_agent', chatId: 'oc_support', messageId: cardId, value, option }),
  );
  await h.settle();
  return res;
}

const patches = () => h.fake.callsTo(/^PATCH \/open-apis\/im\/v1\/messages\/om_bot_\d+$/).map((c) => c.path);
/** Cards sent as new messages (replies in a thread or posts to a chat). */
const cardPosts = () =>
  h.fake
    .callsTo(/^POST \/open-apis\/im\/v1\/messages(\/[^/]+\/reply)?$/)
    .filter((c) => c.body.msg_type === 'interactive');

describe('a ticket card past Feishu’s 14-day edit window', () => {
  it('is posted afresh in the ticket’s thread on the next change, and that card is patched from then on', async () => {
    await h.send(
      messageEvent({
        messageId: 'om_src',
        chatId: 'oc_support',
        chatType: 'group',
        senderId: 'ou_rep',
        text: '报表导出一直失败',
      }),
    );
    await h.settle();
    const first = await cardOf(h.app, (await ticket()).id);
    expect(first?.messageId).toMatch(/^om_bot_\d+$/);
    const oldCard = first?.messageId ?? '';

    // Within the window a change patches the card in place.
    clock.set(Date.parse(T0) + 13 * DAY);
    h.fake.calls.length = 0;
    await click(oldCard, { actionId: 'ticket.priority' }, '1:P3');
    expect((await ticket()).priority).toBe('P3');
    expect(patches()).toEqual([`/open-apis/im/v1/messages/${oldCard}`]);
    expect(cardPosts()).toEqual([]);

    // 15 days after it was posted: the old card's button still acts, and the card starts again.
    clock.set(Date.parse(T0) + 15 * DAY);
    h.fake.calls.length = 0;
    await click(oldCard, { actionId: 'ticket.ack', value: '1' });
    expect((await ticket()).status).toBe('acknowledged');
    expect(patches()).toEqual([]);
    const [fresh, ...more] = cardPosts();
    expect(more).toEqual([]);
    expect(fresh?.path).toBe(`/open-apis/im/v1/messages/${first?.threadId ?? oldCard}/reply`);
    expect(fresh?.body.reply_in_thread).toBe(true);
    expect(JSON.stringify(contentOf(fresh))).toContain('#1');
    const now = await cardOf(h.app, (await ticket()).id);
    expect(now?.messageId).not.toBe(oldCard);
    expect(now?.postedAt.toISOString()).toBe(new Date(Date.parse(T0) + 15 * DAY).toISOString());
    // The note of the change goes to the same thread as before.
    const notes = h.fake.callsTo(/\/reply$/).filter((c) => c.body.msg_type !== 'interactive');
    expect(notes.map((c) => c.path)).toEqual([
      `/open-apis/im/v1/messages/${first?.threadId ?? oldCard}/reply`,
    ]);

    // The next change patches the new card, not the old one.
    h.fake.calls.length = 0;
    await click(now?.messageId ?? '', { actionId: 'ticket.priority' }, '1:P1');
    expect((await ticket()).priority).toBe('P1');
    expect(patches()).toEqual([`/open-apis/im/v1/messages/${now?.messageId}`]);
    expect(cardPosts()).toEqual([]);

    // Resolved, then closed 30 days after it was opened (past the new card's window too): the
    // closed ticket's card stays as it was, neither patched nor posted again.
    await click(now?.messageId ?? '', { actionId: 'ticket.resolve', value: '1' });
    expect((await ticket()).status).toBe('resolved');
    clock.set(Date.parse(T0) + 30 * DAY);
    await h.app.tick();
    await h.settle();
    h.fake.calls.length = 0;
    await h.send(
      messageEvent({ chatId: 'oc_dm_agent', chatType: 'p2p', senderId: 'ou_agent', text: '/工单 close 1' }),
    );
    await h.app.tick();
    await h.settle();
    expect((await ticket()).status).toBe('closed');
    expect(h.fake.callsTo(/\/reply$/).map((c) => c.body.msg_type)).not.toContain('interactive');
    expect(patches()).toEqual([]);
    expect(cardPosts()).toEqual([]);
    expect((await cardOf(h.app, (await ticket()).id))?.messageId).toBe(now?.messageId);

    // A second delivery that also saw the old card cannot move the live message again.
    const stale = { channelId: 'oc_support', messageId: 'om_copy', threadId: null, postedAt: new Date() };
    const id = (await ticket()).id;
    expect(await h.app.runtime.repos.live.moved(`ticket:${id}`, oldCard, stale)).toBe(false);
    expect((await cardOf(h.app, id))?.messageId).toBe(now?.messageId);
  });
});
