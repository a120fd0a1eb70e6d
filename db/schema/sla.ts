import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tickets } from './tickets.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** A pause of the SLA clock as stored: ISO instants, `to: null` while still paused. */
export interface StoredPause {
  from: string;
  to: string | null;
}

/**
 * The SLA clock of one ticket: the policy frozen when it opened (recomputed on a priority
 * change), its pauses, current deadlines, what was already announced, and the escalation chain
 * state. `generation` is the live-timer stamp: bumped on every replan.
 */
export const slaClocks = pgTable(
  'sla_clocks',
  {
    ticketId: bigint('ticket_id', { mode: 'number' })
      .primaryKey()
      .references(() => tickets.id),
    generation: integer('generation').notNull().default(0),
    priority: text('priority').notNull(),
    team: text('team'),
    policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
    startedAt: ts('started_at').notNull(),
    pauses: jsonb('pauses').$type<StoredPause[]>().notNull().default([]),
    /** When the ticket was resolved or closed (the clock is stopped); null while open. */
    stoppedAt: ts('stopped_at'),
    firstResponseDue: ts('first_response_due'),
    resolveDue: ts('resolve_due'),
    restoreDue: ts('restore_due'),
    restoredAt: ts('restored_at'),
    breachedAt: ts('breached_at'),
    /**
     * Time to each target on the frozen policy's calendar (business hours, pauses excluded), from
     * `started_at` to when the target was met; null while it is not met (restore: also null when the
     * policy has no restore target). Maintained on every clock write because SQL cannot do calendar
     * arithmetic: digests take means and percentiles of these columns (src/domain/sla/clock.ts
     * `metDurations`).
     */
    firstResponseMs: bigint('first_response_ms', { mode: 'number' }),
    resolveMs: bigint('resolve_ms', { mode: 'number' }),
    restoreMs: bigint('restore_ms', { mode: 'number' }),
    /**
     * The first instants at which each target is more than 50% and more than 100% over its
     * duration (seed 001 响应时间补偿 buckets), on the same calendar; null while a pause keeps the
     * clock from reaching them (or when the policy has no such target). A breach measured at x is
     * in the ≤ 50% bucket when x < over50, in 50–100% when x < over100, else > 100%: the digests
     * bucket breaches that are still open at the end of a period without calendar arithmetic.
     */
    firstResponseOver50At: ts('first_response_over50_at'),
    firstResponseOver100At: ts('first_response_over100_at'),
    resolveOver50At: ts('resolve_over50_at'),
    resolveOver100At: ts('resolve_over100_at'),
    restoreOver50At: ts('restore_over50_at'),
    restoreOver100At: ts('restore_over100_at'),
    /**
     * When each target was met (`metAt`: resolving meets them all), and the ticket's workspace,
     * category and assignee, as of the last write: the ticket fields the SLA figures of a digest
     * need, kept here so those figures are one pass over this table (no join with tickets).
     * Written with every clock write, and every ticket change writes the clock.
     */
    firstResponseMetAt: ts('first_response_met_at'),
    resolveMetAt: ts('resolve_met_at'),
    restoreMetAt: ts('restore_met_at'),
    workspaceId: integer('workspace_id'),
    category: text('category'),
    assigneeId: text('assignee_id'),
    /** Keys of warnings and breach notices already sent (`P1:first_response:0.5`). */
    notified: jsonb('notified').$type<string[]>().notNull().default([]),
    level: integer('level').notNull().default(0),
    levelSince: ts('level_since').notNull(),
    pagedLevel: integer('paged_level').notNull().default(-1),
    pagedAt: ts('paged_at'),
    pings: integer('pings').notNull().default(0),
    chainActive: boolean('chain_active').notNull().default(true),
    cardLine: text('card_line'),
    cardEditedAt: ts('card_edited_at'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    // Digests: the clocks of a team that can have an SLA outcome in a period (open, or resolved
    // since), with every column the SLA figures read, so they are an index-only scan.
    index('sla_clocks_digest_idx').on(
      t.workspaceId,
      t.team,
      t.resolveMetAt,
      t.startedAt,
      t.priority,
      t.category,
      t.assigneeId,
      t.firstResponseMetAt,
      t.firstResponseDue,
      t.firstResponseOver50At,
      t.firstResponseOver100At,
      t.firstResponseMs,
      t.resolveDue,
      t.resolveOver50At,
      t.resolveOver100At,
      t.resolveMs,
      t.restoreMetAt,
      t.restoreDue,
      t.restoreOver50At,
      t.restoreOver100At,
      t.restoreMs,
      t.ticketId,
    ),
  ],
);

/** One row per audited subject (`scheduler`): when a stall was alerted, so replicas alert once. */
export const timerAudits = pgTable('timer_audits', {
  name: text('name').primaryKey(),
  alertedAt: ts('alerted_at'),
});
