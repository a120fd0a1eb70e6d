/**
 * Tickets from Feishu group chats: a top-level message in an intake chat is answered in its
 * thread (reply_in_thread) with the ticket card; replies in that thread become comments; the
 * ticket emoji (📌 Pin for the default `ticket`) on any message makes a ticket from it; a
 * recalled source message is mirrored on the card. User text never pings @all or breaks a card.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { contentOf, useFeishuApp } from '../helpers/fake-feishu.ts';
import { messageEvent, reactionEvent, recalledEvent, TENANT } from '../helpers/feishu-sign.ts';
import { cardOf } from '../helpers/recording.ts';

const h = useFeishuApp({ config: { intake: [{ channel: 'oc_support', team: 'support' }] } });

async function deliver(...events: object[]) {
  for (const e of events) {
    expect((await h.send(e)).status).toBe(200);
    await h.settle();
  }
}

async function ticket(n = 1) {
  const ws = await h.app.runtime.workspaces.resolve('feishu', TENANT);
  return h.app.services.tickets.get(ws.id, n);
}

const intake = (text: string, messageId = 'om_intake') =>
  messageEvent({ messageId, chatId: 'oc_support', chatType: 'group', senderId: 'ou_reporter', text });

describe('intake chat messages', () => {
  it('answer in the message thread with the ticket card and a note', async () => {
    await deliver(intake('退款申请一直没有到账，订单 1001'));
    const replies = h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages\/om_intake\/reply$/);
    expect(replies.map((r) => [r.body.msg_type, r.body.reply_in_thread, typeof r.body.uuid])).toEqual([
      ['interactive', true, 'string'],
      ['post', true, 'string'],
    ]);
    const card = contentOf(replies[0]) as { config: object; header: { template: string } };
    expect(card.config).toEqual({ wide_screen_mode: true, update_multi: true });
    expect(JSON.stringify(contentOf(replies[1]))).toContain('已登记为工单 #1（P2，账单问题）');
    const { ticket: t } = await ticket();
    expect(t).toMatchObject({ channelId: 'oc_support', threadId: 'om_intake', reporterId: 'ou_reporter' });
    expect((await cardOf(h.app, t.id))?.messageId).toMatch(/^om_bot_/);
  });

  it('messages in other groups and thread replies outside ticket threads change nothing', async () => {
    await deliver(
      messageEvent({ chatId: 'oc_random', chatType: 'group', senderId: 'ou_x', text: '午饭吃什么' }),
      messageEvent({
        chatId: 'oc_support',
        chatType: 'group',
        senderId: 'ou_x',
        text: '+1',
        rootId: 'om_nope',
      }),
    );
    expect(h.fake.callsTo(/\/open-apis\/im\//)).toEqual([]);
  });

  it('thread replies become comments; the first from someone else is the first response', async () => {
    await deliver(intake('导出报表时报错'));
    const cardId = (await cardOf(h.app, (await ticket()).ticket.id))?.messageId;
    const reply = (senderId: string, text: string) =>
      messageEvent({
        chatId: 'oc_support',
        chatType: 'group',
        senderId,
        text,
        rootId: 'om_intake',
        threadId: 'omt_1',
      });
    await deliver(reply('ou_reporter', '补充：只有 Excel 格式会报错'));
    expect((await ticket()).ticket.firstResponseAt).toBeNull();
    expect(h.fake.callsTo(/^PATCH /)).toEqual([]);
    await deliver(reply('ou_agent', '收到，正在排查'));
    const after = await ticket();
    expect(after.ticket.firstResponseAt).not.toBeNull();
    expect(after.events.map((e) => e.kind)).toEqual(['created', 'commented', 'commented', 'first_response']);
    expect(h.fake.callsTo(/^PATCH /).map((c) => c.path)).toEqual([`/open-apis/im/v1/messages/${cardId}`]);
  });

  it('a recalled source message is noted on the ticket and in its thread', async () => {
    await deliver(intake('数据库连接超时'), recalledEvent({ messageId: 'om_intake', chatId: 'oc_support' }));
    const { events } = await ticket();
    expect(events.map((e) => e.kind)).toContain('source_deleted');
    const notes = h.fake.callsTo(/\/om_intake\/reply$/).map((c) => JSON.stringify(contentOf(c)));
    expect(notes.at(-1)).toContain('原始消息已被删除。');
    expect(h.fake.callsTo(/^PATCH /)).toHaveLength(1);
  });

  it('user text cannot ping @all or break the card', async () => {
    await deliver(intake('**紧急** <at user_id="all"></at> <at id=all></at> @_all [点我](http://evil) `x`'));
    const raw = h.fake.callsTo(/\/reply$/).map((c) => String(c.body.content));
    const card = JSON.parse(raw[0] ?? '{}') as { header: { title: object }; elements: object[] };
    // The title is plain_text, which Feishu never parses; every markdown part escapes the text.
    expect(card.header.title).toEqual({
      tag: 'plain_text',
      content: expect.stringContaining('<at user_id="all">'),
    });
    const markdown = JSON.stringify(card.elements);
    expect(markdown).not.toMatch(/<at (user_)?id=\\?"?all/);
    expect(markdown).not.toContain('[点我](http://evil)');
    expect(markdown).not.toContain('**紧急**');
    const post = JSON.parse(raw[1] ?? '{}') as { zh_cn: { content: { tag: string; user_id?: string }[][] } };
    expect(post.zh_cn.content.flat().filter((e) => e.tag === 'at')).toEqual([]);
    expect((await ticket()).ticket.title).toContain('@all');
  });
});

describe('the ticket reaction', () => {
  beforeEach(() => {
    h.fake.addMessage({
      messageId: 'om_q',
      chatId: 'oc_team',
      senderId: 'ou_customer',
      text: '发票金额和订单不一致',
    });
  });

  it('📌 on any message fetches it and makes a ticket answered in its thread', async () => {
    await deliver(reactionEvent({ messageId: 'om_q', userId: 'ou_agent', emoji: 'Pin' }));
    expect(h.fake.callsTo(/^GET \/open-apis\/im\/v1\/messages\/om_q$/)).toHaveLength(1);
    const { ticket: t } = await ticket();
    expect(t).toMatchObject({ title: '发票金额和订单不一致', reporterId: 'ou_customer', source: 'reaction' });
    const [card] = h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages\/om_q\/reply$/);
    expect(card?.body).toMatchObject({ msg_type: 'interactive', reply_in_thread: true });
  });

  it('other emoji and reactions by apps do nothing and fetch nothing', async () => {
    await deliver(
      reactionEvent({ messageId: 'om_q', userId: 'ou_agent', emoji: 'THUMBSUP' }),
      reactionEvent({ messageId: 'om_q', userId: 'ou_app', emoji: 'Pin', operatorType: 'app' }),
    );
    expect(h.fake.calls.filter((c) => c.path.startsWith('/open-apis/im/'))).toEqual([]);
  });

  it('a second 📌 says it is already a ticket, to the reactor only', async () => {
    await deliver(
      reactionEvent({ messageId: 'om_q', userId: 'ou_agent', emoji: 'Pin' }),
      reactionEvent({ messageId: 'om_q', userId: 'ou_bob', emoji: 'Pin' }),
    );
    const [eph] = h.fake.callsTo(/^POST \/open-apis\/ephemeral\/v1\/send$/);
    expect(eph?.body).toMatchObject({ chat_id: 'oc_team', open_id: 'ou_bob' });
    expect(JSON.stringify(eph?.body.card)).toContain('该消息已登记为工单 #1');
  });
});
