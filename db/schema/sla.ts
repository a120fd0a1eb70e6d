import { bigint, boolean, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
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
