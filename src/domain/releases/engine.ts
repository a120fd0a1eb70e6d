/**
 * What time does to a run, as pure functions of the run, its steps and now: steps whose `after:`
 * steps completed get their due time, branches not taken are skipped, due steps are pinged (once,
 * late when sopbot was down), pinged steps are re-pinged every `remindEvery`, monitor windows end,
 * repeats remind on their interval and stop with their `until:` step, T0 passes, and a run whose
 * every step is complete is done. `nextWake` says when any of that will next happen, so a run
 * needs exactly one durable timer. Everything it does is reported as notices (what to say) and
 * events (the log); the caller stores and says them in one transaction.
 */
import { nextRepeat, resolveStepDue } from './due.ts';
import { isComplete, isOpen, type Run, type Step, SYSTEM, specOf } from './model.ts';
import type { TemplateStep } from './template.ts';

/** What a wake-up has to say: a step came due, a re-ping, a repeat reminder, a window ended, T0, the end. */
export type Notice =
  | { kind: 'due'; step: number; owners: string[]; lateMs: number }
  | { kind: 'remind'; step: number; owners: string[]; n: number }
  | { kind: 'repeat'; step: number; owners: string[]; n: number }
  | { kind: 'window_ended'; step: number }
  | { kind: 't0' }
  | { kind: 'finished' };

/** One entry for the run's event log (written with the wake-up's time). */
export interface LogEntry {
  kind: string;
  step: number | null;
  actor: string;
  data: Record<string, unknown>;
}

/** What the engine needs besides the run: now, the re-ping interval, lateness, and owners. */
export interface EngineSettings {
  now: Date;
  /** Re-ping interval for due steps not done; null: off. */
  remindEvery: number | null;
  /** A due ping later than this after its due time says it is late. */
  lateAfterMs: number;
  /** The users owning a step when it comes due (resolves roles and on-call tiers). */
  ownersOf(spec: TemplateStep): Promise<string[]>;
  /**
   * For a timer's wake-up, the instant it was planned for: a step whose "due now" ends in
   * [wokeFor, now] turns overdue at this wake-up, so its reply and the header are redrawn.
   */
  wokeFor?: Date;
}

/** What one call changed: the steps to store, those whose reply must be redrawn, what to say and log. */
export interface Advance {
  changed: Set<number>;
  /** Steps whose reply shows something new (a ping alone changes nothing the reply shows). */
  redraw: Set<number>;
  notices: Notice[];
  log: LogEntry[];
  runChanged: boolean;
}

/** An Advance that changed nothing (callers add to it). */
export function emptyAdvance(): Advance {
  return { changed: new Set(), redraw: new Set(), notices: [], log: [], runChanged: false };
}

function byId(steps: readonly Step[]): Map<string, Step> {
  return new Map(steps.map((s) => [s.id, s]));
}

/** Whether a `when:` step applies: yes, not (yet) decided, or the other branch was taken. */
export function branchOf(steps: readonly Step[], spec: TemplateStep): 'active' | 'waiting' | 'off' {
  if (!spec.when) return 'active';
  const gate = byId(steps).get(spec.when.gate);
  if (!gate?.decision) return 'waiting';
  return gate.decision === spec.when.is ? 'active' : 'off';
}

/** The steps a step still waits on: open `after:` steps, or its undecided `when:` gate. */
export function waitingOn(steps: readonly Step[], spec: TemplateStep): string[] {
  const ids = byId(steps);
  const open = spec.due?.kind === 'after' ? spec.due.steps.filter((id) => !isCompleteId(ids, id)) : [];
  if (spec.when && branchOf(steps, spec) === 'waiting' && !open.includes(spec.when.gate))
    open.push(spec.when.gate);
  return open;
}

function isCompleteId(ids: Map<string, Step>, id: string): boolean {
  const s = ids.get(id);
  return s ? isComplete(s) : true;
}

