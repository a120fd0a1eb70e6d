/**
 * Card callbacks and the outgoing side: a click (card.action.trigger) is answered with a toast
 * at once, then the ticket changes, the card is patched in place and a note goes to the thread.
 * Resolve collects its note through the card's form; the priority select works; a redelivered
 * click does nothing twice. The Messenger pings with 加急, retries 429/5xx and expired tokens,
 * falls back to a direct message where an ephemeral card is refused, and never mixes tokens
 * between two apps.
 */
import { describe, expect, it } from 'vitest';
import { contentOf, startFeishuApp, useFeishuApp } from '../helpers/fake-feishu.ts';
import { cardActionEvent, messageEvent, TENANT } from '../helpers/feishu-sign.ts';
import { cardOf } from '../helpers/recording.ts';

const h = useFeishuApp({ config: { intake: [{ channel: 'oc_support', team: 'support' }] } });

async function ticket(n = 1) {
  const ws = await h.app.runtime.workspaces.resolve('feishu', TENANT);
  return h.app.services.tickets.get(ws.id, n);
}

/** An intake ticket (#1) with its card; returns the card's message id. */
async function openTicket(text = '登录后页面空白'): Promise<string> {
  await h.send(
    messageEvent({ messageId: 'om_src', chatId: 'oc_support', chatType: 'group', senderId: 'ou_rep', text }),
  );
  await h.settle();
  h.fake.calls.length = 0;
  return (await cardOf(h.app, (await ticket()).ticket.id))?.messageId ?? '';
}

function click(
  cardId: string,
  value: Record<string, unknown>,
  extra: Partial<Parameters<typeof cardActionEvent>[0]> = {},
) {
  return cardActionEvent({ userId: 'ou_agent', chatId: 'oc_support', messageId: cardId, value, ...extra });
}

const lastCard = () =>
  contentOf(h.fake.callsTo(/^PATCH \/open-apis\/im\/v1\/messages\/om_bot_\d+$/).at(-1)) as {
    header: { template: string };
    elements: { tag: string; actions?: { value?: { actionId: string } }[] }[];
  };

describe('card buttons', () => {
  it('a click answers with a toast, then patches the card and notes it in the thread', async () => {
    const cardId = await openTicket();
    const res = await h.send(click(cardId, { actionId: 'ticket.ack', value: '1' }));
    expect(res).toEqual({ status: 200, body: { toast: { type: 'info', content: '已收到，正在更新卡片…' } } });
    await h.settle();
    expect((await ticket()).ticket.status).toBe('acknowledged');
    expect(h.fake.callsTo(/^PATCH /).map((c) => c.path)).toEqual([`/open-apis/im/v1/messages/${cardId}`]);
    const buttons = lastCard()
      .elements.flatMap((e) => e.actions ?? [])
      .map((a) => a.value?.actionId);
    expect(buttons).not.toContain('ticket.ack');
    const [note] = h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages\/om_src\/reply$/);
    expect(note?.body.reply_in_thread).toBe(true);
    const paragraphs = (contentOf(note).zh_cn as { content: unknown[][] }).content;
    expect(paragraphs).toEqual([
      [
        { tag: 'text', text: '#1 已由 ' },
        { tag: 'at', user_id: 'ou_agent' },
        { tag: 'text', text: ' 确认。' },
      ],
    ]);
  });

  it('a redelivered click does nothing twice; a second real click gets an ephemeral error', async () => {
    const cardId = await openTicket();
    const first = click(cardId, { actionId: 'ticket.ack', value: '1' }, { eventId: 'ev_click' });
    await Promise.all([h.send(first), h.send(first)]);
    await h.send(first);
    await h.settle();
    expect(h.fake.callsTo(/^PATCH /)).toHaveLength(1);
    expect(h.fake.callsTo(/ephemeral/)).toEqual([]);
    await h.send(click(cardId, { actionId: 'ticket.ack', value: '1' }, { userId: 'ou_bob' }));
    await h.settle();
    const [eph] = h.fake.callsTo(/^POST \/open-apis\/ephemeral\/v1\/send$/);
    expect(eph?.body).toMatchObject({ chat_id: 'oc_support', open_id: 'ou_bob' });
    expect(JSON.stringify(eph?.body.card)).toContain('工单 #1 已被确认。');
  });

  it('Resolve submits the note typed in the card form', async () => {
    const cardId = await openTicket();
    await h.send(
      click(cardId, { actionId: 'ticket.resolve', value: '1' }, { formValue: { note: '  已回滚配置  ' } }),
    );
    await h.settle();
    const { ticket: t } = await ticket();
    expect(t).toMatchObject({ status: 'resolved', resolutionNote: '已回滚配置' });
    const card = lastCard();
    expect(card.header.template).toBe('green');
    expect(JSON.stringify(card)).toContain('已回滚配置');
    const ids = card.elements.flatMap((e) => e.actions ?? []).map((a) => a.value?.actionId);
    expect(ids).toEqual(['ticket.reopen']);
    expect(card.elements.some((e) => e.tag === 'form')).toBe(false);
  });

  it('the priority select changes the priority (and the header colour)', async () => {
    const cardId = await openTicket();
    await h.send(click(cardId, { actionId: 'ticket.priority' }, { option: '1:P0' }));
    await h.settle();
    expect((await ticket()).ticket.priority).toBe('P0');
    expect(lastCard().header.template).toBe('red');
  });

  it('a click on something that is not a sopbot button gets a warning toast and changes nothing', async () => {
    const cardId = await openTicket();
    const res = await h.send(click(cardId, { foo: 'bar' }));
    expect(res.body).toEqual({ toast: { type: 'warning', content: '该按钮已失效。' } });
    await h.settle();
    expect(h.fake.calls.filter((c) => c.path.startsWith('/open-apis/im/'))).toEqual([]);
  });
});

