/**
 * Digests end to end on the console: the weekly cron slot fires on a ManualClock and the digest
 * is printed once in the team channel and once to each manager, with its four charts written as
 * PNG files and a text bar line per chart; `/report weekly` answers privately, `/report weekly
 * support here` posts in the channel; `/report yearly` and an unknown team get an error with the
 * usage, in the workspace's language (en, then zh-CN).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useConsoleApp } from '../helpers/console.ts';

const exportsDir = mkdtempSync(join(tmpdir(), 'sopbot-digests-'));
const ZONE = 'Asia/Shanghai';
/** Wednesday 2026-02-25 10:00 in Shanghai: inside the week the Monday 2026-03-02 digest covers. */
const WED = Date.parse('2026-02-25T10:00:00+08:00');
const SLOT = Date.parse('2026-03-02T09:00:00+08:00');

const config = {
  locale: 'en',
  timezone: ZONE,
  intake: [{ channel: 'support', team: 'support' }],
  teams: {
    support: {
      channel: 'support-team',
      managers: ['boss', 'chief'],
      tiers: [{ name: 'L1', rotation: { members: ['ann'] } }],
    },
  },
  digests: { daily: false, monthly: false },
  tickets: { csatAfter: false },
};

const { app, clock, s } = useConsoleApp({ config, start: WED, user: 'rep', channel: 'support', exportsDir });

/** Two tickets in the week: one resolved by ann, one still open at the end. */
async function aWeekOfTickets(): Promise<void> {
  await s.say('/ticket new P1 Checkout fails with an error');
  clock.set(WED + 20 * 60_000);
  await s.say(':as ann', '/ticket take 1');
  clock.set(WED + 2 * 3_600_000);
  await s.say('/ticket resolve 1 fixed the config');
  clock.set(WED + 3 * 3_600_000);
  await s.say(':as rep', '/ticket new P2 Invoice total looks wrong');
}

const count = (text: string, what: string) => text.split(what).length - 1;

/** The headers (`[#support-team] sopbot:`, `[DM → @boss] sopbot:`) of the printed digests. */
function digestHeaders(out: string, title: string): string[] {
  const messages = out.split(/\n(?=\[[^\]\n]+\] sopbot)/);
  return messages.filter((m) => m.includes(title)).map((m) => m.split('\n')[0] ?? '');
}

