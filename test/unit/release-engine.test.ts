/**
 * The run engine as pure functions: what a wake-up at an instant does to a run (due pings once,
 * lateness, re-pings, monitor windows, repeats, branches, completion) and when the next one is.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { advance, type EngineSettings, nextWake, overdueSteps } from '../../src/domain/releases/engine.ts';
import type { Run, Step } from '../../src/domain/releases/model.ts';
import { toStep } from '../../src/domain/releases/records.ts';
import { stepRows } from '../../src/domain/releases/start.ts';
import { parseTemplate, type ReleaseTemplate } from '../../src/domain/releases/template.ts';

const T0 = new Date('2026-03-02T10:00:00Z');
const S = 1000;
const M = 60 * S;

function template(yaml: string): ReleaseTemplate {
  const parsed = parseTemplate(parseYaml(yaml), { file: 'test.yaml', builtin: false });
  if (!parsed.template) throw new Error(JSON.stringify(parsed.problems));
  return parsed.template;
}

const TPL = template(`
name: t
title: T
sections:
  - title: S
    steps:
      - { id: a, title: A, owner: ann, due: T+1m }
      - { id: b, title: B, owner: bob, after: a, in: 5m }
      - { id: g, title: G, kind: gate, after: b, onNogo: continue }
      - { id: yes, title: Yes, after: g, when: { gate: g, is: go } }
      - { id: no, title: No, after: g, when: { gate: g, is: nogo } }
      - { id: w, title: W, kind: monitor, window: 10m, after: [yes, no] }
      - { id: r, title: R, kind: repeat, every: 3m, after: a, until: w }
`);

function fresh(tpl = TPL, createdAt = T0): { run: Run; steps: Step[] } {
  const run: Run = {
    id: 1,
    workspaceId: 1,
    platform: 'slack',
    channelId: 'C1',
    name: 'R',
    template: tpl,
    locale: 'en',
    zone: 'UTC',
    t0: T0,
    t0ReachedAt: T0,
    status: 'running',
    outcome: null,
    starterId: 'ann',
    roles: {},
    parentId: null,
    scheduleKey: null,
    createdAt,
    finishedAt: null,
  };
  return { run, steps: stepRows(1, tpl, 'UTC', T0).map(toStep) };
}

const settings = (now: number, remindEvery: number | null = null): EngineSettings => ({
  now: new Date(now),
  remindEvery,
  lateAfterMs: 5 * S,
  ownersOf: async (spec) => (spec.owner?.kind === 'user' ? [spec.owner.id] : []),
});

function finish(step: Step | undefined, at: number, by = 'ann'): void {
  if (!step) throw new Error('no step');
  step.state = 'done';
  step.completedAt = new Date(at);
  step.completedBy = by;
}

describe('advance', () => {
  it('pings a step once when it comes due, and says how late when the bot was down', async () => {
    const { run, steps } = fresh();
    expect((await advance(run, steps, settings(T0.getTime() + 30 * S))).notices).toEqual([]);
    const due = await advance(run, steps, settings(T0.getTime() + M));
    expect(due.notices).toEqual([{ kind: 'due', step: 1, owners: ['ann'], lateMs: 0 }]);
    expect((await advance(run, steps, settings(T0.getTime() + M))).notices).toEqual([]);

    const late = fresh();
    const ping = await advance(late.run, late.steps, settings(T0.getTime() + 4 * M));
    expect(ping.notices).toEqual([{ kind: 'due', step: 1, owners: ['ann'], lateMs: 3 * M }]);
    expect(late.steps[0]?.lateMs).toBe(3 * M);
  });

  it('re-pings every remindEvery, once however long it was down', async () => {
    const { run, steps } = fresh();
    await advance(run, steps, settings(T0.getTime() + M, 15 * M));
    expect((await advance(run, steps, settings(T0.getTime() + 15 * M, 15 * M))).notices).toEqual([]);
    const again = await advance(run, steps, settings(T0.getTime() + 16 * M, 15 * M));
    expect(again.notices).toEqual([{ kind: 'remind', step: 1, owners: ['ann'], n: 1 }]);
    const later = await advance(run, steps, settings(T0.getTime() + 120 * M, 15 * M));
    expect(later.notices.filter((n) => n.kind === 'remind')).toEqual([
      { kind: 'remind', step: 1, owners: ['ann'], n: 2 },
    ]);
    expect(nextWake(run, steps, 15 * M, new Date(T0.getTime() + 120 * M))).toEqual(
      new Date(T0.getTime() + 135 * M),
    );
  });

  it('gives after: steps their due time when the one before completes, then pings them', async () => {
    const { run, steps } = fresh();
    await advance(run, steps, settings(T0.getTime() + M));
    expect(steps[1]?.dueAt).toBeNull();
    finish(steps[0], T0.getTime() + 2 * M);
    const out = await advance(run, steps, settings(T0.getTime() + 2 * M));
    expect(steps[1]?.dueAt).toEqual(new Date(T0.getTime() + 7 * M));
    expect(out.redraw.has(2)).toBe(true);
    expect(nextWake(run, steps, null, new Date(T0.getTime() + 2 * M))).toEqual(
      new Date(T0.getTime() + 2 * M + 3 * M),
    ); // the repeat's first reminder
  });

  it('repeats every interval from its start until its until: step completes', async () => {
    const { run, steps } = fresh();
    finish(steps[0], T0.getTime() + M);
    await advance(run, steps, settings(T0.getTime() + M));
    expect(steps[6]?.duePingedAt).toEqual(new Date(T0.getTime() + M));
    const kinds = async (at: number) =>
      (await advance(run, steps, settings(at))).notices.map((n) => `${n.kind}:${'step' in n ? n.step : ''}`);
    expect(await kinds(T0.getTime() + 3 * M)).toEqual([]);
    expect(await kinds(T0.getTime() + 4 * M)).toEqual(['repeat:7']);
    expect(await kinds(T0.getTime() + 20 * M)).toEqual(['due:2', 'repeat:7']);
    finish(steps[5], T0.getTime() + 21 * M);
    await advance(run, steps, settings(T0.getTime() + 21 * M));
    expect(steps[6]).toMatchObject({ state: 'done', completedBy: 'sopbot' });
  });

  it('skips the branch a gate did not take, ends a monitor with its window, and finishes the run', async () => {
    const { run, steps } = fresh();
    finish(steps[0], T0.getTime() + M);
    finish(steps[1], T0.getTime() + 2 * M);
    const gate = steps[2] as Step;
    gate.decision = 'nogo';
    finish(gate, T0.getTime() + 3 * M, 'lead');
    await advance(run, steps, settings(T0.getTime() + 3 * M));
    expect(steps[3]).toMatchObject({ state: 'skipped', completedBy: 'sopbot' });
    expect(steps[4]?.duePingedAt).toEqual(new Date(T0.getTime() + 3 * M));
    finish(steps[4], T0.getTime() + 4 * M);
    await advance(run, steps, settings(T0.getTime() + 4 * M));
    expect(steps[5]?.endsAt).toEqual(new Date(T0.getTime() + 14 * M));
    expect(nextWake(run, steps, null, new Date(T0.getTime() + 4 * M))).toEqual(
      new Date(T0.getTime() + 7 * M),
    );
    const end = await advance(run, steps, settings(T0.getTime() + 14 * M));
    expect(end.notices.map((n) => n.kind)).toEqual(['window_ended', 'finished']);
    expect(steps[5]?.completedAt).toEqual(new Date(T0.getTime() + 14 * M));
    expect(run).toMatchObject({ status: 'done', outcome: { kind: 'completed' } });
    expect(nextWake(run, steps, 15 * M, new Date(T0.getTime() + 14 * M))).toBeNull();
  });

  it('flags as overdue the open tasks and gates past their due time only', async () => {
    const { run, steps } = fresh();
    expect(overdueSteps(run, steps, new Date(T0.getTime() + M))).toHaveLength(1);
    expect(overdueSteps(run, steps, new Date(T0.getTime() + 59 * S))).toHaveLength(0);
    finish(steps[0], T0.getTime() + M);
    expect(overdueSteps(run, steps, new Date(T0.getTime() + 2 * M))).toHaveLength(0);
  });

  it('calls a step due the moment it could be worked on due now, not overdue, until reminded or 15 min on', async () => {
    const tpl = template(`
name: now
title: Now
sections:
  - title: S
    steps:
      - { id: a, title: A, owner: ann, due: T0 }
      - { id: b, title: B, owner: bob, after: a }
      - { id: c, title: C, owner: bob, after: a, in: 5m }
`);
    const { run, steps } = fresh(tpl);
    await advance(run, steps, settings(T0.getTime(), 10 * M));
    // Started now: A is due now, not late.
    expect(overdueSteps(run, steps, new Date(T0.getTime() + S))).toHaveLength(0);
    // With reminders off the run still wakes when A's quarter of an hour ends, and redraws A then, once.
    const graceEnd = new Date(T0.getTime() + 15 * M);
    expect(nextWake(run, steps, null, new Date(T0.getTime() + S))).toEqual(graceEnd);
    const quiet = { ...settings(graceEnd.getTime()), wokeFor: graceEnd };
    expect([...(await advance(run, steps, quiet)).redraw]).toEqual([1]);
    expect(nextWake(run, steps, null, graceEnd)).toBeNull();
    const later = new Date(graceEnd.getTime() + S);
    expect((await advance(run, steps, { ...settings(later.getTime()), wokeFor: later })).redraw.size).toBe(0);
    // Reminded since it came due: now it is overdue.
    await advance(run, steps, settings(T0.getTime() + 10 * M, 10 * M));
    expect(overdueSteps(run, steps, new Date(T0.getTime() + 10 * M)).map((x) => x.id)).toEqual(['a']);
    finish(steps[0], T0.getTime() + 11 * M);
    await advance(run, steps, settings(T0.getTime() + 11 * M));
    // B (right after A) is due now; C has a deadline of its own, 5 min later, and is late past it.
    expect(overdueSteps(run, steps, new Date(T0.getTime() + 12 * M))).toHaveLength(0);
    expect(overdueSteps(run, steps, new Date(T0.getTime() + 16 * M + S)).map((x) => x.id)).toEqual(['c']);
    // With no reminder at all, a quarter of an hour past due is overdue.
    expect(overdueSteps(run, steps, new Date(T0.getTime() + 26 * M)).map((x) => x.id)).toEqual(['b', 'c']);

    // A run created half an hour after its T0 (a scheduled slot caught up late): its T0 step is late at once.
    const late = fresh(tpl, new Date(T0.getTime() + 30 * M));
    await advance(late.run, late.steps, settings(T0.getTime() + 30 * M));
    expect(overdueSteps(late.run, late.steps, new Date(T0.getTime() + 30 * M)).map((x) => x.id)).toEqual([
      'a',
    ]);
  });

  it('announces a T0 that was ahead when it passes, once', async () => {
    const { run, steps } = fresh(TPL, new Date(T0.getTime() - 60 * M));
    run.t0ReachedAt = null;
    expect(nextWake(run, steps, null, new Date(T0.getTime() - 60 * M))).toEqual(T0);
    expect((await advance(run, steps, settings(T0.getTime()))).notices.map((n) => n.kind)).toEqual(['t0']);
    expect((await advance(run, steps, settings(T0.getTime() + S))).notices).toEqual([]);
  });
});
