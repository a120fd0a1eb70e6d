/**
 * `/daily` through the console: bad input gets a clear error naming the problem and changes
 * nothing (a date that does not exist, a range that ends before it starts, a number field given
 * words, an unknown team, an unknown blocker, a caller in no team); `help`; `/daily status`; a
 * member of two teams is asked which form to open, files text for both, or for the one named.
 */
import { describe, expect, it } from 'vitest';
import { dailyCommand } from '../../commands/daily.command.ts';
import { translator } from '../../src/core/i18n/index.ts';
import { useConsoleApp } from '../helpers/console.ts';
import { DAILY_FIELDS } from '../helpers/daily-config.ts';

const config = {
  locale: 'en',
  timezone: 'UTC',
  intake: [{ channel: 'support', team: 'support' }],
  teams: {
    support: { channel: 'team-room', managers: ['boss'], members: ['ann', 'bob'], tiers: [] },
    ops: {
      channel: 'ops-room',
      managers: [],
      members: ['ann', 'cat'],
      tiers: [],
      daily: { fields: DAILY_FIELDS.slice(0, 2) },
    },
    客服部: {
      channel: 'cs-room',
      managers: [],
      members: ['eve'],
      tiers: [],
      daily: { fields: [DAILY_FIELDS[3], DAILY_FIELDS[0]] },
    },
  },
  daily: { prompt: '09:00', remind: ['09:05'], cutoff: '09:10', fields: DAILY_FIELDS },
};

const { app, s } = useConsoleApp({
  config,
  start: Date.parse('2026-03-02T09:01:00Z'),
  user: 'bob',
  channel: 'support',
});

async function nothingStored(): Promise<void> {
  const { daily } = app.runtime.repos;
  expect(await daily.daysOff(['ann', 'bob', 'cat'], '2000-01-01', '2100-12-31')).toEqual([]);
  expect(await daily.reportsBetween('support', '2000-01-01', '2100-12-31')).toEqual([]);
  expect(await daily.reportsBetween('ops', '2000-01-01', '2100-12-31')).toEqual([]);
}

describe('/daily bad input', () => {
  it('a date that does not exist is refused, naming it', async () => {
    const out = await s.say('/daily off 2026-13-01');
    expect(out).toContain(
      '"2026-13-01" is not a date: write YYYY-MM-DD, 12-24, today, tomorrow, friday or next-monday.',
    );
    expect(out).toContain('/daily off <date|from..to> [reason]');
    await nothingStored();
  });

  it('a range that ends before it starts is refused, naming both ends', async () => {
    const out = await s.say('/daily off 2026-12-31..2026-12-24 holidays');
    expect(out).toContain('The range ends (2026-12-24) before it starts (2026-12-31).');
    await nothingStored();
  });

  it('a number field given words is refused, naming the field', async () => {
    const out = await s.say('/daily Plan: ship it\nCalls: many');
    expect(out).toContain('"Calls" takes a number, and "many" has none');
    await nothingStored();
  });

  it('an unknown team is refused with the teams there are', async () => {
    const out = await s.say('/daily status nosuchteam');
    expect(out).toContain('There is no team "nosuchteam" (teams: support, ops, 客服部).');
    expect(out).not.toContain('Did you mean');
    expect(await s.say('/daily status suport')).toContain(
      'There is no team "suport" (teams: support, ops, 客服部). Did you mean "support"?',
    );
  });

  it('an unknown blocker and a missing id are refused', async () => {
    const unknown = await s.say('/daily resolve B99');
    expect(unknown).toContain('There is no blocker B99.');
    // The usage of the subcommand that failed, not the whole list.
    expect(unknown).toContain('Usage:\n/daily resolve <blocker id>    mark a blocker resolved (e.g. B7)');
    expect(unknown).not.toContain('/daily status');
    expect(await s.say('/日报 解决 B99')).toContain('/daily resolve <blocker id>');
    expect(await s.say('/daily resolve')).toContain('Which blocker? Write its id, e.g. /daily resolve B7.');
  });

  it('someone in no team is told so, and nothing is filed', async () => {
    const out = await s.say(':as dan', '/daily Plan: something');
    expect(out).toContain('You are not in any team that files daily reports');
    await nothingStored();
  });

  it('help lists every form of the command, in the caller’s language', async () => {
    const out = await s.say('/daily help', '/日报 帮助');
    expect(out).toContain('/daily status [team]    who has and has not reported today');
    expect(out).toContain('/daily off <date|from..to> [reason]');
  });
});

