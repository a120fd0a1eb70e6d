/**
 * A release through the Feishu platform: signed, encrypted deliveries on POST /feishu/events
 * (@mentions of the bot carry the commands, card callbacks the clicks), a local fake of the open
 * platform recording what the bot sends, in Chinese. The drill has steps due seconds apart; time
 * is a ManualClock and the scheduler is ticked by hand.
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
  cardActionEvent,
  ENCRYPT_KEY,
  messageEvent,
  postEvent,
  VERIFICATION_TOKEN,
} from '../helpers/feishu-sign.ts';
import { drillFolder } from '../helpers/release-fixtures.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
const config = {
  timezone: 'Asia/Shanghai',
  intake: [{ channel: 'oc_support', team: 'support' }],
  releases: {
    templates: drillFolder({ ann: 'ou_ann', bob: 'ou_bob', approvers: ['ou_lead', 'ou_boss', 'ou_cto'] }),
    remindEvery: '1m',
  },
};
const clock = new ManualClock(T0);

interface Harness {
  app: App;
  fake: FakeFeishu;
  platform: ReturnType<typeof mountFeishu>;
  url: string;
  stop(): Promise<void>;
}

async function harness(database: Database): Promise<Harness> {
  const fake = await startFakeFeishu();
  const feishu = {
    appId: APP_ID,
    appSecret: 'test-app-secret',
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    domain: fake.url,
    mode: 'http' as const,
  };
  const app = await createTestApp(database, { config, env: { feishu }, clock });
  const platform = mountFeishu(app, { retry: { baseMs: 1, maxMs: 5 }, rateIntervalMs: 0 });
  app.messengers.set('feishu', platform.messenger);
  const url = `http://127.0.0.1:${await app.http.listen(0, '127.0.0.1')}`;
  return {
    app,
    fake,
    platform,
    url,
    async stop() {
      await platform.stop();
      await app.stop();
      await fake.close();
    },
  };
}

let database: Database;
let h: Harness;
beforeAll(async () => {
  database = await testDatabase();
  h = await harness(database);
});
afterAll(async () => {
  await h.stop();
  await database.close();
});
beforeEach(async () => {
  await h.platform.idle();
  await resetDatabase(database);
  h.fake.calls.length = 0;
  clock.set(T0);
});

async function delivered(x = h): Promise<void> {
  await x.platform.idle();
  await x.app.deliverer.sweep();
  await x.platform.idle();
}

async function at(ms: number, x = h): Promise<FakeCall[]> {
  const before = x.fake.calls.length;
  clock.set(T0 + ms);
  await x.app.tick();
  await delivered(x);
  return x.fake.calls.slice(before);
}

async function deliver(event: object): Promise<FakeCall[]> {
  const before = h.fake.calls.length;
  expect((await postEvent(h.url, event)).status).toBe(200);
  await delivered();
  return h.fake.calls.slice(before);
}

/** `/发布 …` sent to the bot with an @mention in the ops group. */
const command = (text: string, user: string) =>
  deliver(
    messageEvent({
      chatId: 'oc_ops',
      chatType: 'group',
      senderId: user,
      text: `@_user_1 ${text}`,
      mentions: [{ key: '@_user_1', openId: BOT_OPEN_ID, name: 'sopbot' }],
    }),
  );

const textOf = (call: FakeCall) =>
  JSON.stringify(contentOf(call)).replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));
const sends = (calls: FakeCall[]) =>
  calls.filter((c) => c.method === 'POST' && /\/messages(\/[^/]+\/reply)?$/.test(c.path));
const patches = (calls: FakeCall[], id: string) =>
  calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/messages/${id}`));
const privately = (calls: FakeCall[]) =>
  calls
    .filter((c) => c.path === '/open-apis/ephemeral/v1/send')
    .map((c) => JSON.stringify(c.body))
    .join('\n');

/** A click on the button `actionId` of the card sent by `card`. */
function click(card: FakeCall, actionId: string, user: string): Promise<FakeCall[]> {
  const found = JSON.stringify(contentOf(card)).match(
    new RegExp(`"actionId":"${actionId}","value":"([^"]+)"`),
  );
  if (!found) throw new Error(`no button ${actionId} in ${textOf(card)}`);
  return deliver(
    cardActionEvent({
      userId: user,
      chatId: 'oc_ops',
      messageId: String(card.messageId),
      value: { actionId, value: found[1] },
    }),
  );
}

