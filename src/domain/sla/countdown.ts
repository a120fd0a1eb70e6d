/**
 * The SLA line of a ticket card as data, and when it next changes. The remaining time is shown
 * in steps that grow with the distance to the deadline (1h far out, 1m near it, never finer than
 * `sla.countdownEvery`), so a card is edited only when what it shows changes: a bounded number of
 * edits per ticket, well inside platform rate limits.
 */
import { isOpen, type Ticket } from '../tickets/index.ts';
import { type ClockState, deadlineOf, isPaused, metAt, noticeKey } from './clock.ts';
import { TARGETS, type Target, targetMs } from './policy.ts';

export interface SlaLine {
  state: 'running' | 'paused' | 'overdue' | 'done' | 'none';
  /** The running target nearest its deadline. */
  target?: Target;
  due?: Date;
  /** Remaining time rounded up to the display step. */
  remainingMs?: number;
  /** A warning for the running target was already posted. */
  warned?: boolean;
  /** Targets not met and past their deadline. */
  overdue: { target: Target; due: Date }[];
  /** For a closed ticket: whether any target was missed. */
  missed?: boolean;
}

type Facts = Pick<Ticket, 'status' | 'firstResponseAt' | 'resolvedAt' | 'closedAt'>;

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

/** The display step for `remaining` ms, never finer than the configured edit interval. */
export function displayStep(remaining: number, everyMs: number): number {
  const natural =
    remaining > 24 * H ? H : remaining > 2 * H ? 15 * M : remaining > 15 * M ? 5 * M : remaining > M ? M : S;
  return Math.max(natural, everyMs);
}

function missedAny(ticket: Facts, clock: ClockState): boolean {
  if (clock.breachedAt) return true;
  return TARGETS.some((t) => {
    const due = deadlineOf(clock, t);
    const met = metAt(ticket, clock, t);
    return Boolean(due && met && met > due);
  });
}

/** What the SLA line shows at `now`. */
export function slaLine(ticket: Facts, clock: ClockState, now: Date, everyMs: number): SlaLine {
  if (!isOpen(ticket.status)) return { state: 'done', overdue: [], missed: missedAny(ticket, clock) };
  const overdue: SlaLine['overdue'] = [];
  let next: { target: Target; due: Date } | null = null;
  let unknown = false;
  for (const target of TARGETS) {
    if (targetMs(clock.policy, target) === undefined || metAt(ticket, clock, target)) continue;
    const due = deadlineOf(clock, target);
    if (!due) unknown = true;
    else if (due <= now) overdue.push({ target, due });
    else if (!next || due < next.due) next = { target, due };
  }
  if (isPaused(clock) || (unknown && !next)) return { state: 'paused', overdue };
  if (!next) return { state: overdue.length ? 'overdue' : 'none', overdue };
  const remaining = next.due.getTime() - now.getTime();
  const step = displayStep(remaining, everyMs);
  const warned = clock.policy.warnAt.some((f) =>
    clock.notified.includes(noticeKey(clock.policy.priority, next.target, f)),
  );
  return {
    state: 'running',
    target: next.target,
    due: next.due,
    remainingMs: Math.ceil(remaining / step) * step,
    warned,
    overdue,
  };
}

/** A stable fingerprint of what the line shows (locale-free), to skip edits that change nothing. */
export function lineKey(line: SlaLine): string {
  const overdue = line.overdue.map((o) => o.target).join(',');
  return [
    line.state,
    line.target ?? '',
    line.remainingMs ?? '',
    line.warned ? 'w' : '',
    overdue,
    line.missed ? 'm' : '',
  ].join('|');
}

/**
 * When the shown remaining time next changes (and at least `everyMs` after the last edit), or
 * null when nothing counts down. Reaching the deadline itself is the breach notice's job.
 */
export function nextCountdownEdit(ticket: Facts, clock: ClockState, now: Date, everyMs: number): Date | null {
  const line = slaLine(ticket, clock, now, everyMs);
  if (line.state !== 'running' || !line.due || line.remainingMs === undefined) return null;
  const step = displayStep(line.due.getTime() - now.getTime(), everyMs);
  const shownSteps = Math.round(line.remainingMs / step);
  if (shownSteps <= 1) return null;
  let at = line.due.getTime() - (shownSteps - 1) * step;
  if (clock.cardEditedAt) at = Math.max(at, clock.cardEditedAt.getTime() + everyMs);
  return at < line.due.getTime() ? new Date(at) : null;
}