describe('the Feishu Messenger', () => {
  it('direct(…, urgency) sends a DM and 加急; sms/phone fall back to in-app unless allowed', async () => {
    const m = h.platform.messenger;
    const ref = await m.direct('ou_oncall', { text: 'P0 #7 等待响应' }, 'app');
    await m.direct('ou_oncall', { text: 'P0 #7 已超时' }, 'phone');
    await m.direct('ou_oncall', { text: '普通提醒' });
    expect(ref).toEqual({ channelId: 'oc_dm_ou_oncall', messageId: expect.stringMatching(/^om_bot_/) });
    const sends = h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/);
    expect(sends.map((c) => [c.query.receive_id_type, c.body.receive_id])).toEqual([
      ['open_id', 'ou_oncall'],
      ['open_id', 'ou_oncall'],
      ['open_id', 'ou_oncall'],
    ]);
    const urgent = h.fake.callsTo(/\/urgent_/);
    expect(urgent.map((c) => [c.path.split('/').pop(), c.query.user_id_type, c.body.user_id_list])).toEqual([
      ['urgent_app', 'open_id', ['ou_oncall']],
      ['urgent_app', 'open_id', ['ou_oncall']],
    ]);
  });

  it('uses SMS / phone 加急 when the app allows them', async () => {
    const other = await startFeishuApp(h.app.database, { options: { urgent: ['app', 'phone'] } });
    try {
      await other.platform.messenger.direct('ou_oncall', { text: 'P0 #9 已超时' }, 'phone');
      await other.platform.messenger.direct('ou_oncall', { text: 'P0 #9 已超时' }, 'sms');
      expect(other.fake.callsTo(/\/urgent_/).map((c) => c.path.split('/').pop())).toEqual([
        'urgent_phone',
        'urgent_app',
      ]);
    } finally {
      await other.stop();
    }
  });

  it('retries 429 (and rate-limit codes), 5xx and an expired token, and loses nothing', async () => {
    h.fake.failNext(
      /\/om_src\/reply$/,
      { status: 429, code: 99991400, resetSeconds: 0 },
      { status: 200, code: 230020 },
      { status: 502 },
    );
    h.fake.failNext(/\/om_src\/reply$/, { status: 401, code: 99991663 });
    await openTicketKeepingCalls();
    const replies = h.fake.callsTo(/\/om_src\/reply$/);
    expect(replies).toHaveLength(6);
    expect(new Set(replies.slice(0, 5).map((c) => c.body.uuid)).size).toBe(1);
    // After the 401 "invalid tenant token" the client fetched a new token before its retry.
    const calls = h.fake.calls;
    const rejected = calls.indexOf(replies[3] as (typeof calls)[number]);
    expect(
      calls.slice(rejected + 1, calls.indexOf(replies[4] as (typeof calls)[number])).map((c) => c.path),
    ).toEqual(['/open-apis/auth/v3/tenant_access_token/internal']);
    expect((await cardOf(h.app, (await ticket()).ticket.id))?.messageId).toMatch(/^om_bot_/);
  });

  it('an ephemeral card Feishu refuses becomes a direct message', async () => {
    h.fake.failNext(/ephemeral/, { status: 400, code: 230002 });
    await h.platform.messenger.ephemeral({ channelId: 'oc_topic' }, 'ou_ann', { text: '仅你可见' });
    const [dm] = h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/);
    expect(dm?.query.receive_id_type).toBe('open_id');
    expect(JSON.stringify(contentOf(dm))).toContain('仅你可见');
  });

  it('gives up on a permanent error instead of retrying it', async () => {
    h.fake.failNext(/^PATCH /, { status: 400, code: 230001 });
    await expect(
      h.platform.messenger.update(
        { channelId: 'oc_x', messageId: 'om_missing' },
        { text: 'x', card: { title: 't' } },
      ),
    ).rejects.toThrow(/230001/);
    expect(h.fake.callsTo(/^PATCH /)).toHaveLength(1);
  });

  it('two apps against two open platforms never share a tenant token', async () => {
    const other = await startFeishuApp(h.app.database);
    try {
      await Promise.all([
        h.platform.messenger.post({ channelId: 'oc_a' }, { text: 'a' }),
        other.platform.messenger.post({ channelId: 'oc_b' }, { text: 'b' }),
      ]);
      const mine = h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/);
      const theirs = other.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/);
      expect(mine.map((c) => c.auth)).toEqual([`Bearer ${h.fake.token}`]);
      expect(theirs.map((c) => c.auth)).toEqual([`Bearer ${other.fake.token}`]);
    } finally {
      await other.stop();
    }
  });
});

async function openTicketKeepingCalls(): Promise<void> {
  await h.send(
    messageEvent({
      messageId: 'om_src',
      chatId: 'oc_support',
      chatType: 'group',
      senderId: 'ou_rep',
      text: '订单导出失败',
    }),
  );
  await h.settle();
}
