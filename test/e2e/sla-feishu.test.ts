/**
 * The SLA scenario through the Feishu platform: signed, encrypted event deliveries on
 * POST /feishu/events, a local fake of the open platform recording what the bot sends. A P0
 * ticket from an intake group gets the L1 notice in its thread, countdown edits, a warning, an
 * escalation page to the L2 on-call as a direct message with 加急 (phone, as `sla.urgentP0`
 * allows), and the breach notice in the thread and the team chat; acknowledging stops the chain.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { mountFeishu } from '../../src/platforms/feishu/feishu.platform.ts';
import { createTestApp } from '../helpers/app.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import {
  BOT_OPEN_ID,
  contentOf,
  type FakeCall,
  type FakeFeishu,
  startFakeFeishu,
} from '../helpers/fake-feishu.ts';
import {
  APP_ID,
  ENCRYPT_KEY,
  messageEvent,
  postEvent,
  TENANT,
  VERIFICATION_TOKEN,
} from '../helpers/feishu-sign.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');

const config = {
  timezone: 'Asia/Shanghai',
  intake: [{ channel: 'oc_support', team: 'support' }],
  priorities: { P0: { firstResponse: '4s', resolve: '20s', escalateAfter: '3s', calendar: '24x7' } },
  tickets: { defaultPriority: 'P0' },
  teams: {
    support: {
      channel: 'oc_team',
      managers: ['ou_boss'],
      tiers: [
        { name: 'L1', rotation: { members: ['ou_ann'] } },
        { name: 'L2', rotation: { members: ['ou_bob'] } },
      ],
    },
  },
  sla: { countdownEvery: '1s', repingAfter: '2s', maxRepings: 1, urgentP0: 'phone' },
};

let database: Database;
let fake: FakeFeishu;
let app: App;
let url: string;
let platform: ReturnType<typeof mountFeishu>;
const clock = new ManualClock(T0);

beforeAll(async () => {
  database = await testDatabase();
  fake = await startFakeFeishu();
  const feishu = {
    appId: APP_ID,
    appSecret: 'test-app-secret',
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    domain: fake.url,
    mode: 'http' as const,
  };
  app = await createTestApp(database, { config, env: { feishu }, clock });
  platform = mountFeishu(app, {
    urgent: ['app', app.config.sla.urgentP0],
    retry: { baseMs: 1, maxMs: 5 },
    rateIntervalMs: 0,
  });
  app.messengers.set('feishu', platform.messenger);
  url = `http://127.0.0.1:${await app.http.listen(0, '127.0.0.1')}`;
});
afterAll(async () => {
  await platform.stop();
  await app.stop();
  await fake.close();
  await database.close();
});
beforeEach(async () => {
  await platform.idle();
  await resetDatabase(database);
  fake.calls.length = 0;
  clock.set(T0);
});

async function deliver(event: object): Promise<void> {
  expect((await postEvent(url, event)).status).toBe(200);
  await platform.idle();
}

/** Moves the clock to T0 + `ms`, fires what is due, and returns the open-platform calls meanwhile. */
async function at(ms: number): Promise<FakeCall[]> {
  const before = fake.calls.length;
  clock.set(T0 + ms);
  await app.tick();
  await platform.idle();
  return fake.calls.slice(before);
}

/** Visible text of a send, reply or card patch. */
function textOf(call: FakeCall): string {
  const c = contentOf(call) as { zh_cn?: { content: { text?: string; user_id?: string }[][] } };
  if (c.zh_cn) return c.zh_cn.content.map((p) => p.map((e) => e.text ?? `@${e.user_id}`).join('')).join('\n');
  return JSON.stringify(c).replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
}

const said = (calls: FakeCall[], pattern: RegExp) =>
  calls
    .filter((c) => pattern.test(`${c.method} ${c.path}`))
    .map(textOf)
    .join('\n');

describe('SLA clock, countdown, escalation and breach (Feishu)', () => {
  it('notifies L1, counts down, pages L2 with 加急, breaches to the team chat; ack stops the chain', async () => {
    await deliver(
      messageEvent({
        chatId: 'oc_support',
        chatType: 'group',
        senderId: 'ou_rep',
        messageId: 'om_src1',
        text: '支付全部失败',
      }),
    );
    const replies = /^POST \/open-apis\/im\/v1\/messages\/om_src1\/reply$/;
    expect(said(fake.calls, replies)).toContain('首次响应剩余 4秒');

    expect(said(await at(0), replies)).toContain('@ou_ann：L1 值班有新工单 #1（P0 · 支付全部失败），请确认');

    const edit = await at(1000);
    expect(said(edit, /^PATCH \/open-apis\/im\/v1\/messages\/om_bot_\d+$/)).toContain('首次响应剩余 3秒');

    expect(said(await at(2000), replies)).toContain('首次响应时限已用 50%');

    const esc = await at(3000);
    expect(said(esc, replies)).toContain('#1 已自动升级 L1 → L2：3秒内无响应。正在呼叫 @ou_bob。');
    const dm = esc.find((c) => c.path === '/open-apis/im/v1/messages' && c.body.receive_id === 'ou_bob');
    expect(dm?.query.receive_id_type).toBe('open_id');
    expect(textOf(dm as FakeCall)).toContain('你是团队 support 的 L2 值班人');
    const urgent = esc.filter((c) => /\/urgent_(app|sms|phone)$/.test(c.path));
    expect(urgent.map((c) => [c.method, c.path.split('/').at(-1), c.body.user_id_list])).toEqual([
      ['PATCH', 'urgent_phone', ['ou_bob']],
    ]);

    const breach = await at(4000);
    expect(said(breach, replies)).toContain('#1 未在时限内完成首次响应');
    expect(
      breach
        .filter((c) => c.path === '/open-apis/im/v1/messages' && c.body.receive_id === 'oc_team')
        .map(textOf)
        .join(),
    ).toContain('SLA 超时：#1 P0 · 支付全部失败');

    await deliver(
      messageEvent({
        chatId: 'oc_support',
        chatType: 'group',
        senderId: 'ou_bob',
        text: '@_user_1 /工单 ack 1',
        mentions: [{ key: '@_user_1', openId: BOT_OPEN_ID, name: 'sopbot' }],
      }),
    );
    const later = await at(12_000);
    expect(later.filter((c) => /urgent_/.test(c.path))).toEqual([]);
    expect(said(later, replies)).not.toContain('升级');
    const ws = await app.runtime.workspaces.resolve('feishu', TENANT);
    const { ticket } = await app.services.tickets.get(ws.id, 1);
    expect(ticket).toMatchObject({ tier: 'L2', status: 'acknowledged', assigneeId: 'ou_bob' });
  });
});