function completions(steps: readonly Step[]): Map<string, Date> {
  const out = new Map<string, Date>();
  for (const s of steps) if (isComplete(s) && s.completedAt) out.set(s.id, s.completedAt);
  return out;
}

/** Marks a step done or skipped by someone (or `sopbot`), with an optional note. */
export function complete(
  step: Step,
  state: 'done' | 'skipped',
  by: string,
  at: Date,
  note: string | null = null,
): void {
  step.state = state;
  step.completedAt = at;
  step.completedBy = by;
  if (note !== null) step.note = note;
}

/** Due times for waiting steps whose `after:` steps are now complete. */
function resolveWaiting(run: Run, steps: Step[], out: Advance): boolean {
  const done = completions(steps);
  let moved = false;
  for (const step of steps) {
    const spec = specOf(run, step);
    if (!isOpen(step) || step.dueAt || spec.due?.kind !== 'after') continue;
    const due = resolveStepDue(spec, run.t0, run.zone, done);
    if (!due.at) continue;
    step.dueAt = due.at;
    step.endsAt = due.endsAt;
    out.changed.add(step.number);
    out.redraw.add(step.number);
    out.log.push({
      kind: 'scheduled',
      step: step.number,
      actor: SYSTEM,
      data: { due: due.at.toISOString() },
    });
    moved = true;
  }
  return moved;
}

function skipBranches(run: Run, steps: Step[], now: Date, out: Advance): boolean {
  let moved = false;
  for (const step of steps) {
    if (!isOpen(step) || branchOf(steps, specOf(run, step)) !== 'off') continue;
    complete(step, 'skipped', SYSTEM, now, null);
    out.changed.add(step.number);
    out.redraw.add(step.number);
    out.log.push({ kind: 'branch_skipped', step: step.number, actor: SYSTEM, data: {} });
    moved = true;
  }
  return moved;
}

/** Whether a step is due for its first ping now. */
function comesDue(run: Run, steps: Step[], step: Step, now: Date): boolean {
  if (step.state !== 'pending' || step.duePingedAt || !step.dueAt || step.dueAt > now) return false;
  return waitingOn(steps, specOf(run, step)).length === 0;
}

async function pingDue(run: Run, steps: Step[], s: EngineSettings, out: Advance): Promise<boolean> {
  let moved = false;
  for (const step of steps) {
    if (!comesDue(run, steps, step, s.now)) continue;
    const spec = specOf(run, step);
    step.duePingedAt = s.now;
    step.lastRemindedAt = s.now;
    out.changed.add(step.number);
    moved = true;
    step.owners = await s.ownersOf(spec);
    if (spec.owner?.kind === 'oncall') out.redraw.add(step.number);
    const from = Math.max((step.dueAt as Date).getTime(), run.createdAt.getTime());
    const lateMs = s.now.getTime() - from > s.lateAfterMs ? s.now.getTime() - from : 0;
    step.lateMs = lateMs || null;
    if (lateMs) out.redraw.add(step.number);
    out.notices.push({ kind: 'due', step: step.number, owners: step.owners, lateMs });
    out.log.push({
      kind: 'due',
      step: step.number,
      actor: SYSTEM,
      data: { owners: step.owners, ...(lateMs ? { lateMs } : {}) },
    });
  }
  return moved;
}

/** Monitors whose window ended (unless blocked) and repeats whose phase ended complete themselves. */
function endPhases(run: Run, steps: Step[], now: Date, out: Advance): boolean {
  const ids = byId(steps);
  let moved = false;
  for (const step of steps) {
    const spec = specOf(run, step);
    if (step.state !== 'pending') continue;
    if (spec.kind === 'monitor' && step.duePingedAt && step.endsAt && step.endsAt <= now) {
      complete(step, 'done', SYSTEM, step.endsAt);
      out.notices.push({ kind: 'window_ended', step: step.number });
      out.log.push({ kind: 'window_ended', step: step.number, actor: SYSTEM, data: {} });
    } else if (spec.kind === 'repeat' && repeatOver(run, steps, spec, ids)) {
      complete(step, 'done', SYSTEM, now);
      out.log.push({ kind: 'repeat_ended', step: step.number, actor: SYSTEM, data: {} });
    } else continue;
    out.changed.add(step.number);
    out.redraw.add(step.number);
    moved = true;
  }
  return moved;
}