describe('/daily status and several teams', () => {
  it('status lists who reported, who not', async () => {
    await s.say('/daily Plan: review the release notes');
    const out = await s.say('/daily status');
    expect(out).toContain('support daily reports · 2026-03-02');
    expect(out).toMatch(/Reported \(1\)\s*│?\s*bob/);
    expect(out).toMatch(/Not yet \(1\)\s*│?\s*ann/);
    const off = await s.say(':as ann', '/daily off today doctor', '/daily status support');
    expect(off).toMatch(/Off \(1\)\s*│?\s*ann \(doctor\)/);
    expect(off).toMatch(/Not yet \(0\)/);
  });

  it('off with yesterday is the subcommand, not a report', async () => {
    const out = await s.say(':as ann', '/daily off yesterday sick', '/daily status support');
    expect(out).toContain('Days off saved: 2026-03-01 (Sun), 1 day.');
    expect(await app.services.daily.reportOf('support', 'ann', '2026-03-02')).toBeUndefined();
    const zh = await s.say(':as ann', '/日报 请假 昨天');
    expect(zh).toContain('2026-03-01');
  });

  it('off with a weekday or a month-day is the subcommand too (2026-03-02 is a Monday)', async () => {
    const out = await s.say(':as ann', '/daily off friday offsite');
    expect(out).toContain('Days off saved: 2026-03-06 (Fri), 1 day.');
    expect(await s.say('/日报 请假 下周一..下周三 年假')).toContain(
      '2026-03-09 (Mon) – 2026-03-11 (Wed), 3 days.',
    );
    expect(await s.say('/日报 请假 下周五看病')).toContain('2026-03-13 (Fri), 1 day.');
    expect(await s.say('/日报 请假 3月20日')).toContain('2026-03-20 (Fri), 1 day.');
    expect(await app.services.daily.reportOf('support', 'ann', '2026-03-02')).toBeUndefined();
    const off = await app.runtime.repos.daily.daysOff(['ann'], '2000-01-01', '2100-12-31');
    expect(off.map((d) => [d.fromDay, d.toDay, d.reason])).toEqual([
      ['2026-03-06', '2026-03-06', 'offsite'],
      ['2026-03-09', '2026-03-11', '年假'],
      ['2026-03-13', '2026-03-13', '看病'],
      ['2026-03-20', '2026-03-20', null],
    ]);
  });

  it('a report that starts with a subcommand word is a report', async () => {
    const out = await s.say('/daily review the release notes with Ann');
    expect(out).toContain('Your daily report for support (2026-03-02) is filed.');
    const report = await app.services.daily.reportOf('support', 'bob', '2026-03-02');
    expect(report?.values).toEqual({ done: 'review the release notes with Ann' });
  });

  it('one Latin word that is no subcommand (/daily show) is refused and leaves today’s report as it was', async () => {
    await s.say('/daily Done yesterday: the login page\nPlan for today: payments');
    const before = await app.services.daily.reportOf('support', 'bob', '2026-03-02');
    expect(before?.values).toEqual({ done: 'the login page', plan: 'payments' });
    const out = await s.say('/daily show');
    expect(out).toContain('"show" is not a /daily subcommand, and nothing was filed');
    expect(out).toContain('("Done yesterday: show")');
    expect(out).toContain('/daily status [team]');
    const alias = await s.say('/日报 list');
    expect(alias).toContain('"list" is not a /daily subcommand, and nothing was filed');
    const after = await app.services.daily.reportOf('support', 'bob', '2026-03-02');
    expect(after?.values).toEqual(before?.values);
    // The name of the caller's one team is that team's form.
    expect(await s.say('/daily support')).toContain('(1/4) Done yesterday');
    await s.say(':cancel');
    // A team whose first field is a number: the hint names its first text field.
    const eve = await s.say(':as eve', '/daily show', '/daily 客服部', ':cancel', ':as bob');
    expect(eve).toContain('("Done yesterday: show")');
    expect(eve).toContain('(1/2) Calls');
    expect(await app.services.daily.reportOf('客服部', 'eve', '2026-03-02')).toBeUndefined();
    // Written after a field name, the word is filed.
    await s.say('/daily Plan for today: show');
    expect((await app.services.daily.reportOf('support', 'bob', '2026-03-02'))?.values.plan).toBe('show');
  });

  it('a member of two teams is asked which form, and files text for both or the one named', async () => {
    const ask = await s.say(':as ann', '/daily');
    expect(ask).toContain('You file daily reports for several teams: which one?');
    expect(ask).toContain('Report for support');
    expect(ask).toContain('Report for ops');
    const form = await s.say('2');
    expect(form).toContain('ops · 2026-03-02');
    expect(form).not.toContain('Calls');
    await s.say(':cancel');

    const both = await s.say('/daily Plan: pair with Cat');
    expect(both).toContain('Your daily report for support (2026-03-02) is filed.');
    expect(both).toContain('Your daily report for ops (2026-03-02) is filed.');

    const one = await s.say('/daily ops Plan: on-call handover');
    expect(one).toContain('Your daily report for ops (2026-03-02) is updated.');
    expect(one).not.toContain('for support');
    expect((await app.services.daily.reportOf('support', 'ann', '2026-03-02'))?.values).toEqual({
      plan: 'pair with Cat',
    });
    expect((await app.services.daily.reportOf('ops', 'ann', '2026-03-02'))?.values).toEqual({
      plan: 'on-call handover',
    });

    const refused = await s.say('/daily Calls: lots');
    expect(refused).toContain('support: "Calls" takes a number');
  });
});