describe('digests on the console', () => {
  it('the weekly slot posts the digest once to the team channel and once to each manager, with charts', async () => {
    await app.scheduler.runStartHooks(); // plans the cron slots from now (Wednesday)
    await aWeekOfTickets();
    const before = s.output().length;
    clock.set(SLOT);
    await app.tick();
    const out = s.output().slice(before);
    expect(digestHeaders(out, '📊 Weekly digest · support').sort()).toEqual([
      '[#support-team] sopbot:',
      '[DM → @boss] sopbot:',
      '[DM → @chief] sopbot:',
    ]);
    expect(out).toContain('2026-02-23 – 2026-03-01 (Asia/Shanghai)');
    // By hand: two opened, one resolved (nothing the week before), one still open; #1 (P1) was
    // answered in 20m and resolved in 2h, on time; #2 (P2, 2h of business hours from Wednesday
    // 13:00) never answered: 23 business hours by the end of Sunday, 1050% over.
    expect(out).toContain('New: 2 ▲2');
    expect(out).toContain('Resolved: 1 ▲1');
    expect(out).toContain('Open at the end: 1 ▲1');
    expect(out).toContain('First-contact resolution: 100% (1 of 1)');
    expect(out).toMatch(/first response\s+50%\s+—\s+100%\s+0%\s+—/);
    expect(out).toMatch(/resolution\s+100%\s+—\s+100%\s+—\s+—/);
    expect(out).toContain('#2 P2 first response: 1,050% over (> 100% over)');
    expect(out).toMatch(/Time to resolve[\s\S]*@ann\s+1 ▲1\s+2h\s+2h\s+2h/);
    expect(out).toContain('Oldest open');
    expect(out).toContain('Invoice total looks wrong');
    // Four charts per message, each a PNG file with its text bars beside it.
    for (const title of [
      'Opened vs resolved per day',
      'SLA compliance by priority',
      'Breaches by overrun',
      'Open backlog by age',
    ])
      expect(count(out, title)).toBeGreaterThanOrEqual(3);
    const files = [...out.matchAll(/🖼 .*: (\/\S+\.png)$/gm)].map((m) => m[1] as string);
    expect(files.length).toBe(12);
    for (const file of files) {
      expect(file.startsWith(exportsDir)).toBe(true);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    }
    expect(out).toContain('█');

    // The slot is done: ticking again, even later, says nothing more.
    const after = s.output().length;
    await app.tick();
    clock.set(SLOT + 60_000);
    await app.tick();
    expect(s.output().slice(after)).not.toContain('Weekly digest');
  }, 60_000);

  it('/report weekly answers privately; with the team and `here` it posts in the channel', async () => {
    await aWeekOfTickets();
    clock.set(SLOT + 3_600_000);
    const mine = await s.say('/report weekly');
    expect(mine).toContain('sopbot → only @rep sees this:');
    expect(mine).toContain('📊 Weekly digest · support');
    expect(mine).toContain('2026-02-23 – 2026-03-01');
    const posted = await s.say('/report weekly support here');
    expect(posted).toContain('[#support] sopbot:');
    expect(posted).not.toContain('only:');
    expect(posted).toContain('📊 Weekly digest · support');
    const daily = await s.say('/报表 日报');
    expect(daily).toContain('📊 Daily digest · support');
    expect(daily).toContain('2026-03-01 (Asia/Shanghai)');
  }, 60_000);

  it('bad input gets an error with the usage in the workspace language, and posts nothing', async () => {
    const yearly = await s.say('/report yearly');
    expect(yearly).toContain('"yearly" is not a digest: use daily, weekly or monthly.');
    expect(yearly).toContain('Usage:');
    expect(yearly).toContain('/report daily|weekly|monthly [team] [here]');
    const nobody = await s.say('/report weekly nosuchteam here');
    expect(nobody).toContain('There is no team "nosuchteam". Teams: support');
    expect(nobody).not.toContain('Weekly digest');
    expect(await s.say('/report help')).toContain('/report daily|weekly|monthly [team] [here]');

    const ws = await app.runtime.workspaces.resolve('console', 'local');
    await app.runtime.workspaces.setLocale(ws, 'zh-CN');
    const zh = await s.say('/report yearly');
    expect(zh).toContain('“yearly”不是报表类型');
    expect(zh).toContain('用法：');
    expect(zh).toContain('/报表 日报|周报|月报 [团队] [这里]');
    const zhTeam = await s.say('/报表 周报 无此团队');
    expect(zhTeam).toContain('没有名为“无此团队”的团队。现有团队：support');
    expect(await s.say('/报表 周报 suport')).toContain(
      '没有名为“suport”的团队。你是不是想写“support”？现有团队：support',
    );
    // A period with nothing in it: its figures, and no pictures (nor their text lines) of nothing.
    const zhDigest = await s.say('/报表 周报');
    expect(zhDigest).toContain('📊 support 团队周报');
    // The period heads the card, in its title line, not under the figures.
    expect(zhDigest).toMatch(
      /│ \S+ 📊 support 团队周报 · \d{4}-\d{2}-\d{2} 至 \d{4}-\d{2}-\d{2}（[^）]+）\n│ 新建/,
    );
    expect(zhDigest).toContain('无新建工单。');
    // No SLA target counted in either period: one line, not a table of dashes.
    expect(zhDigest).toContain('本期和上期都没有到期或达成的 SLA 目标。');
    expect(zhDigest).not.toContain('首次响应     —');
    // No breach in either period: one line, not a row of zeros.
    expect(zhDigest).toContain('无超时。');
    expect(zhDigest).not.toContain('超时 0 次');
    expect(zhDigest).toContain('没有未关闭的工单。');
    expect(zhDigest).not.toContain('🖼');
    expect(zhDigest).not.toContain('暂无数据');
  }, 60_000);
});