function repeatOver(run: Run, steps: Step[], spec: TemplateStep, ids: Map<string, Step>): boolean {
  if (spec.until) return isCompleteId(ids, spec.until);
  return steps.every((s) => isComplete(s) || specOf(run, s).kind === 'repeat');
}

function remind(run: Run, steps: Step[], s: EngineSettings, out: Advance): void {
  for (const step of steps) {
    const spec = specOf(run, step);
    if (step.state !== 'pending' || !step.duePingedAt || !step.lastRemindedAt) continue;
    const last = step.lastRemindedAt.getTime();
    let kind: 'remind' | 'repeat';
    if (spec.kind === 'repeat') {
      const next = nextRepeat(spec, step.dueAt ?? step.duePingedAt, step.lastRemindedAt);
      if (!next || next > s.now) continue;
      kind = 'repeat';
    } else if ((spec.kind === 'task' || spec.kind === 'gate') && s.remindEvery) {
      if (last + s.remindEvery > s.now.getTime()) continue;
      kind = 'remind';
    } else continue;
    step.reminders += 1;
    step.lastRemindedAt = s.now;
    out.changed.add(step.number);
    const owners = step.owners ?? [];
    out.notices.push({ kind, step: step.number, owners, n: step.reminders });
    out.log.push({
      kind: `${kind}ed`,
      step: step.number,
      actor: SYSTEM,
      data: { n: step.reminders, owners },
    });
  }
}

/**
 * Moves the run to `s.now`: everything time (or a completion just made) set off. Mutates `run`
 * and `steps`; returns what changed. Idempotent: calling it twice at one instant does nothing the
 * second time, so a duplicate or early wake-up is harmless.
 */
export async function advance(run: Run, steps: Step[], s: EngineSettings): Promise<Advance> {
  const out = emptyAdvance();
  if (run.status !== 'running') return out;
  if (!run.t0ReachedAt && run.t0 <= s.now) {
    run.t0ReachedAt = s.now;
    out.runChanged = true;
    if (run.t0 > run.createdAt) {
      out.notices.push({ kind: 't0' });
      out.log.push({ kind: 't0', step: null, actor: SYSTEM, data: {} });
    }
  }
  for (let pass = 0; pass <= steps.length; pass++) {
    const moved = [
      skipBranches(run, steps, s.now, out),
      resolveWaiting(run, steps, out),
      await pingDue(run, steps, s, out),
      endPhases(run, steps, s.now, out),
    ];
    if (!moved.some(Boolean)) break;
  }
  remind(run, steps, s, out);
  if (s.wokeFor) {
    const from = s.wokeFor.getTime();
    const done = completions(steps);
    for (const step of steps) {
      const until = dueNowUntil(run, steps, step, done)?.getTime();
      if (until !== undefined && until >= from && until <= s.now.getTime()) out.redraw.add(step.number);
    }
  }
  if (steps.every(isComplete)) {
    run.status = 'done';
    run.outcome = { kind: 'completed' };
    run.finishedAt = s.now;
    out.runChanged = true;
    out.notices.push({ kind: 'finished' });
    out.log.push({ kind: 'finished', step: null, actor: SYSTEM, data: { outcome: 'completed' } });
  }
  return out;
}

/**
 * The next instant `advance` has something to do for this run after `now`; null when nothing ever
 * will. The end of a step's "due now" counts (it turns overdue then, and its card shows it).
 */