describe('/daily back (销假)', () => {
  const leaves = async (member: string) =>
    (await app.runtime.repos.daily.daysOff([member], '2000-01-01', '2100-12-31')).map((d) => [
      d.fromDay,
      d.toDay,
      d.reason,
    ]);

  it('without dates ends the leave that covers today, and today is a report day again', async () => {
    await s.say(':as ann', '/daily off 2026-03-02..2026-03-06 conference');
    const out = await s.say('/daily back');
    expect(out).toContain('Days off cancelled: 2026-03-02 (Mon) – 2026-03-06 (Fri), 5 days.');
    expect(out).toContain('Welcome back: today is a report day again; file it with /daily.');
    expect(await leaves('ann')).toEqual([]);
    expect(await s.say('/daily status support')).toMatch(/Not yet \(2\)/);
  });

  it('with a date cancels that day only, splitting the leave around it and keeping its reason', async () => {
    await s.say(':as ann', '/daily off 2026-03-02..2026-03-06 conference');
    const out = await s.say('/daily back 2026-03-04');
    expect(out).toContain('Days off cancelled: 2026-03-04 (Wed), 1 day.');
    expect(out).not.toContain('Welcome back');
    expect(await leaves('ann')).toEqual([
      ['2026-03-02', '2026-03-03', 'conference'],
      ['2026-03-05', '2026-03-06', 'conference'],
    ]);
    expect(await s.say('/daily status support')).toMatch(/Off \(1\)\s*│?\s*ann \(conference\)/);
  });

  it('by its Chinese name, a range over two leaves cancels the days of both (answered in the caller’s language)', async () => {
    await s.say(':as ann', '/daily off 2026-03-03 看病', '/daily off 2026-03-05..2026-03-09 年假');
    const out = await s.say('/日报 销假 2026-03-03..2026-03-06');
    expect(out).toContain('Days off cancelled: 2026-03-03 (Tue) – 2026-03-06 (Fri), 3 days.');
    expect(await leaves('ann')).toEqual([['2026-03-07', '2026-03-09', '年假']]);
  });

  it('is also written 取消请假, and the Chinese help names each subcommand in Chinese', async () => {
    await s.say(':as ann', '/daily off 2026-03-02..2026-03-04 年假');
    expect(await s.say('/日报 取消请假 2026-03-04')).toContain(
      'Days off cancelled: 2026-03-04 (Wed), 1 day.',
    );
    expect(await leaves('ann')).toEqual([['2026-03-02', '2026-03-03', '年假']]);
    const help = dailyCommand.usage(translator('zh-CN'));
    for (const line of [
      '/日报 状态|status',
      '/日报 请假|off',
      '/日报 销假|取消请假|back',
      '/日报 复盘|review',
    ])
      expect(help).toContain(line);
  });

  it('without dates ends only the leave covering today: a separate leave later on stays whole', async () => {
    await s.say(
      ':as ann',
      '/daily off 2026-03-02..2026-03-06 trip',
      '/daily off 2026-03-05..2026-03-09 course',
    );
    expect(await s.say('/daily back')).toContain(
      'Days off cancelled: 2026-03-02 (Mon) – 2026-03-06 (Fri), 5 days.',
    );
    expect(await leaves('ann')).toEqual([['2026-03-05', '2026-03-09', 'course']]);
  });

  it('says today is a report day again only when today was one of the days cancelled', async () => {
    await s.say(':as ann', '/daily off 2026-03-01', '/daily off 2026-03-03');
    const out = await s.say('/daily back 2026-03-01..2026-03-03');
    expect(out).toContain('Days off cancelled: 2026-03-01 (Sun) – 2026-03-03 (Tue), 2 days.');
    expect(out).not.toContain('Welcome back');
  });

  it('a report that starts with "back" is a report, not the subcommand', async () => {
    const out = await s.say('/daily back today after PTO: fixed the login page');
    expect(out).toContain('Your daily report for support (2026-03-02) is filed.');
    expect((await app.services.daily.reportOf('support', 'bob', '2026-03-02'))?.values).toEqual({
      done: 'back today after PTO: fixed the login page',
    });
  });

  it('nothing to cancel, extra words and a bad date are refused and change nothing', async () => {
    expect(await s.say(':as ann', '/daily back')).toContain('You have no days off today or later to cancel.');
    await s.say('/daily off 2026-03-10..2026-03-12 trip');
    expect(await s.say('/daily back')).toContain(
      'You are not off today. Your next days off are 2026-03-10 – 2026-03-12: cancel them with /daily back 2026-03-10..2026-03-12.',
    );
    expect(await s.say('/daily back 2026-03-20')).toContain(
      'You have no days off between 2026-03-20 and 2026-03-20: nothing was changed.',
    );
    expect(await s.say('/daily back 2026-03-11 oops')).toContain('"oops" is not one.');
    const bad = await s.say('/daily back 2026-02-30');
    expect(bad).toContain('"2026-02-30" is not a date');
    expect(bad).toContain('/daily back [date|from..to]');
    expect(await leaves('ann')).toEqual([['2026-03-10', '2026-03-12', 'trip']]);
  });
});
