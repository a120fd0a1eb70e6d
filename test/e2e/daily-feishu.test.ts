/**
 * Daily reports end to end over POST /feishu/events against the fake open platform, in Chinese:
 * each member's prompt is a card holding the form (sent by open_id), a `form_value` callback
 * files the report, the member who did not file is reminded, the compiled report is posted in the
 * team chat at the cutoff and patched in place by a late `/日报 今天计划：…` typed to the bot; the
 * next day the blocker is carried as 第 2 天. A member on a day off is neither prompted nor missing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { reportSubject } from '../../src/domain/daily/index.ts';
import { dailyConfig } from '../helpers/daily-config.ts';
import { contentOf, type FakeCall, useFeishuApp } from '../helpers/fake-feishu.ts';
import { cardActionEvent, messageEvent } from '../helpers/feishu-sign.ts';

const clock = new ManualClock('2026-03-02T00:00:00Z');
const h = useFeishuApp({
  clock,
  config: dailyConfig({
    channel: 'oc_team',
    intake: 'oc_support',
    members: ['ou_ann', 'ou_bob', 'ou_cat'],
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
  }),
});

beforeEach(() => {
  clock.set('2026-03-02T00:00:00Z');
});

/** Moves the clock to a Shanghai wall time of 2026-03-0d and fires what is due. */
async function at(day: number, time: string): Promise<void> {
  clock.set(`2026-03-0${day}T${time}:00+08:00`);
  await h.app.tick();
  await h.settle();
}

const sends = () => h.fake.callsTo(/^POST \/open-apis\/im\/v1\/messages$/);
const direct = (calls: FakeCall[]) =>
  calls.filter((c) => c.query.receive_id_type === 'open_id').map((c) => String(c.body.receive_id));
const toTeam = (calls: FakeCall[]) => calls.filter((c) => c.body.receive_id === 'oc_team');
const cardText = (call: FakeCall | undefined) => JSON.stringify(contentOf(call));

/** Types a line to the bot in the member's direct chat. */
async function say(userId: string, text: string, id: string): Promise<void> {
  await h.send(
    messageEvent({ messageId: id, chatId: `oc_dm_${userId}`, chatType: 'p2p', senderId: userId, text }),
  );
  await h.settle();
}

/** The form session id carried by the submit button of a form card. */
function sessionOf(call: FakeCall): string {
  const form = (
    contentOf(call).elements as { tag: string; elements?: { value?: { formSession?: string } }[] }[]
  ).find((e) => e.tag === 'form');
  const id = form?.elements?.find((e) => e.value?.formSession)?.value?.formSession;
  if (!id) throw new Error(`no form in ${cardText(call)}`);
  return id;
}

