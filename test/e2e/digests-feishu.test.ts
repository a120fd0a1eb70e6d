/**
 * Digests through Feishu (encrypted, signed callbacks; the fake open platform), in a Chinese
 * workspace: the weekly cron slot fires on a ManualClock and the digest goes once to the team chat
 * and once to the manager, every chart uploaded to im/v1/images and shown by an `img` element with
 * its image_key, every label in Chinese; `/报表 周报` answers the caller, `here` posts in the group;
 * `/报表 年报` and an unknown team get the error with the usage, in Chinese.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { BOT_OPEN_ID, contentOf, type FakeCall, useFeishuApp } from '../helpers/fake-feishu.ts';
import { messageEvent } from '../helpers/feishu-sign.ts';

type Json = Record<string, unknown>;
/** Wednesday 2026-03-04 10:00 in Shanghai; the Monday 2026-03-09 09:00 digest covers that week. */
const WED = Date.parse('2026-03-04T10:00:00+08:00');
const SLOT = Date.parse('2026-03-09T09:00:00+08:00');

const config = {
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
  intake: [{ channel: 'oc_support', team: 'support' }],
  teams: {
    support: {
      channel: 'oc_support_team',
      managers: ['ou_boss'],
      tiers: [{ name: 'L1', rotation: { members: ['ou_ann'] } }],
    },
  },
  digests: { daily: false, monthly: false },
  tickets: { csatAfter: false },
};

const clock = new ManualClock(WED);
const h = useFeishuApp({ config, clock });
beforeEach(() => {
  clock.set(WED);
  h.fake.images.length = 0;
});

const bot = { key: '@_user_1', openId: BOT_OPEN_ID, name: 'sopbot' };
const dm = (text: string) => messageEvent({ chatId: 'oc_dm_rep', chatType: 'p2p', senderId: 'ou_rep', text });
const inGroup = (text: string) =>
  messageEvent({ chatId: 'oc_support', chatType: 'group', senderId: 'ou_ann', text, mentions: [bot] });

async function run(...events: object[]): Promise<void> {
  for (const e of events) {
    expect((await h.send(e)).status).toBe(200);
    await h.settle();
  }
}

const sends = () => h.fake.callsTo(/^POST \/open-apis\/(im\/v1\/messages|ephemeral\/v1\/send)$/);
const cardOf = (c: FakeCall) => (c.body.card as Json | undefined) ?? contentOf(c);
const digestsIn = (calls: FakeCall[]) =>
  calls.filter((c) => JSON.stringify(cardOf(c)).includes('support 团队周报'));
const imgs = (card: Json) => ((card.elements ?? []) as Json[]).filter((e) => e.tag === 'img');

describe('digests on Feishu', () => {
  it('the weekly slot sends once to the team chat and the manager, charts as image_keys, in Chinese', async () => {
    await h.app.scheduler.runStartHooks();
    await run(dm('/工单 new P1 支付页面报错'));
    clock.set(SLOT);
    await h.app.tick();
    await h.settle();

    const digests = digestsIn(sends());
    expect(digests.map((c) => [c.query.receive_id_type, c.body.receive_id]).sort()).toEqual([
      ['chat_id', 'oc_support_team'],
      ['open_id', 'ou_boss'],
    ]);
    expect(h.fake.images).toHaveLength(8);
    expect(h.fake.images.every((i) => i.imageType === 'message' && i.bytes.length > 1000)).toBe(true);
    const keys = new Set(h.fake.images.map((i) => i.imageKey));
    for (const call of digests) {
      const card = cardOf(call);
      const pictures = imgs(card);
      expect(pictures).toHaveLength(4);
      for (const img of pictures) expect(keys.has(String(img.img_key))).toBe(true);
      const text = JSON.stringify(card);
      for (const label of [
        '新建',
        '已解决',
        '期末未关闭',
        '升级率',
        '一次性问题解决率',
        'SLA 达标率',
        '最久未关闭',
      ])
        expect(text).toContain(label);
      expect(text).toContain('2026-03-02 至 2026-03-08（Asia/Shanghai）');
      expect(JSON.stringify(pictures)).toContain('每日新建与解决');
    }
    await h.app.tick();
    await h.settle();
    expect(digestsIn(sends())).toHaveLength(2);
  }, 90_000);

  it('/报表 周报 answers the caller; with the team and here it posts in the group', async () => {
    await run(dm('/工单 new P1 支付页面报错'));
    clock.set(SLOT);
    await run(dm('/报表 周报'));
    const mine = digestsIn(sends());
    expect(mine.map((c) => c.body.receive_id)).toEqual(['oc_dm_rep']);
    expect(imgs(cardOf(mine[0] as FakeCall))).toHaveLength(4);

    await run(inGroup('@_user_1 /report weekly support here'));
    const posted = digestsIn(sends()).slice(1);
    expect(posted.map((c) => [c.query.receive_id_type, c.body.receive_id])).toEqual([
      ['chat_id', 'oc_support'],
    ]);
  }, 90_000);

  it('bad input: the error with the usage, in Chinese, and nothing posted', async () => {
    await run(dm('/报表 年报'), dm('/报表 周报 市场部'));
    const text = sends()
      .map((c) => JSON.stringify(c.body.content ?? c.body.card))
      .join('\n');
    expect(text).toContain('“年报”不是报表类型');
    expect(text).toContain('用法：');
    expect(text).toContain('/报表 日报|周报|月报 [团队] [这里]');
    expect(text).toContain('没有名为“市场部”的团队。现有团队：support');
    expect(digestsIn(sends())).toHaveLength(0);
  });
});
