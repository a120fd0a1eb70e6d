/**
 * Which timers a ticket's SLA clock needs from now on: a pure function of the ticket, its clock
 * and the settings. Every change to a ticket replans from scratch (new generation), and each timer
 * job schedules its own successor from the same plan, so the two can never disagree.
 */
import { isOpen, type Ticket } from '../tickets/index.ts';
import { addBusinessMs } from './calendar.ts';
import { type ClockState, deadlineOf, isPaused, metAt, noticeKey } from './clock.ts';
import { nextCountdownEdit } from './countdown.ts';
import { type SlaSettings, TARGETS, type Target, targetMs } from './policy.ts';

/** Timer kinds of the SLA engine (the scheduler routes them to the SLA job). */
export const SLA_TIMER_KINDS = {
  page: 'sla.page',
  reping: 'sla.reping',
  escalate: 'sla.escalate',
  warn: 'sla.warn',
  breach: 'sla.breach',
  countdown: 'sla.countdown',
} as const;

export type SlaTimerKind = (typeof SLA_TIMER_KINDS)[keyof typeof SLA_TIMER_KINDS];

export interface PlannedTimer {
  kind: SlaTimerKind;
  dueAt: Date;
  payload: Record<string, unknown>;
}

type Facts = Pick<Ticket, 'status' | 'firstResponseAt' | 'resolvedAt' | 'closedAt'>;

/** Targets still running: defined by the policy and not met yet. */
export function runningTargets(ticket: Facts, clock: ClockState): Target[] {
  return TARGETS.filter((t) => targetMs(clock.policy, t) !== undefined && metAt(ticket, clock, t) === null);
}

/** Warnings and the breach notice of one target that are still to come. */
function targetTimers(clock: ClockState, target: Target, now: Date): PlannedTimer[] {
  const ms = targetMs(clock.policy, target);
  const due = deadlineOf(clock, target);
  if (ms === undefined || !due) return [];
  const { priority, calendar } = clock.policy;
  const out: PlannedTimer[] = [];
  if (!clock.notified.includes(noticeKey(priority, target, 'breach'))) {
    out.push({ kind: SLA_TIMER_KINDS.breach, dueAt: due, payload: { target } });
  }
  if (due <= now) return out; // already over: the breach notice says it all
  let passed: PlannedTimer | null = null;
  for (const fraction of clock.policy.warnAt) {
    if (clock.notified.includes(noticeKey(priority, target, fraction))) continue;
    const at = addBusinessMs(calendar, clock.startedAt, Math.round(ms * fraction), clock.pauses);
    if (!at) continue;
    const timer: PlannedTimer = { kind: SLA_TIMER_KINDS.warn, dueAt: at, payload: { target, fraction } };
    if (at > now) out.push(timer);
    else passed = timer; // only the latest warning already passed is still worth sending
  }
  if (passed) out.push({ ...passed, dueAt: now });
  return out;
}

/** Paging, re-paging and the next automatic escalation, while nobody has responded. */
export function chainTimers(clock: ClockState, settings: SlaSettings): PlannedTimer[] {
  const { calendar, chain, escalateAfterMs } = clock.policy;
  const out: PlannedTimer[] = [];
  if (clock.pagedLevel < clock.level) {
    out.push({ kind: SLA_TIMER_KINDS.page, dueAt: clock.levelSince, payload: { level: clock.level } });
  } else if (clock.pagedAt && clock.pings <= settings.maxRepings) {
    const at = addBusinessMs(calendar, clock.pagedAt, settings.repingAfterMs, clock.pauses);
    if (at)
      out.push({ kind: SLA_TIMER_KINDS.reping, dueAt: at, payload: { level: clock.level, n: clock.pings } });
  }
  if (clock.level + 1 < chain.length) {
    const at = addBusinessMs(calendar, clock.levelSince, escalateAfterMs, clock.pauses);
    if (at) out.push({ kind: SLA_TIMER_KINDS.escalate, dueAt: at, payload: { level: clock.level } });
  }
  return out;
}

/** Every timer the ticket needs from `now` on. */
export function planTimers(
  ticket: Facts,
  clock: ClockState,
  settings: SlaSettings,
  now: Date,
): PlannedTimer[] {
  if (!isOpen(ticket.status) || clock.stoppedAt) return [];
  const out: PlannedTimer[] = [];
  for (const target of runningTargets(ticket, clock)) out.push(...targetTimers(clock, target, now));
  if (clock.chainActive && ticket.status !== 'pending' && !isPaused(clock)) {
    out.push(...chainTimers(clock, settings));
  }
  const edit = nextCountdownEdit(ticket, clock, now, settings.countdownEveryMs);
  if (edit) out.push({ kind: SLA_TIMER_KINDS.countdown, dueAt: edit, payload: {} });
  return out;
}
