/**
 * The built-in `staged-rollout` walked end to end on a fake clock, through the event pipeline on a
 * real database: the preparation pinged at T0, each batch released, its monitoring window running
 * its full length (2 h, 4 h) before its gate comes due, the gates decided by the configured
 * approvers, the report every 30 minutes while the rollout runs (and not after), the wrap-up
 * steps once everyone has it, and the summary. Every built-in template starts and posts its plan.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_TEMPLATES_DIR, loadTemplates } from '../../src/domain/releases/index.ts';
import { useReleaseApp } from '../helpers/release-app.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
const M = 60_000;
const config = {
  locale: 'en',
  timezone: 'Asia/Shanghai',
  admins: ['U0ADMIN'],
  releases: { approvers: ['U0LEAD'], remindEvery: false },
};
const r = useReleaseApp({ config, start: T0 });

async function runOf(name: string) {
  const found = await r.app.services.releases.queries.byName('slack', null, [name]);
  if (!found) throw new Error(`no release ${name}`);
  return r.app.services.releases.queries.byId(found.run.id);
}

async function stateOf(name: string, id: string) {
  const found = await runOf(name);
  return found?.steps.find((s) => s.id === id);
}

describe('staged-rollout, end to end', () => {
  it('walks 1% → 5% → 20% → 100% with its monitors, gates, reports and wrap-up', async () => {
    const start = await r.release('U0ANN', 'start staged-rollout R-7 ops-lead=@U0OPS');
    expect(start).toContain('Started R-7 (staged-rollout)');
    const plan = r.said.of('post').slice(0, 24); // the header and 23 step replies, then the pings
    expect(plan.slice(1).every((p) => p.to.threadId === plan[0]?.ref.messageId)).toBe(true);

    // T0: the preparation that is due at T0 is pinged at once, in one note.
    const first = r.textSince(0);
    expect(first).toContain('R-7: 5 steps need you');
    expect(first).toContain('4. Confirm the release time with ops is due (10:00): @U0OPS');

    for (const step of [
      'build',
      'upload',
      'ops-acceptance',
      'confirm-time',
      'alerts-on',
      'contingency',
      'inform-teams',
    ]) {
      const who = step === 'ops-acceptance' || step === 'confirm-time' ? 'U0OPS' : 'U0ANN';
      expect(await r.release(who, `done R-7 ${step}`)).toContain('is done (R-7)');
    }
    r.clock.set(T0 + 10 * M);
    expect(await r.release('U0ANN', 'done R-7 release-1')).toContain(
      '8. Release the first batch (1%) is done',
    );
    const batch1 = r.clock.now();
    expect((await stateOf('R-7', 'monitor-1'))?.endsAt?.getTime()).toBe(batch1.getTime() + 120 * M);

    // The 2-hour window: the gate is not open before it ends; the progress report repeats.
    const refusedEarly = await r.release('U0LEAD', 'go R-7 go-5');
    expect(refusedEarly).toContain('10. Widen to 5%? is not open yet: it waits on monitor-1.');
    let reports = 0;
    for (let t = 20 * M; t < 130 * M; t += 10 * M) {
      const o = await r.at(T0 + t);
      reports += (o.match(/🔁 18\. Report every 30 minutes/g) ?? []).length;
    }
    expect(reports).toBe(3); // 10:40, 11:10, 11:40
    const windowEnds = await r.at(T0 + 130 * M);
    expect(windowEnds).toContain('🚦 Gate 10. Widen to 5%? is due (12:10): decide Go or No-go — @U0LEAD');
    expect((await stateOf('R-7', 'monitor-1'))?.completedBy).toBe('sopbot');

    expect(await r.release('U0ANN', 'go R-7 go-5')).toContain(
      'You may not decide 10. Widen to 5%?: its approvers are @U0LEAD.',
    );
    expect(await r.release('U0LEAD', 'go R-7 go-5')).toContain('10. Widen to 5%? is decided: Go.');
    r.clock.set(T0 + 140 * M);
    await r.release('U0ANN', 'done R-7 release-5');
    const fourHours = await r.at(T0 + 140 * M + 240 * M);
    expect(fourHours).toContain('🚦 Gate 13. Widen to 20%? is due');
    await r.release('U0LEAD', 'go R-7 13');
    await r.release('U0ANN', 'done R-7 release-20');
    await r.release('U0LEAD', 'go R-7 go-100');
    r.clock.set(T0 + 400 * M);
    const full = await r.release('U0ANN', 'done R-7 release-100');
    expect(full).toContain('16. Release to everyone is done');
    expect((await stateOf('R-7', 'progress-report'))?.state).toBe('done');
    expect(await r.at(T0 + 460 * M)).not.toContain('Report every 30 minutes');

    for (const step of [
      'continuous-monitoring',
      'release-log',
      'release-summary',
      'key-metrics',
      'no-leftovers',
    ])
      await r.release('U0ANN', `done R-7 ${step}`);
    const end = await r.release('U0ANN', 'done R-7 next-steps');
    const summary = r.said.of('post').at(-1);
    expect(JSON.stringify(summary?.message)).toContain('Summary: R-7');
    expect(JSON.stringify(summary?.message)).toContain('go-5: Go by @U0LEAD');
    expect(JSON.stringify(summary?.message)).toContain('Took');
    expect(end).toContain('23. Plan the next steps is done');
    const done = await runOf('R-7');
    expect(done?.run.status).toBe('done');
    expect(done?.run.outcome).toEqual({ kind: 'completed' });
    const log = await r.app.services.releases.queries.events(done?.run.id ?? 0);
    expect(log.filter((e) => e.kind === 'repeated').length).toBeGreaterThanOrEqual(3);
    expect(log.filter((e) => e.kind === 'decided').map((e) => e.actorId)).toEqual([
      'U0LEAD',
      'U0LEAD',
      'U0LEAD',
    ]);
    expect(await r.release('U0ANN', 'list')).toContain('R-7 (staged-rollout) — ✅ completed · 23/23');
  });

  it('every built-in template starts and posts its plan: a header and a reply per step', async () => {
    const templates = loadTemplates({ builtinDir: BUILTIN_TEMPLATES_DIR, locale: 'en' });
    for (const tpl of templates.values()) {
      const answer = await r.release('U0ANN', `start ${tpl.name} t-${tpl.name}`);
      expect(answer, tpl.name).toContain(`Started t-${tpl.name} (${tpl.name})`);
      const run = (await runOf(`t-${tpl.name}`))?.run;
      const subjects = [`release:${run?.id}`, ...tpl.steps.map((s) => `release:${run?.id}:${s.number}`)];
      const posted = await r.app.runtime.repos.live.getMany(subjects);
      expect(posted, tpl.name).toHaveLength(1 + tpl.steps.length);
      const header = posted.find((p) => p.subject === subjects[0]);
      expect(
        posted.filter((p) => p !== header).every((p) => p.threadId === header?.messageId),
        tpl.name,
      ).toBe(true);
    }
  });
});
