/**
 * A release run end to end through the console platform, with a template whose steps come due
 * seconds apart: the parent message and one thread reply per step; a due step pings its owner
 * (thread and DM); an overdue step is flagged in the edited header; Done by button and by command
 * edit the step's reply and the header; the gate refuses a non-approver, opens on a quorum; a
 * No-go offers the rollback runbook and its button starts it, linked; a reply typed in the
 * thread lands in the log; a step that came due while nothing ran is reminded once, late.
 * Time is a ManualClock; the scheduler is ticked by hand.
 */
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../helpers/app.ts';
import { consoleSession, useConsoleApp } from '../helpers/console.ts';
import { drillFolder } from '../helpers/release-fixtures.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const config = {
  locale: 'en',
  timezone: 'UTC',
  admins: ['admin'],
  releases: {
    templates: drillFolder({ ann: 'ann', bob: 'bob', approvers: ['lead', 'boss', 'cto'] }),
    remindEvery: '1m',
  },
};
const { app, clock, s, database } = useConsoleApp({ config, start: T0, user: 'ann', channel: 'ops' });

async function at(ms: number): Promise<string> {
  const before = s.output().length;
  clock.set(T0 + ms);
  await app.tick();
  return s.output().slice(before);
}

async function as(user: string, ...lines: string[]): Promise<string> {
  s.platform.user = user;
  return s.say(...lines);
}

async function log(name: string) {
  const found = await app.services.releases.queries.byName('console', null, [name]);
  if (!found) throw new Error(`no release ${name}`);
  return app.services.releases.queries.events(found.run.id);
}

