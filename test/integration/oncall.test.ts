/**
 * On-call on a real database: `/oncall` shows who is on now and next, admins override a tier for
 * a while (and only admins; bad input changes nothing), escalations page whoever is on at that
 * moment, and handoffs and override ends are announced in the team channel by durable timers.
 */
import { describe, expect, it } from 'vitest';
import { consoleSession, useConsoleApp } from '../helpers/console.ts';

const T0 = Date.parse('2026-03-04T12:00:00Z'); // a Wednesday
const M = 60_000;
const H = 60 * M;

const config = {
  locale: 'en',
  timezone: 'UTC',
  admins: ['admin'],
  intake: [{ channel: 'support', team: 'support' }],
  priorities: { P1: { firstResponse: '30m', resolve: '4h', escalateAfter: '15m', calendar: '24x7' } },
  teams: {
    support: {
      channel: 'support-team',
      managers: ['boss'],
      tiers: [
        {
          name: 'L1',
          rotation: { members: ['ann', 'bob'], every: '1w', handoff: 'mon 09:00', start: '2026-01-05' },
        },
        { name: 'L2', rotation: { members: ['cat'] } },
      ],
    },
    billing: {
      channel: 'billing-team',
      managers: [],
      tiers: [{ name: 'L1', rotation: { members: ['eve'] } }],
    },
  },
};

const { app, clock, database, s } = useConsoleApp({
  config: config,
  start: T0,
  user: 'admin',
  channel: 'support',
});

async function overrides(): Promise<number> {
  return (await database.db.query.oncallOverrides.findMany()).length;
}

describe('/oncall', () => {
  it('shows who is on call now and next for every tier of every team', async () => {
    const out = await s.say('/oncall');
    expect(out).toContain('On call · team support');
    expect(out).toContain('L1: @ann until 2026-03-09 09:00 · next @bob from 2026-03-09 09:00');
    expect(out).toContain('L2: @cat\n');
    expect(out).toContain('Managers: @boss');
    expect(out).toContain('On call · team billing\nL1: @eve');
    const one = await s.say('/oncall billing');
    expect(one).not.toContain('team support');
    expect(await s.say('/oncall nope')).toContain('There is no team "nope". Teams: support, billing.');
    expect(await s.say('/oncall suport')).toContain(
      'There is no team "suport". Did you mean "support"? Teams: support, billing.',
    );
    expect(await s.say('/值班 help')).toContain('/oncall override <team> <tier> <@user> <duration>');
    expect(await s.say('/值班 help')).toContain('Also written: /值班 /on-call');
  });

  it('lets admins override a tier for a while; the escalation pages the override', async () => {
    const set = await s.say('/oncall override support l2 @dan 8h');
    expect(set).toContain('👤 @dan covers L2 of team support until 2026-03-04 20:00 (set by @admin).');
    expect(set).toMatch(/\[#support-team\] sopbot:\n👤 @dan covers L2/);
    expect(await s.say('/oncall support')).toContain(
      'L2: @dan (override until 2026-03-04 20:00) · next @cat from 2026-03-04 20:00',
    );

    s.platform.user = 'rep';
    await s.say('/ticket new P1 invoices are wrong');
    clock.set(T0 + 15 * M);
    await app.scheduler.tick();
    await app.settle();
    const paged = s.output();
    expect(paged).toContain('⏫ #1 escalated L1 → L2: no response within 15m. Paging @dan.');
    expect(paged).toContain('[DM → @dan, urgent: in-app]');

    clock.set(T0 + 8 * H);
    const before = s.output().length;
    await app.scheduler.tick();
    await app.settle();
    expect(s.output().slice(before)).toContain(
      '[#support-team] sopbot:\n👤 Override ended: @cat is on call for L2 of team support again.',
    );
  });

  it('refuses non-admins and bad input without storing anything', async () => {
    s.platform.user = 'ann';
    expect(await s.say('/oncall override support L1 @ann 8h')).toContain('Only admins can do that');
    s.platform.user = 'admin';
    expect(await s.say('/oncall override support L1 @ann 8x')).toContain('"8x" is not a duration');
    expect(await s.say('/oncall override support L1 @ann')).toContain('For how long? e.g. 8h or 2d');
    expect(await s.say('/oncall override support L9 @ann 8h')).toContain(
      'Team support has no tier "L9". Tiers: L1, L2.',
    );
    expect(await s.say('/oncall override nope L1 @ann 8h')).toContain('There is no team "nope"');
    expect(await s.say('/oncall override support L1 @ann 60d')).toContain(
      'An override can last at most 30d.',
    );
    expect(await s.say('/oncall override support L1 not/a/user 1h')).toContain('is not a user');
    expect(await overrides()).toBe(0);
  });

  it('takes the duration as a Chinese admin writes it (1.5小时, 2天)', async () => {
    // (The workspace is English: the answers are too.)
    const zh = consoleSession(app, { user: 'admin', channel: 'support', locale: 'zh-CN' });
    expect(await zh.say('/值班 替班 billing L1 @fay 3日')).toContain('"3日" is not a duration');
    expect(await zh.say('/值班 替班 billing L1 @fay 1.5小时')).toContain('@fay');
    expect(await zh.say('/值班 替班 support L2 @gus 2天')).toContain('@gus');
    const rows = await database.db.query.oncallOverrides.findMany();
    const spans = rows
      .filter((o) => o.userId !== 'dan')
      .map((o) => [o.userId, (o.endsAt.getTime() - o.startsAt.getTime()) / H]);
    expect(spans.sort()).toEqual([
      ['fay', 1.5],
      ['gus', 48],
    ]);
  });

  it('announces each rotation handoff in the team channel, once, and plans the next', async () => {
    await app.scheduler.runStartHooks();
    await app.scheduler.runStartHooks(); // a second replica starting: still one handoff timer
    const pending = (await database.db.query.timers.findMany()).filter((t) => t.kind === 'oncall.handoff');
    expect(pending.map((t) => [t.status, t.dueAt.toISOString()])).toEqual([
      ['pending', '2026-03-09T09:00:00.000Z'],
    ]);
    clock.set(Date.parse('2026-03-09T09:00:00Z'));
    const before = s.output().length;
    await app.scheduler.tick();
    await app.settle();
    expect(s.output().slice(before)).toContain(
      '[#support-team] sopbot:\n🔄 L1 on-call handoff for team support: @ann → @bob, until 2026-03-16 09:00.',
    );
    const after = (await database.db.query.timers.findMany()).filter(
      (t) => t.kind === 'oncall.handoff' && t.status === 'pending',
    );
    expect(after.map((t) => t.dueAt.toISOString())).toEqual(['2026-03-16T09:00:00.000Z']);
    expect(await s.say('/oncall support')).toContain('L1: @bob until 2026-03-16 09:00 · next @ann');
  });
});