describe('a release on Feishu', () => {
  it('posts the plan in Chinese, pings, flags overdue, takes Done by button and command, decides the gate', async () => {
    const start = await command('/发布 start drill D1', 'ou_ann');
    const [header, ...steps] = sends(start);
    expect(header?.body.receive_id).toBe('oc_ops');
    expect(textOf(header as FakeCall)).toContain('🚀 D1');
    expect(steps).toHaveLength(5);
    expect(steps.every((s) => s.path === `/open-apis/im/v1/messages/${header?.messageId}/reply`)).toBe(true);
    expect(privately(start)).toContain('已开始 D1（drill）');

    const due = await at(5_000);
    const ping = sends(due).find((c) => c.path.endsWith('/reply'));
    expect(textOf(ping as FakeCall)).toContain('1. 构建发布包 已到期（10:00）');
    expect(
      sends(due).some((c) => c.body.receive_id === 'ou_ann' && textOf(c).includes('构建发布包 已到期')),
    ).toBe(true);
    expect(textOf(patches(due, String(header?.messageId))[0] as FakeCall)).toContain('⚠️ 1 — 1. 构建发布包');

    clock.set(T0 + 6_000);
    const byButton = await click(ping as FakeCall, 'release.done', 'ou_ann');
    expect(textOf(patches(byButton, String(steps[0]?.messageId))[0] as FakeCall)).toContain('✅ 10:00 完成');
    expect(textOf(patches(byButton, String(header?.messageId))[0] as FakeCall)).toContain('已完成 1/5');

    await at(10_000);
    clock.set(T0 + 11_000);
    const byCommand = await command('/发布 done D1 2', 'ou_bob');
    expect(privately(byCommand)).toContain('2. 上传 已完成（D1）');
    expect(textOf(patches(byCommand, String(steps[1]?.messageId))[0] as FakeCall)).toContain('✅ 10:00 完成');
    const gatePing = sends(byCommand).find((c) => textOf(c).includes('关卡 3. 扩大范围？ 已到期'));
    expect(gatePing).toBeDefined();

    clock.set(T0 + 12_000);
    const refused = await click(gatePing as FakeCall, 'release.go', 'ou_ann');
    expect(privately(refused)).toContain('你无权决定 3. 扩大范围？');
    expect(refused.filter((c) => c.method === 'PATCH')).toEqual([]);
    await click(gatePing as FakeCall, 'release.go', 'ou_lead');
    clock.set(T0 + 13_000);
    const decided = await click(gatePing as FakeCall, 'release.go', 'ou_boss');
    expect(sends(decided).map(textOf).join()).toContain('3. 扩大范围？：通过，决定人');
  });

  it('a No-go starts the rollback from its button; a thread reply lands in the log', async () => {
    const start = await command('/发布 start drill D2', 'ou_ann');
    const header = sends(start)[0] as FakeCall;
    await command('/发布 done D2 build', 'ou_ann');
    await command('/发布 done D2 upload', 'ou_bob');
    await deliver(
      messageEvent({
        chatId: 'oc_ops',
        chatType: 'group',
        senderId: 'ou_bob',
        text: '错误率在上升',
        rootId: header.messageId,
      }),
    );
    clock.set(T0 + 2_000);
    const nogo = await command('/发布 nogo D2 widen 错误率 4%', 'ou_cto');
    const offer = sends(nogo).find((c) => textOf(c).includes('release.rollback'));
    expect(textOf(offer as FakeCall)).toContain('启动回滚预案');
    clock.set(T0 + 3_000);
    const started = await click(offer as FakeCall, 'release.rollback', 'ou_cto');
    const child = sends(started).find((c) => c.body.receive_id === 'oc_ops');
    expect(textOf(child as FakeCall)).toContain('🚀 D2-rollback');
    expect(textOf(child as FakeCall)).toContain('D2 的回滚');
    const found = await h.app.services.releases.queries.byName('feishu', null, ['D2']);
    const log = await h.app.services.releases.queries.events(found?.run.id ?? 0);
    expect(log.find((e) => e.kind === 'note')).toMatchObject({
      actorId: 'ou_bob',
      data: { text: '错误率在上升' },
    });
  });

  it('a step that came due while sopbot was down is reminded once, late, after the restart', async () => {
    await command('/发布 start drill D3', 'ou_ann');
    clock.set(T0 + 120_000);
    const restarted = await harness(database);
    try {
      const calls = await at(120_000, restarted);
      const pings = sends(calls).filter((c) => textOf(c).includes('个步骤需要处理'));
      expect(pings).toHaveLength(1);
      expect(textOf(pings[0] as FakeCall)).toContain('晚了 1分钟55秒：到期时 sopbot 未在运行');
      expect(sends(await at(121_000, restarted)).filter((c) => textOf(c).includes('需要处理'))).toEqual([]);
    } finally {
      await restarted.stop();
    }
  });
});
