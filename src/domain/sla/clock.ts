/**
 * The SLA clock of one ticket as the domain sees it (dates, not ISO strings), and the pure
 * questions asked of it: when each target is due, whether it was met, whether the clock is paused.
 */
import type { SlaClockPatch, SlaClockRow } from '../../../db/repositories/index.ts';
import type { Priority, Ticket } from '../tickets/index.ts';
import { addBusinessMs, elapsedBusinessMs, type Pause } from './calendar.ts';
import { type FrozenPolicy, TARGETS, type Target, targetMs, thawPolicy } from './policy.ts';

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

/** What `metAt` needs of a ticket: when it was first answered, resolved, closed. */
export type MetFields = Pick<Ticket, 'firstResponseAt' | 'resolvedAt' | 'closedAt'>;

/** What a clock row keeps of its ticket for the digests (see `slaClocks`). */
export type ClockTicketFields = MetFields & Pick<Ticket, 'workspaceId' | 'category' | 'assigneeId'>;

/**
 * The row patch storing `state` (deadlines included, so breach lists are one indexed query) and
 * what digests read of it: when each target was met and how long it took (`metDurations`), its
 * overrun instants (`overrunInstants`) and the ticket's workspace, category and assignee.
 * `ticket` is the ticket as it is after the change being stored.
 */
export function toClockPatch(state: ClockState, now: Date, ticket: ClockTicketFields): SlaClockPatch {
  const met = metDurations(ticket, state);
  const over = overrunInstants(state);
  return {
    firstResponseMetAt: metAt(ticket, state, 'first_response'),
    resolveMetAt: metAt(ticket, state, 'resolve'),
    restoreMetAt: metAt(ticket, state, 'restore'),
    workspaceId: ticket.workspaceId,
    category: ticket.category,
    assigneeId: ticket.assigneeId,
    firstResponseMs: met.firstResponseMs,
    resolveMs: met.resolveMs,
    restoreMs: met.restoreMs,
    firstResponseOver50At: over.first_response.over50,
    firstResponseOver100At: over.first_response.over100,
    resolveOver50At: over.resolve.over50,
    resolveOver100At: over.resolve.over100,
    restoreOver50At: over.restore.over50,
    restoreOver100At: over.restore.over100,
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

/** Calendar time each target took, in ms; null while not met (or, for restore, without a target). */
export interface MetDurations {
  firstResponseMs: number | null;
  resolveMs: number | null;
  restoreMs: number | null;
}

/**
 * How long each target took on the frozen policy's calendar: business time from the clock's start
 * to `metAt`, pauses (pending, and the resolved stretch before a reopen) excluded. Digests average
 * and rank these; SQL cannot do the calendar arithmetic, so they are stored with the clock.
 */
export function metDurations(
  ticket: MetFields,
  clock: Pick<ClockState, 'policy' | 'startedAt' | 'pauses' | 'restoredAt'>,
): MetDurations {
  const took = (target: Target): number | null => {
    const met = metAt(ticket, clock, target);
    if (!met || targetMs(clock.policy, target) === undefined) return null;
    return elapsedBusinessMs(clock.policy.calendar, clock.startedAt, met, clock.pauses);
  };
  return { firstResponseMs: took('first_response'), resolveMs: took('resolve'), restoreMs: took('restore') };
}

/** The first instants a target is more than 50% / 100% over; null = not reached (or no target). */
export interface OverrunInstants {
  over50: Date | null;
  over100: Date | null;
}

/**
 * For each target, the first instant at which its elapsed calendar time exceeds 1.5× and 2× the
 * target (seed 001 响应时间补偿: 超出标准50%以内 / 50%-100% / 100%以上). Overrun at x is ≤ 50% exactly
 * when x < over50, ≤ 100% exactly when x < over100, so breaches still open at the end of a period
 * are bucketed by comparing instants. Null while an open pause stops the clock before that point.
 */
export function overrunInstants(
  clock: Pick<ClockState, 'policy' | 'startedAt' | 'pauses'>,
): Record<Target, OverrunInstants> {
  const out = {} as Record<Target, OverrunInstants>;
  for (const target of TARGETS) {
    const ms = targetMs(clock.policy, target);
    const at = (elapsed: number) =>
      addBusinessMs(clock.policy.calendar, clock.startedAt, elapsed, clock.pauses);
    // Elapsed is whole ms: "more than 1.5×" starts at floor(1.5×) + 1.
    out[target] =
      ms === undefined
        ? { over50: null, over100: null }
        : { over50: at(Math.floor((ms * 3) / 2) + 1), over100: at(ms * 2 + 1) };
  }
  return out;
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
