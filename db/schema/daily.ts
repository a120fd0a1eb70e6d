import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * One member's daily report for one team and one day (the member's local date, `YYYY-MM-DD`):
 * the answers by field key (text or number). Filing again the same day rewrites `values`;
 * `edited_at` is set when that happens after the team's compiled report was posted.
 */
export const dailyReports = pgTable(
  'daily_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    team: text('team').notNull(),
    memberId: text('member_id').notNull(),
    day: text('day').notNull(),
    platform: text('platform').notNull(),
    values: jsonb('values').$type<Record<string, string | number>>().notNull(),
    filedAt: ts('filed_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    editedAt: ts('edited_at'),
  },
  (t) => [
    uniqueIndex('daily_reports_member_day_uq').on(t.team, t.memberId, t.day),
    index('daily_reports_team_day_idx').on(t.team, t.day),
  ],
);

/**
 * What happened to one member's prompt of one day (`prompted`, `off`): the unique key that makes a
 * prompt go out once across replicas, restarts and replanned timers.
 */
export const dailyPrompts = pgTable(
  'daily_prompts',
  {
    team: text('team').notNull(),
    memberId: text('member_id').notNull(),
    day: text('day').notNull(),
    status: text('status').notNull(),
    platform: text('platform').notNull(),
    at: ts('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.team, t.memberId, t.day] })],
);

/** A member's days off (`/daily off`), inclusive local dates: no prompt, shown as off, not missing. */
export const dailyDaysOff = pgTable(
  'daily_days_off',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    memberId: text('member_id').notNull(),
    fromDay: text('from_day').notNull(),
    toDay: text('to_day').notNull(),
    reason: text('reason'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('daily_days_off_member_idx').on(t.memberId, t.toDay)],
);

/**
 * The blocker ledger: each non-empty answer of a `blocker: true` field opens one (per team, owner,
 * day and field), carried into later compiled reports until it is resolved; it may become a ticket.
 */
export const dailyBlockers = pgTable(
  'daily_blockers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    team: text('team').notNull(),
    ownerId: text('owner_id').notNull(),
    field: text('field').notNull(),
    text: text('text').notNull(),
    /** The local date of the report that opened it. */
    openedOn: text('opened_on').notNull(),
    openedAt: ts('opened_at').notNull(),
    /** The team's local date it was resolved on. */
    resolvedOn: text('resolved_on'),
    resolvedAt: ts('resolved_at'),
    resolvedBy: text('resolved_by'),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    ticketNumber: integer('ticket_number'),
  },
  (t) => [
    uniqueIndex('daily_blockers_report_field_uq').on(t.team, t.ownerId, t.openedOn, t.field),
    index('daily_blockers_team_idx').on(t.team, t.resolvedOn),
  ],
);

/** A team's compiled report of a day was posted (once: the key) at the cutoff instant `compiled_at`. */
export const dailyCompiled = pgTable(
  'daily_compiled',
  {
    team: text('team').notNull(),
    day: text('day').notNull(),
    compiledAt: ts('compiled_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.team, t.day] })],
);

/**
 * A team's submitted weekly review (卡若五步法), by the Monday of its week: the answers, the week's
 * numbers as they were shown, and the 执行 items the next week's review brings back.
 */
export const dailyReviews = pgTable(
  'daily_reviews',
  {
    team: text('team').notNull(),
    weekStart: text('week_start').notNull(),
    values: jsonb('values').$type<Record<string, unknown>>().notNull(),
    numbers: jsonb('numbers').$type<Record<string, unknown>>().notNull(),
    actions: jsonb('actions').$type<string[]>().notNull(),
    submittedBy: text('submitted_by').notNull(),
    submittedAt: ts('submitted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.team, t.weekStart] })],
);
