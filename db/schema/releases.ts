/**
 * Release runs (release days, rollouts, incidents, refunds, recurring checklists): one row per
 * run with the template it was started from frozen on it, one row per step with its state, and
 * the append-only event log of every step change, vote and reminder with actor and time.
 */
import { sql } from 'drizzle-orm';
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

export const releaseRuns = pgTable(
  'release_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** null: a scheduled run, seen from every workspace of its platform. */
    workspaceId: integer('workspace_id'),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    name: text('name').notNull(),
    templateName: text('template_name').notNull(),
    /** The template as it was when the run started (editing the file never changes a run). */
    template: jsonb('template').$type<Record<string, unknown>>().notNull(),
    locale: text('locale').notNull(),
    zone: text('zone').notNull(),
    t0: ts('t0').notNull(),
    t0ReachedAt: ts('t0_reached_at'),
    /** running | done | stopped | cancelled */
    status: text('status').notNull(),
    outcome: jsonb('outcome').$type<Record<string, unknown>>(),
    starterId: text('starter_id'),
    roles: jsonb('roles').$type<Record<string, string[]>>().notNull().default({}),
    parentId: bigint('parent_id', { mode: 'number' }),
    scheduleKey: text('schedule_key'),
    /** What started it (a cron slot, a command's delivery): a replay finds this run again. */
    origin: text('origin'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    // One running release per name on a platform: `/release done R-1 …` must mean one run.
    uniqueIndex('release_runs_running_name_uq')
      .on(t.platform, sql`lower(${t.name})`)
      .where(sql`status = 'running'`),
    uniqueIndex('release_runs_origin_uq').on(t.origin).where(sql`origin is not null`),
    index('release_runs_platform_idx').on(t.platform, t.id),
    index('release_runs_schedule_idx').on(t.scheduleKey, t.id),
    index('release_runs_parent_idx').on(t.parentId),
  ],
);

export const releaseSteps = pgTable(
  'release_steps',
  {
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => releaseRuns.id),
    number: integer('number').notNull(),
    stepId: text('step_id').notNull(),
    /** pending | done | skipped | blocked */
    state: text('state').notNull(),
    dueAt: ts('due_at'),
    endsAt: ts('ends_at'),
    duePingedAt: ts('due_pinged_at'),
    lastRemindedAt: ts('last_reminded_at'),
    reminders: integer('reminders').notNull().default(0),
    owners: jsonb('owners').$type<string[]>(),
    decision: text('decision'),
    votes: jsonb('votes').$type<Record<string, unknown>[]>().notNull().default([]),
    lateMs: integer('late_ms'),
    completedAt: ts('completed_at'),
    completedBy: text('completed_by'),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.number] })],
);

/** The append-only log: every step change, vote, reminder and note, with actor and time. */
export const releaseEvents = pgTable(
  'release_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' })
      .notNull()
      .references(() => releaseRuns.id),
    at: ts('at').notNull(),
    actorId: text('actor_id').notNull(),
    kind: text('kind').notNull(),
    step: integer('step'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('release_events_run_idx').on(t.runId, t.id)],
);
