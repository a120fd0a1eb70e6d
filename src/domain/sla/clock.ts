/**
 * The SLA clock of one ticket as the domain sees it (dates, not ISO strings), and the pure
 * questions asked of it: when each target is due, whether it was met, whether the clock is paused.
 */
import type { SlaClockPatch, SlaClockRow } from '../../../db/repositories/index.ts';
import type { Priority, Ticket } from '../tickets/index.ts';
import { addBusinessMs, type Pause } from './calendar.ts';
import { type FrozenPolicy, type Target, targetMs, thawPolicy } from './policy.ts';

export interface ClockState {
  ticketId: number;
  /** The live-timer stamp: timers of another generation are stale. */
  generation: number;
  priority: Priority;
  team: string | null;
  policy: FrozenPolicy;
  startedAt: Date;
  pauses: Pause[];
  stoppedAt: Date | null;
  restoredAt: Date | null;
  breachedAt: Date | null;
  notified: string[];
  /** Index into `policy.chain` of the tier the ticket is at. */
  level: number;
  levelSince: Date;
  /** The highest level whose on-call has been paged (-1: none yet). */
  pagedLevel: number;
  pagedAt: Date | null;
  /** Pages sent at the current level (the first page and its repeats). */
  pings: number;
  /** False once someone responded or acknowledged; a manual escalation restarts it. */
  chainActive: boolean;
  cardLine: string | null;
  cardEditedAt: Date | null;
}

export function toClockState(row: SlaClockRow): ClockState {
  return {
    ticketId: row.ticketId,
    generation: row.generation,
    priority: row.priority as Priority,
    team: row.team,
    policy: thawPolicy(row.policy),
    startedAt: row.startedAt,
    pauses: row.pauses.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) })),
    stoppedAt: row.stoppedAt,
    restoredAt: row.restoredAt,
    breachedAt: row.breachedAt,
    notified: row.notified,
    level: row.level,
    levelSince: row.levelSince,
    pagedLevel: row.pagedLevel,
    pagedAt: row.pagedAt,
    pings: row.pings,
    chainActive: row.chainActive,
    cardLine: row.cardLine,
    cardEditedAt: row.cardEditedAt,
  };
}

/** The row patch storing `state` (deadlines included, so breach lists are one indexed query). */
export function toClockPatch(state: ClockState, now: Date): SlaClockPatch {
  return {
    generation: state.generation,
    priority: state.priority,
    team: state.team,
    policy: state.policy as unknown as Record<string, unknown>,
    startedAt: state.startedAt,
    pauses: state.pauses.map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null })),
    stoppedAt: state.stoppedAt,
    firstResponseDue: deadlineOf(state, 'first_response') ?? null,
    resolveDue: deadlineOf(state, 'resolve') ?? null,
    restoreDue: deadlineOf(state, 'restore') ?? null,
    restoredAt: state.restoredAt,
    breachedAt: state.breachedAt,
    notified: state.notified,
    level: state.level,
    levelSince: state.levelSince,
    pagedLevel: state.pagedLevel,
    pagedAt: state.pagedAt,
    pings: state.pings,
    chainActive: state.chainActive,
    cardLine: state.cardLine,
    cardEditedAt: state.cardEditedAt,
    updatedAt: now,
  };
}

/** When `target` is due; null while paused before it is reached; undefined if there is no such target. */
export function deadlineOf(clock: ClockState, target: Target): Date | null | undefined {
  const ms = targetMs(clock.policy, target);
  if (ms === undefined) return undefined;
  return addBusinessMs(clock.policy.calendar, clock.startedAt, ms, clock.pauses);
}

/** When `target` was met, or null while it is not. Resolving meets every target. */
export function metAt(
  ticket: Pick<Ticket, 'firstResponseAt' | 'resolvedAt' | 'closedAt'>,
  clock: Pick<ClockState, 'restoredAt'>,
  target: Target,
): Date | null {
  const done = ticket.resolvedAt ?? ticket.closedAt;
  if (target === 'first_response') return ticket.firstResponseAt ?? done;
  if (target === 'restore') return clock.restoredAt ?? done;
  return done;
}

export function isPaused(clock: Pick<ClockState, 'pauses'>): boolean {
  return clock.pauses.some((p) => p.to === null);
}

/** Key of a warning (`P1:first_response:0.5`) or breach (`P1:resolve:breach`) in `notified`. */
export function noticeKey(priority: Priority, target: Target, step: number | 'breach'): string {
  return `${priority}:${target}:${step}`;
}

/** Opens a pause at `at` (no-op if one is open). */
export function pauseAt(pauses: Pause[], at: Date): Pause[] {
  return pauses.some((p) => p.to === null) ? pauses : [...pauses, { from: at, to: null }];
}

/** Closes the open pause at `at` (no-op if none is open). */
export function resumeAt(pauses: Pause[], at: Date): Pause[] {
  return pauses.map((p) => (p.to === null ? { from: p.from, to: at } : p));
}
