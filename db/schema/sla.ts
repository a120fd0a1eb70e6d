import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { tickets } from './tickets.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Durable timers: every SLA deadline, warning, escalation step, re-ping, countdown edit and on-call
 * handoff is one row. Schedulers claim due rows with `FOR UPDATE SKIP LOCKED` and a lease, so each
 * fires once across replicas and whatever came due while the bot was down fires after a restart.
 * Ticket timers carry the `generation` of their ticket's SLA clock; a timer from an older
 * generation is stale and does nothing.
 */
export const timers = pgTable(
  'timers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    ticketId: bigint('ticket_id', { mode: 'number' }).references(() => tickets.id),
    generation: integer('generation').notNull().default(0),
    /** At most one pending timer per key (on-call handoffs, override ends). */
    dedupeKey: text('dedupe_key'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    dueAt: ts('due_at').notNull(),
    /** pending | fired | stale | cancelled | failed */
    status: text('status').notNull().default('pending'),
    claimedBy: text('claimed_by'),
    claimedUntil: ts('claimed_until'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    firedAt: ts('fired_at'),
    /** How long after its due time the timer fired (ms); > a few seconds means it was late. */
    lateMs: integer('late_ms'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    // The scheduler's only hot path: the cost of a tick grows with what is due, not with history.
    index('timers_due_idx').on(t.dueAt).where(sql`status = 'pending'`),
    index('timers_ticket_pending_idx').on(t.ticketId).where(sql`status = 'pending'`),
    uniqueIndex('timers_dedupe_pending_uq').on(t.dedupeKey).where(sql`status = 'pending'`),
  ],
);

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
export const slaClocks = pgTable('sla_clocks', {
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
});

/** One row per audited subject (`scheduler`): when a stall was alerted, so replicas alert once. */
export const timerAudits = pgTable('timer_audits', {
  name: text('name').primaryKey(),
  alertedAt: ts('alerted_at'),
});
