/**
 * FEISHU_MODE=ws: the SDK's long connection replaces the HTTP route, and both transports share
 * every handler. The WSClient is started with the platform's one EventDispatcher, and feeding a
 * payload to that dispatcher exactly as the WSClient does (`invoke(data, {needCheck: false})`)
 * gives the same normalized event, the same toast and the same single ticket as HTTP.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { IncomingEvent } from '../../src/core/events.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import { type FeishuHarness, startFeishuApp } from '../helpers/fake-feishu.ts';
import { cardActionEvent, messageEvent, TENANT } from '../helpers/feishu-sign.ts';

let database: Database;

beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());
beforeEach(() => resetDatabase(database));

async function tickets(h: FeishuHarness) {
  const ws = await h.app.runtime.workspaces.resolve('feishu', TENANT);
  return h.app.services.tickets.list(ws.id, 'all', 'x', 100);
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('long-connection mode', () => {
  let h: FeishuHarness;
  beforeAll(async () => {
    h = await startFeishuApp(database, {
      env: { mode: 'ws' },
      config: { intake: [{ channel: 'oc_support' }] },
    });
  });
  afterAll(() => h.stop());

  it('starts the WSClient with the shared dispatcher and mounts no HTTP route', async () => {
    const ws = h.platform.wsClient as unknown as { eventDispatcher: unknown } | undefined;
    expect(ws?.eventDispatcher).toBe(h.platform.eventDispatcher);
    await until(() => h.fake.callsTo(/^POST \/callback\/ws\/endpoint$/).length > 0);
    const [endpoint] = h.fake.callsTo(/^POST \/callback\/ws\/endpoint$/);
    expect(endpoint?.body).toMatchObject({ AppID: h.env.appId, AppSecret: h.env.appSecret });
    expect(
      (await h.send(messageEvent({ chatId: 'oc_support', chatType: 'group', senderId: 'ou_a', text: 'x' })))
        .status,
    ).toBe(404);
  });

  it('an event arriving over the connection makes the ticket and its threaded card', async () => {
    const payload = messageEvent({
      messageId: 'om_ws',
      chatId: 'oc_support',
      chatType: 'group',
      senderId: 'ou_a',
      text: '扫码登录失败',
    });
    expect(await h.platform.eventDispatcher.invoke(payload, { needCheck: false })).toBeUndefined();
    await h.settle();
    expect((await tickets(h)).map((t) => t.title)).toEqual(['扫码登录失败']);
    expect(h.fake.callsTo(/\/om_ws\/reply$/).map((c) => c.body.msg_type)).toEqual(['interactive', 'post']);
  });
});

describe('HTTP and the long connection share one normalize + dispatch path', () => {
  const seen: IncomingEvent[] = [];
  let h: FeishuHarness;
  beforeAll(async () => {
    h = await startFeishuApp(database, {
      config: { intake: [{ channel: 'oc_support' }] },
      options: { observe: (e) => seen.push(e) },
    });
  });
  afterAll(() => h.stop());

  it('the same payload gives the same event either way, and one ticket', async () => {
    const payload = messageEvent({
      eventId: 'ev_both',
      chatId: 'oc_support',
      chatType: 'group',
      senderId: 'ou_a',
      text: '页面 502',
    });
    await h.send(payload);
    await h.settle();
    await h.platform.eventDispatcher.invoke(JSON.parse(JSON.stringify(payload)), { needCheck: false });
    await h.settle();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]).toMatchObject({
      kind: 'message',
      eventId: 'ev_both',
      workspaceId: TENANT,
      channelId: 'oc_support',
    });
    expect(await tickets(h)).toHaveLength(1);
  });

  it('a card click gives the same toast over HTTP and over the connection', async () => {
    const click = cardActionEvent({
      userId: 'ou_a',
      chatId: 'oc_support',
      messageId: 'om_card',
      value: { actionId: 'ticket.ack', value: '9' },
    });
    const overHttp = await h.send(click);
    await h.settle();
    const overWs = await h.platform.eventDispatcher.invoke(JSON.parse(JSON.stringify(click)), {
      needCheck: false,
    });
    expect(overHttp.body).toEqual(overWs);
    await h.settle();
    const actions = seen.filter((e) => e.kind === 'action');
    expect(actions).toHaveLength(2);
    expect(actions[1]).toEqual(actions[0]);
  });
});