describe('a release on the console', () => {
  it('posts the plan, pings, flags overdue, takes Done by button and command, decides the gate', async () => {
    const start = await as('ann', '/release start drill D1');
    expect(start).toContain('Started D1 (drill)');
    expect(start).toContain('🚀 D1');
    for (const step of [
      '1. Build the package',
      '2. Upload it',
      '3. Widen the rollout?',
      '4. Watch the metrics',
      '5. Wrap up',
    ])
      expect(start).toMatch(
        new RegExp(`\\[#ops › b\\w+\\] sopbot:\\n[^\\n]*\\n│ [^\\n]*${step.replace(/[.?]/g, '\\$&')}`),
      );

    const due = await at(5_000);
    expect(due).toContain('🔔 1. Build the package is due (10:00): @ann');
    expect(due).toContain('[DM → @ann] sopbot:');
    expect(due).toContain('(card updated)');
    expect(due).toContain('Overdue: ⚠️ 1 — 1. Build the package');

    const upload = await at(10_000);
    expect(upload).toContain('🔔 2. Upload it is due (10:00): @bob');
    const byButton = await as('bob', '1'); // the ping's first button: Done
    expect(byButton).toMatch(/✅ 2\. Upload it[\s\S]*✅ done 10:00 by @bob/);
    expect(byButton).toContain('Progress: ▓▓░░░░░░░░ 1/5 done');
    // The gate waited on the upload: it came due with it.
    expect(byButton).toContain(
      '🚦 Gate 3. Widen the rollout? is due (10:00): decide Go or No-go — @lead, @boss, @cto',
    );

    const refused = await as('ann', '1'); // the gate's Go, by someone who is not an approver
    expect(refused).toContain('sopbot → only @ann sees this:');
    expect(refused).toContain(
      'You may not decide 3. Widen the rollout?: its approvers are @lead, @boss, @cto.',
    );
    expect(refused).not.toContain('updated card');
    const reminder = await at(65_000);
    expect(reminder).toContain('⏰ Reminder 1: 1. Build the package is still open (due 10:00): @ann');
    const byCommand = await as('ann', '/release done D1 build');
    expect(byCommand).toContain('✅ 1. Build the package is done (D1).');
    expect(byCommand).toMatch(/✅ 1\. Build the package\n│ Owner: @ann[\s\S]*✅ done 10:01 by @ann/);
    expect(byCommand).toContain('Progress: ▓▓▓▓░░░░░░ 2/5 done');

    const again = await as('ann', '/release done D1 1');
    expect(again).toContain('1. Build the package is already done (@ann): nothing changed.');
    expect(again).not.toContain('updated card');
    const first = await as('lead', '/release go D1 widen');
    expect(first).toContain('Your Go on 3. Widen the rollout? is counted: Go 1/2.');
    expect(first).toContain('Votes: ✅ @lead');
    const quorum = await as('boss', '/release go D1 3');
    expect(quorum).toContain('3. Widen the rollout? is decided: Go.');
    expect(quorum).toContain('✅ 3. Widen the rollout?: Go, decided by @lead, @boss');
    expect(quorum).toContain('👀 Monitoring window 4. Watch the metrics is open until 10:02: @ann');

    const ended = await at(65_000 + 60_000);
    expect(ended).toContain('🔔 5. Wrap up is due (10:02): @ann');
    const last = await as('ann', '/release done D1 5');
    expect(last).toContain('Took: 2m 5s');
    expect(last).toContain('Overdue steps: 1. Build the package');
    expect(last).toContain('Gates: widen: Go by @lead, @boss');
    const list = await as('ann', '/release list');
    expect(list).toContain('D1 (drill) — ✅ completed · 5/5');
    const kinds = (await log('D1')).map((e) => `${e.kind}:${e.actorId}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'started:ann',
        'due:sopbot',
        'done:ann',
        'done:bob',
        'vote:lead',
        'vote:boss',
        'decided:boss',
        'window_ended:sopbot',
        'finished:sopbot',
      ]),
    );
  });

  it('a No-go offers the rollback runbook; its button starts it, linked to the release', async () => {
    await as('ann', '/release start drill D2');
    await at(5_000);
    await as('ann', '/release done D2 1');
    await as('bob', '/release done D2 2');
    await at(6_000);
    const nogo = await as('cto', '/release nogo D2 widen error rate 4%');
    expect(nogo).toContain('⛔ 3. Widen the rollout?: No-go, decided by @cto — error rate 4%');
    expect(nogo).toContain('The release is stopped. Start the rollback runbook (drill-rollback)');
    expect(nogo).toContain('Status: ⛔ stopped: no-go at widen');
    const started = await as('cto', '1'); // "Start the rollback runbook"
    expect(started).toContain('Started D2-rollback, the rollback of D2.');
    expect(started).toContain('🚀 D2-rollback');
    expect(started).toContain('↩️ Rollback of D2');
    expect(started).toContain('↩️ Rollback runbook started: D2-rollback (drill-rollback).');
    const list = await as('ann', '/release list');
    expect(list).toContain('D2-rollback (drill-rollback) — ▶️ running');
    expect(list).toContain('D2 (drill) — ⛔ no-go at widen, rolled back (D2-rollback)');
  });

  it('a reply typed in the release thread lands in its log; commands there may leave the name out', async () => {
    await as('ann', '/release start drill D3');
    await as('ann', ':thread #D3', 'the build box is slow today');
    const done = await as('ann', '/release done build');
    expect(done).toContain('✅ 1. Build the package is done (D3).');
    const notes = (await log('D3')).filter((e) => e.kind === 'note');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ actorId: 'ann', data: { text: 'the build box is slow today' } });
  });

  it('a step that came due while nothing ran is reminded once, late', async () => {
    await as('ann', '/release start drill D4');
    // Nobody ticks while build comes due (T+5s) and upload (T+10s): sopbot is down. It restarts at T+3m.
    clock.set(T0 + 180_000);
    const restarted = await createTestApp(database, { config, clock });
    const s2 = consoleSession(restarted, { user: 'ann', channel: 'ops' });
    await restarted.tick();
    const out = s2.output();
    expect(out.match(/2 steps need you/g)).toHaveLength(1);
    expect(out).toContain(
      '1. Build the package is due (10:00): @ann (late by 2m 55s: sopbot was not running when it came due)',
    );
    expect(out).toContain('2. Upload it is due (10:00): @bob (late by 2m 50s');
    expect(out.match(/\[DM → @(ann|bob)\]/g)).toHaveLength(2);
    await restarted.tick();
    expect(s2.output()).toBe(out);
    await restarted.stop();
    const dues = (await log('D4')).filter((e) => e.kind === 'due');
    expect(dues.map((e) => e.data.lateMs)).toEqual([175_000, 170_000]);
  });
  it('a run started now calls its T0 steps due now, not overdue: a calm first header', async () => {
    const start = await as('ann', '/release start staged-rollout S1');
    expect(start).toContain('🔵 🚀 S1');
    expect(start).toContain('Next due: 1. Build the release package (APK/IPA/mini program) — due');
    expect(start).toContain('Overdue: 0');
    expect(start).not.toContain('Overdue: ⚠️');
  });

  it('with reminders off, a due-now step shows as overdue in the header when its quarter of an hour ends', async () => {
    const quiet = { ...config, releases: { ...config.releases, remindEvery: false } };
    const app2 = await createTestApp(database, { config: quiet, clock });
    try {
      const s2 = consoleSession(app2, { user: 'ann', channel: 'ops' });
      const tick = async (ms: number) => {
        const before = s2.output().length;
        clock.set(T0 + ms);
        await app2.tick();
        return s2.output().slice(before);
      };
      expect(await s2.say('/release start staged-rollout Q1')).toContain('Overdue: 0');
      expect(await tick(14 * 60_000)).not.toContain('Overdue: ⚠️');
      const turned = await tick(15 * 60_000);
      expect(turned).toContain('Overdue: ⚠️');
      expect(turned).toContain('1. Build the release package');
      expect(await tick(15 * 60_000 + 1_000)).toBe(''); // once: nothing more to redraw
    } finally {
      await app2.stop();
    }
  });
});
