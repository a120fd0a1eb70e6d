/**
 * Daily reports end to end through the console platform, with prompt, reminder and cutoff minutes
 * apart: two members prompted (the third is off), one files through the form, the other is
 * reminded, the compiled report at the cutoff shows the one report, the missing member, the KPI
 * against its target and the blocker; a late report edits the compiled report in place; the next
 * day the open blocker is carried with its age, and resolving it from the compiled report's select
 * takes it off. Time is a ManualClock; the scheduler is ticked by hand.
 */
import { describe, expect, it } from 'vitest';
import { useConsoleApp } from '../helpers/console.ts';
import { dailyConfig } from '../helpers/daily-config.ts';

const MONDAY = Date.parse('2026-03-02T08:00:00Z');

const DAILY_CONFIG = dailyConfig({ channel: 'team-room', members: ['ann', 'bob', 'cat'] });

const { app, clock, s } = useConsoleApp({
  config: DAILY_CONFIG,
  start: MONDAY,
  user: 'ann',
  channel: 'support',
});

/** Moves the clock to `iso` and fires what is due; returns what the bot printed meanwhile. */
async function at(iso: string): Promise<string> {
  const before = s.output().length;
  clock.set(iso);
  await app.tick();
  return s.output().slice(before);
}

describe('daily reports (console)', () => {
  it('prompts, files by form, reminds, compiles, takes a late edit, carries the blocker', async () => {
    expect(await s.say(':as cat', '/daily off 2026-03-02 dentist', ':as ann')).toContain(
      'Days off saved: 2026-03-02 (Mon), 1 day.',
    );
    await app.scheduler.runStartHooks();

    const prompts = await at('2026-03-02T09:00:00Z');
    expect(prompts).toContain('[DM → @ann] sopbot:');
    expect(prompts).toContain('[DM → @bob] sopbot:');
    expect(prompts).not.toContain('@cat');
    expect(prompts).toContain('Time for your daily report for support (2026-03-02)');

    const form = await s.say(':form');
    expect(form).toContain('Daily report');
    expect(form).toContain('support · 2026-03-02');
    const filed = await s.say('Login page', 'Payment integration', 'Test env is flaky', '120');
    expect(filed).toContain('Your daily report for support (2026-03-02) is filed.');
    expect(filed).toContain('Open blockers: 1');

    const reminders = await at('2026-03-02T09:05:00Z');
    expect(reminders).toContain('[DM → @bob] sopbot:');
    expect(reminders).toContain('Reminder: your daily report for support (2026-03-02) is still missing');
    expect(reminders).not.toContain('@ann');
    expect(reminders).not.toContain('#team-room');

    const compiled = await at('2026-03-02T09:10:00Z');
    expect(compiled).toContain('[#team-room] sopbot:');
    expect(compiled).toContain('support daily reports · 2026-03-02');
    expect(compiled).toContain('Payment integration');
    expect(compiled).toMatch(/Missing \(1\)[\s\S]*bob/);
    expect(compiled).toMatch(/Off \(1\)[\s\S]*cat \(dentist\)/);
    expect(compiled).toContain('Calls (≥ 100 calls)');
    expect(compiled).toContain('120 calls ✅');
    expect(compiled).toMatch(/ann · day 1 · B1: Test env is flaky/);
    expect(compiled).not.toContain('@bob');

    clock.set('2026-03-02T09:30:00Z');
    const late = await s.say(':as bob', '/daily Plan: ship the release\nCalls: 80 calls');
    expect(late).toContain('Your daily report for support (2026-03-02) is filed.');
    expect(late).toContain('The team report of 2026-03-02 is updated with it.');
    expect(late).toContain('[#team-room] sopbot (card updated):');
    expect(late).toContain('ship the release');
    expect(late).toContain('(late)');
    expect(late).toContain('80 calls ❌');
    expect(late).toContain('200 calls ✅');
    expect(late).not.toMatch(/Missing \(1\)/);

    const edit = await s.say(':as ann', '/daily Plan: payment integration, then docs');
    expect(edit).toContain('is updated.');
    expect(edit).toContain('payment integration, then docs');
    expect(edit).toContain('(edited)');

    await at('2026-03-03T09:00:00Z');
    const tuesday = await at('2026-03-03T09:10:00Z');
    expect(tuesday).toContain('support daily reports · 2026-03-03');
    expect(tuesday).toMatch(/ann · day 2 · B1: Test env is flaky/);
    expect(tuesday).toMatch(/Missing \(3\)/);

    const resolved = await s.say(':as ann', '/daily resolve B1');
    expect(resolved).toContain('Blocker B1 is marked resolved.');
    expect(resolved).toContain('(card updated)');
    const blockers = await app.runtime.repos.daily.blockersShownOn('support', '2026-03-03');
    expect(blockers).toEqual([]);
  });
});
