import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { tickets } from './tickets.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Satisfaction (CSAT) answers: the reporter's 1–5 rating of a resolved ticket (seed 000 24小时后回访,
 * seed 001 客户满意度 ≥ 4.3/5.0). One row per ticket: a second answer changes it (`updated_at`),
 * `rated_at` stays when it was first given, which is the period digests count it in.
 * `workspace_id` and `team` are the ticket's (which never change), copied on the first answer so a
 * digest reads a team's ratings of a period as one index range instead of looking up each ticket.
 */
export const csatRatings = pgTable(
  'csat_ratings',
  {
    ticketId: bigint('ticket_id', { mode: 'number' })
      .primaryKey()
      .references(() => tickets.id),
    rating: smallint('rating').notNull(),
    comment: text('comment'),
    ratedBy: text('rated_by').notNull(),
    ratedAt: ts('rated_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    workspaceId: integer('workspace_id'),
    team: text('team'),
  },
  (t) => [
    check('csat_ratings_rating_check', sql`${t.rating} between 1 and 5`),
    index('csat_ratings_scope_idx').on(t.workspaceId, t.team, t.ratedAt, t.rating),
  ],
);
