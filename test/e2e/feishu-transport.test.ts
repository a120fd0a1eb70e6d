/**
 * POST /feishu/events as the open platform drives it: the URL-verification challenge, encrypted
 * and signed deliveries, and everything that must be refused without changing anything (bad
 * signature, tampered body, stale timestamp, wrong token, garbage). A redelivered event makes
 * one ticket, and the answer never waits for the work.
 */
import { describe, expect, it } from 'vitest';
import { BOT_OPEN_ID, useFeishuApp } from '../helpers/fake-feishu.ts';
import { ENCRYPT_KEY, encryptFor, messageEvent, TENANT, VERIFICATION_TOKEN } from '../helpers/feishu-sign.ts';

const h = useFeishuApp({ config: { intake: [{ channel: 'oc_support', team: 'support' }] } });

const intake = (eventId: string, text = '支付页面一直转圈，无法下单') =>
  messageEvent({ eventId, chatId: 'oc_support', chatType: 'group', senderId: 'ou_ann', text });

async function ticketCount(): Promise<number> {
  const ws = await h.app.runtime.workspaces.resolve('feishu', TENANT);
  return (await h.app.services.tickets.list(ws.id, 'all', 'ou_ann', 100)).length;
}

describe('POST /feishu/events: URL verification', () => {
  it('answers an encrypted challenge', async () => {
    const res = await h.send({ type: 'url_verification', challenge: 'c-123', token: VERIFICATION_TOKEN });
    expect(res).toEqual({ status: 200, body: { challenge: 'c-123' } });
  });

  it('answers a plain challenge, but not one with the wrong token', async () => {
    const plain = { type: 'url_verification', challenge: 'c-9', token: VERIFICATION_TOKEN };
    expect((await h.send(plain, { encryptKey: null })).body).toEqual({ challenge: 'c-9' });
    const wrong = await h.send({ ...plain, token: 'nope' }, { encryptKey: null });
    expect(wrong.status).toBe(401);
    expect(wrong.body).not.toHaveProperty('challenge');
  });
});

describe('POST /feishu/events: authentication', () => {
  it('accepts an encrypted, signed event and answers before the work is done', async () => {
    const release = h.fake.hold(/\/reply$/);
    const res = await h.send(intake('ev_ok'));
    expect(res).toEqual({ status: 200, body: {} });
    // The answer is out although the ticket card cannot have been posted yet (its reply is held).
    release();
    await h.settle();
    expect(await ticketCount()).toBe(1);
    expect(h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages\/om_.+\/reply$/).length).toBe(2);
  });

  it('refuses a bad signature, a tampered body, a stale or future timestamp: nothing changes', async () => {
    const refused = [
      await h.send(intake('ev_sig'), { signature: 'f'.repeat(64) }),
      await h.send(intake('ev_tamper'), {
        tamper: () =>
          JSON.stringify({ encrypt: encryptFor(ENCRYPT_KEY, JSON.stringify(intake('ev_tamper2'))) }),
      }),
      await h.send(intake('ev_old'), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }),
      await h.send(intake('ev_future'), { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }),
      await h.send(intake('ev_plain'), { encryptKey: null }),
      await h.send(intake('ev_otherkey'), { encryptKey: 'someone-elses-key' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 400]);
    await h.settle();
    expect(await ticketCount()).toBe(0);
    expect(h.fake.calls).toEqual([]);
  });

  it('refuses a signed delivery whose verification token is wrong', async () => {
    const event = intake('ev_token') as { header: Record<string, unknown> };
    event.header.token = 'forged';
    expect((await h.send(event)).status).toBe(401);
    await h.settle();
    expect(await ticketCount()).toBe(0);
  });

  it('answers 400 to garbage and unknown event types with {}', async () => {
    const res = await fetch(`${h.url}/feishu/events`, { method: 'POST', body: 'not json' });
    expect(res.status).toBe(400);
    const other = await h.send({
      schema: '2.0',
      header: {
        event_id: 'ev_x',
        event_type: 'im.chat.updated_v1',
        token: VERIFICATION_TOKEN,
        tenant_key: TENANT,
      },
      event: {},
    });
    expect(other).toEqual({ status: 200, body: {} });
  });
});

describe('idempotency and self-messages', () => {
  it('the same event delivered three times (twice at once) makes one ticket and one card', async () => {
    const event = intake('ev_dup');
    const answers = await Promise.all([h.send(event), h.send(event)]);
    answers.push(await h.send(event));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await h.settle();
    expect(await ticketCount()).toBe(1);
    const cards = h.fake.callsTo(/\/reply$/).filter((c) => c.body.msg_type === 'interactive');
    expect(cards).toHaveLength(1);
  });

  it('ignores messages the bot (or any app) sent', async () => {
    await h.send(
      messageEvent({
        eventId: 'ev_self',
        chatId: 'oc_support',
        chatType: 'group',
        senderId: BOT_OPEN_ID,
        text: 'x',
      }),
    );
    await h.send(
      messageEvent({
        eventId: 'ev_app',
        chatId: 'oc_support',
        chatType: 'group',
        senderId: 'ou_other_app',
        senderType: 'app',
        text: '#1 已创建',
      }),
    );
    await h.settle();
    expect(await ticketCount()).toBe(0);
  });
});
