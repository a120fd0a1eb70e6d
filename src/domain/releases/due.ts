/**
 * When each step of a run is due: pure functions of the template, T0, the zone and the steps
 * completed so far (no clock reads, no storage), so a scheduler can recompute them at any time.
 *
 * Rules (DueSpec in template-fields.ts):
 * - `09:00` is that wall time on T0's local date in the zone, even when it is earlier than T0
 *   (a run started at 10:00 has its 09:00 step overdue at once; the step is flagged `before_t0`
 *   so the card can say so). PRODUCT calls it "absolute local"; rolling it to tomorrow would
 *   silently move a same-day deadline by a day.
 * - `D+3 10:00` is 10:00 three local days after T0's local date (`D+3` alone keeps T0's wall
 *   time); days are counted on the calendar, so across a DST change it is still 10:00 local.
 * - `T-2h` / `T+30m` / `T0` are real elapsed time from T0 (T+24h across spring-forward shows 01:00
 *   later on the wall clock).
 * - `after: X` (+ `in: 30m`) is that long after the last of the named steps completed (done or
 *   skipped); while one is open the step is due `null` and lists what it waits on.
 * - A wall time the zone skips (spring forward, LA 2026-03-08 02:30) resolves to the first valid
 *   minute after the gap (03:00 PDT), flagged `shifted`; one it repeats (fall back, LA 2026-11-01
 *   01:30) to its first occurrence (PDT).
 */
import { localDay, localToInstant } from './local-time.ts';
import type { ReleaseTemplate, TemplateStep } from './template.ts';

export { localToInstant } from './local-time.ts';
export { parseStartAt, type StartAt } from './start-at.ts';

export type DueFlag = 'before_t0' | 'shifted';

/** A step's resolved timing. */
export interface StepDue {
  readonly id: string;
  /** Due (a monitor's window opens, a repeat's first reminder period starts); null = waiting or undated. */
  readonly at: Date | null;
  /** A monitor's window closes (it completes then unless blocked); null otherwise. */
  readonly endsAt: Date | null;
  /** `after:` steps not completed yet (empty when not waiting). */
  readonly waitingOn: readonly string[];
  readonly flags: readonly DueFlag[];
}

/** Completion (done or skipped) instants by step id. */
export type Completions = ReadonlyMap<string, Date> | Readonly<Record<string, Date>>;

function completionOf(completed: Completions, id: string): Date | undefined {
  return completed instanceof Map ? completed.get(id) : (completed as Record<string, Date>)[id];
}

function timed(id: string, at: Date, t0: Date, shifted = false): StepDue {
  const flags: DueFlag[] = [];
  if (at.getTime() < t0.getTime()) flags.push('before_t0');
  if (shifted) flags.push('shifted');
  return { id, at, endsAt: null, waitingOn: [], flags };
}

function baseDue(step: TemplateStep, t0: Date, zone: string, completed: Completions): StepDue {
  const due = step.due;
  if (!due)
    return { id: step.id, at: step.kind === 'repeat' ? t0 : null, endsAt: null, waitingOn: [], flags: [] };
  if (due.kind === 'offset') return timed(step.id, new Date(t0.getTime() + due.ms), t0);
  if (due.kind === 'local') {
    const { at, shifted } = localToInstant(localDay(t0, zone, due.days, due.time), zone);
    return timed(step.id, at, t0, shifted);
  }
  const waitingOn = due.steps.filter((id) => completionOf(completed, id) === undefined);
  if (waitingOn.length) return { id: step.id, at: null, endsAt: null, waitingOn, flags: [] };
  const last = Math.max(...due.steps.map((id) => completionOf(completed, id)?.getTime() ?? 0));
  return { id: step.id, at: new Date(last + due.ms), endsAt: null, waitingOn: [], flags: [] };
}

/** One step's timing. */
export function resolveStepDue(
  step: TemplateStep,
  t0: Date,
  zone: string,
  completed: Completions = {},
): StepDue {
  const base = baseDue(step, t0, zone, completed);
  if (step.kind !== 'monitor' || !base.at || step.window === null) return base;
  return { ...base, endsAt: new Date(base.at.getTime() + step.window) };
}

/** Every step's timing, by id, in template order. */
export function resolveDueTimes(input: {
  template: Pick<ReleaseTemplate, 'steps'>;
  t0: Date;
  zone: string;
  completed?: Completions;
}): Map<string, StepDue> {
  const out = new Map<string, StepDue>();
  for (const step of input.template.steps) {
    out.set(step.id, resolveStepDue(step, input.t0, input.zone, input.completed ?? {}));
  }
  return out;
}

/** The zone a run of this template keeps time in: its own, else the team's. */
export function templateZone(template: Pick<ReleaseTemplate, 'timezone'>, teamZone: string): string {
  return template.timezone ?? teamZone;
}

/** The deadline the progress header counts down to (`countdown.within` after T0), if any. */
export function countdownDeadline(template: Pick<ReleaseTemplate, 'countdown'>, t0: Date): Date | null {
  return template.countdown ? new Date(t0.getTime() + template.countdown.within) : null;
}

/**
 * A repeat step's reminders: `from + every`, `from + 2·every`, … strictly before `until` (the
 * `until:` step's completion; null = open-ended, capped at `limit`). The first reminder is one
 * interval in: the step's own post at `from` is the start of the phase.
 */
export function repeatTimes(step: TemplateStep, from: Date, until: Date | null, limit = 500): Date[] {
  if (step.every === null || step.every <= 0) return [];
  const out: Date[] = [];
  for (let t = from.getTime() + step.every; out.length < limit; t += step.every) {
    if (until && t >= until.getTime()) break;
    out.push(new Date(t));
  }
  return out;
}

/**
 * The next reminder strictly after `now` (null when none is left before `until`): what a timer
 * schedules after firing, or after a restart, without replaying the reminders missed meanwhile.
 */
export function nextRepeat(
  step: TemplateStep,
  from: Date,
  now: Date,
  until: Date | null = null,
): Date | null {
  if (step.every === null || step.every <= 0) return null;
  const k = Math.max(1, Math.floor((now.getTime() - from.getTime()) / step.every) + 1);
  const next = from.getTime() + k * step.every;
  return until && next >= until.getTime() ? null : new Date(next);
}