export function nextWake(
  run: Run,
  steps: readonly Step[],
  remindEvery: number | null,
  now: Date,
): Date | null {
  if (run.status !== 'running') return null;
  const times: number[] = [];
  if (!run.t0ReachedAt) times.push(run.t0.getTime());
  const done = completions(steps);
  for (const step of steps) {
    if (step.state !== 'pending') continue;
    const spec = specOf(run, step);
    const dueNowEnds = dueNowUntil(run, steps, step, done);
    if (dueNowEnds && dueNowEnds > now) times.push(dueNowEnds.getTime());
    if (!step.duePingedAt) {
      if (step.dueAt) times.push(step.dueAt.getTime());
      continue;
    }
    if (spec.kind === 'monitor' && step.endsAt) times.push(step.endsAt.getTime());
    if (spec.kind === 'repeat' && step.lastRemindedAt) {
      const next = nextRepeat(spec, step.dueAt ?? step.duePingedAt, step.lastRemindedAt);
      if (next) times.push(next.getTime());
    }
    if ((spec.kind === 'task' || spec.kind === 'gate') && remindEvery && step.lastRemindedAt)
      times.push(step.lastRemindedAt.getTime() + remindEvery);
  }
  return times.length ? new Date(Math.min(...times)) : null;
}

/** How long a step due the moment it could be worked on stays "due now" before it is overdue. */
export const DUE_NOW_GRACE_MS = 15 * 60_000;
/** "The moment it could be worked on": a scheduled run is created a little after its slot (T0). */
const SAME_MOMENT_MS = 60_000;

/**
 * Until when an open step is "due now" rather than overdue, or null when it is not. A step due the
 * very moment it could first be worked on (a T0 step of a run started now, an `after:` step with
 * no delay once what it waits on is done) is due now, not late, until DUE_NOW_GRACE_MS after its
 * due time, unless it was reminded since it came due or announced late. Other steps (due later
 * than they could be worked on, or well before: a 09:00 step of a run started at 10:00) are late
 * once due. So a run's first card does not call every T0 step overdue, nor does finishing a step
 * its successor.
 */
function dueNowUntil(
  run: Run,
  steps: readonly Step[],
  step: Step,
  done: ReadonlyMap<string, Date> = completions(steps),
): Date | null {
  const spec = specOf(run, step);
  if (!isOpen(step) || !step.dueAt || spec.kind === 'monitor' || spec.kind === 'repeat') return null;
  if (waitingOn(steps, spec).length) return null;
  const after = spec.due?.kind === 'after' ? spec.due.steps.map((id) => done.get(id)?.getTime() ?? 0) : [];
  const possibleFrom = Math.max(run.createdAt.getTime(), ...after);
  const due = step.dueAt.getTime();
  if (due > possibleFrom || due < possibleFrom - SAME_MOMENT_MS) return null;
  const reminded = Boolean(step.duePingedAt && step.lastRemindedAt && step.lastRemindedAt > step.duePingedAt);
  if (reminded || step.lateMs) return null;
  return new Date(due + DUE_NOW_GRACE_MS);
}

/** Open steps past their due time (tasks and gates; monitors and repeats end on their own), see `dueNowUntil`. */
export function overdueSteps(run: Run, steps: readonly Step[], now: Date): Step[] {
  const done = completions(steps);
  return steps.filter((step) => {
    const spec = specOf(run, step);
    if (!isOpen(step) || !step.dueAt || step.dueAt > now) return false;
    if (spec.kind === 'monitor' || spec.kind === 'repeat') return false;
    if (waitingOn(steps, spec).length) return false;
    const until = dueNowUntil(run, steps, step, done);
    return until === null || now >= until;
  });
}

/** A gate is open for votes once nothing it waits on is open and it is undecided. */
export function gateOpen(run: Run, steps: readonly Step[], step: Step): boolean {
  const spec = specOf(run, step);
  return spec.kind === 'gate' && isOpen(step) && !step.decision && waitingOn(steps, spec).length === 0;
}