describe('daily reports (Feishu)', () => {
  it('prompts with a form card, files its form_value, reminds, compiles, patches in place, carries the blocker', async () => {
    await say('ou_cat', '/日报 off 2026-03-02 年假', 'om_off');
    await h.app.scheduler.runStartHooks();

    await at(2, '09:00');
    const prompts = sends();
    expect(direct(prompts).sort()).toEqual(['ou_ann', 'ou_bob']);
    const annPrompt = prompts.find((c) => c.body.receive_id === 'ou_ann') as FakeCall;
    expect(cardText(annPrompt)).toContain('该写今天的日报了（support，2026-03-02）');
    expect(cardText(annPrompt)).toContain('今天计划');

    const answer = await h.send(
      cardActionEvent({
        userId: 'ou_ann',
        chatId: 'oc_dm_ou_ann',
        messageId: 'om_bot_1',
        value: { formSession: sessionOf(annPrompt) },
        formValue: { done: '登录页', plan: '联调支付', issues: '测试环境不稳定', calls: '120' },
      }),
    );
    expect(answer.status).toBe(200);
    await h.settle();
    expect((await h.app.services.daily.reportOf('support', 'ou_ann', '2026-03-02'))?.values).toMatchObject({
      plan: '联调支付',
      calls: 120,
    });

    const before = sends().length;
    await at(2, '09:05');
    const reminders = sends().slice(before);
    expect(direct(reminders)).toEqual(['ou_bob']);
    expect(cardText(reminders[0])).toContain('提醒：你还没有提交今天的日报');

    await at(2, '09:10');
    const [compiled] = toTeam(sends());
    const card = cardText(compiled);
    expect(card).toContain('support 日报汇总 · 2026-03-02');
    expect(card).toContain('联调支付');
    expect(card).toContain('未提交（1）');
    expect(card).toContain('请假（1）');
    expect(card).toContain('120 calls ✅');
    expect(card).toContain('第 1 天 · B1：测试环境不稳定');
    expect(card).not.toContain('<at id=ou_bob>');

    clock.set('2026-03-02T09:40:00+08:00');
    await say('ou_bob', '/日报 今天计划：发布新版本\n外呼数：80个', 'om_late');
    const patch = h.fake.callsTo(/^PATCH \/open-apis\/im\/v1\/messages\/om_bot_\d+$/).at(-1);
    const live = await h.app.runtime.repos.live.get(reportSubject('feishu', '2026-03-02', 'support'));
    expect(patch?.path).toBe(`/open-apis/im/v1/messages/${live?.messageId}`);
    expect(cardText(patch)).toContain('发布新版本');
    expect(cardText(patch)).toContain('（迟交）');
    expect(cardText(patch)).not.toContain('未提交（1）');

    await at(3, '09:00');
    await at(3, '09:10');
    const tuesday = toTeam(sends()).at(-1);
    expect(cardText(tuesday)).toContain('support 日报汇总 · 2026-03-03');
    expect(cardText(tuesday)).toContain('第 2 天 · B1：测试环境不稳定');
  });

  it('a number field given words is refused naming the field, and nothing is filed', async () => {
    clock.set('2026-03-02T09:01:00+08:00');
    await say('ou_ann', '/日报 外呼数：很多', 'om_many');
    const reply = h.fake.calls
      .filter((c) => c.path.endsWith('/reply') || c.path.endsWith('/messages'))
      .at(-1);
    expect(JSON.stringify(reply?.body)).toContain('“外呼数”需要填数字');
    expect(await h.app.services.daily.reportOf('support', 'ou_ann', '2026-03-02')).toBeUndefined();
  });

  it('销假 after the compiled report: the member is told in Chinese, and the posted report is patched to count them', async () => {
    await say('ou_cat', '/日报 off 2026-03-02 年假', 'om_off2');
    await h.app.scheduler.runStartHooks();
    await at(2, '09:10');
    const compiled = toTeam(sends()).at(-1);
    expect(cardText(compiled)).toContain('请假（1）');

    clock.set('2026-03-02T09:30:00+08:00');
    await say('ou_cat', '/日报 销假', 'om_back');
    const reply = h.fake.calls
      .filter((c) => c.path.endsWith('/reply') || c.path.endsWith('/messages'))
      .at(-1);
    expect(JSON.stringify(reply?.body)).toContain(
      '已销假：2026-03-02（周一），共 1 天。这些日子恢复为日报日。',
    );
    expect(JSON.stringify(reply?.body)).toContain('欢迎回来：今天恢复为日报日，可用 /日报 提交。');
    expect(await h.app.runtime.repos.daily.daysOff(['ou_cat'], '2026-03-01', '2026-03-31')).toEqual([]);
    const live = await h.app.runtime.repos.live.get(reportSubject('feishu', '2026-03-02', 'support'));
    const patch = h.fake.callsTo(/^PATCH \/open-apis\/im\/v1\/messages\/om_bot_\d+$/).at(-1);
    expect(patch?.path).toBe(`/open-apis/im/v1/messages/${live?.messageId}`);
    expect(cardText(patch)).not.toContain('请假（1）');
    expect(cardText(patch)).toContain('未提交（3）');
  });

  it('请假 昨天 the next morning: the posted report of yesterday is patched to show the member off', async () => {
    await h.app.scheduler.runStartHooks();
    await at(2, '09:10');
    expect(cardText(toTeam(sends()).at(-1))).toContain('未提交（3）');
    const live = await h.app.runtime.repos.live.get(reportSubject('feishu', '2026-03-02', 'support'));

    clock.set('2026-03-03T08:00:00+08:00');
    await say('ou_cat', '/日报 请假 昨天 看病', 'om_off_late');
    const reply = h.fake.calls.filter((c) => c.path.endsWith('/messages')).at(-1);
    expect(JSON.stringify(reply?.body)).toContain('已登记请假：2026-03-02（周一），共 1 天。');
    const patch = h.fake.callsTo(/^PATCH \/open-apis\/im\/v1\/messages\/om_bot_\d+$/).at(-1);
    expect(patch?.path).toBe(`/open-apis/im/v1/messages/${live?.messageId}`);
    expect(cardText(patch)).toContain('请假（1）');
    expect(cardText(patch)).toContain('看病');
    expect(cardText(patch)).toContain('未提交（2）');
  });

  it('a day off for a day whose card is past the 14-day edit window of Feishu is saved, and the card left alone', async () => {
    await h.app.scheduler.runStartHooks();
    await at(2, '09:10');
    const patches = () => h.fake.callsTo(/^PATCH \/open-apis\/im\/v1\/messages\/om_bot_\d+$/).length;
    const before = patches();

    clock.set('2026-03-20T08:00:00+08:00');
    await say('ou_cat', '/日报 请假 2026-03-02 年假', 'om_off_old');
    const reply = h.fake.calls.filter((c) => c.path.endsWith('/messages')).at(-1);
    expect(JSON.stringify(reply?.body)).toContain('已登记请假：2026-03-02（周一），共 1 天。');
    expect(await h.app.runtime.repos.daily.daysOff(['ou_cat'], '2026-03-02', '2026-03-02')).toHaveLength(1);
    expect(patches()).toBe(before);
  });
});
