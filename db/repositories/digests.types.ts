/**
 * What the digests repository takes and returns: plain objects, instants as ISO strings (as
 * Postgres renders them in JSON). src/domain/digests/figures.ts turns them into a digest.
 */

/**
 * Whose tickets: a team's, plus those without a team when it is the default team. The SLA
 * figures read the team on the SLA clock, which is the ticket's team or, for a ticket without
 * one, the default team when the clock opened: so `includeUnassigned` must be true exactly for
 * the default team, or the counts and the SLA figures would cover different tickets.
 */
export interface DigestScope {
  workspaceId: number;
  team: string;
  /** Tickets whose team is null belong to the default team: true for that team (only). */
  includeUnassigned: boolean;
}

/**
 * A half-open period [start, end) as ISO instants, with the instant each of its local days
 * begins (local midnights in the team's zone, computed by the caller): per-day figures are
 * bucketed by these instants, so a ticket opened at 23:59:59 local is that day's.
 */
export interface DigestPeriod {
  start: string;
  end: string;
  dayStarts: string[];
}

/** Counts of one period (see `flow`); per-day arrays follow `dayStarts`. */
export interface FlowRow {
  created: number;
  escalated: number;
  resolutions: number;
  reopens: number;
  resolvedTickets: number;
  firstContact: number;
  csatCount: number;
  csatMean: number | null;
  categories: { category: string; count: number }[];
  openedPerDay: number[];
  resolvedPerDay: number[];
}

export type DigestTarget = 'first_response' | 'resolve' | 'restore';
export type OverrunBucket = 'le50' | 'le100' | 'gt100';

/** Compliance of one target, overall (`priority` null) or for one priority. */
export interface ComplianceRow {
  target: DigestTarget;
  priority: string | null;
  compliant: number;
  breached: number;
  le50: number;
  le100: number;
  gt100: number;
}

/** One breach of the period, with what the domain needs to state its exact overrun. */
export interface BreachRow {
  ticketId: number;
  number: number;
  title: string;
  priority: string;
  target: DigestTarget;
  dueAt: string;
  /** When the target was met, or null if it still is not. */
  metAt: string | null;
  bucket: OverrunBucket;
  /** Calendar time the target took, when met. */
  tookMs: number | null;
  targetMs: number;
  startedAt: string;
  /** The frozen policy's calendar and the clock's pauses (to measure an unmet breach at the end). */
  calendar: Record<string, unknown>;
  pauses: { from: string; to: string | null }[];
}

/** Mean and percentiles of one target's durations, for all tickets or one group. */
export interface DurationRow {
  target: DigestTarget;
  dimension: 'all' | 'priority' | 'category' | 'assignee';
  /** The priority, category or assignee (null: unassigned); null for `all`. */
  key: string | null;
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
}

/** The SLA figures of one period (see `sla`). */
export interface SlaRow {
  compliance: ComplianceRow[];
  durations: DurationRow[];
  worst: BreachRow[];
}

/** An open ticket at the end of a period. */
export interface OpenTicketRow {
  ticketId: number;
  number: number;
  title: string;
  priority: string;
  category: string;
  assigneeId: string | null;
  createdAt: string;
  ageMs: number;
  sourceUrl: string | null;
  channelId: string | null;
  threadId: string | null;
}

/** The open backlog at an instant: how many, by age, and the oldest. */
export interface BacklogRow {
  count: number;
  ages: { lt1d: number; d1to3: number; d3to7: number; gte7d: number };
  oldest: OpenTicketRow[];
}
