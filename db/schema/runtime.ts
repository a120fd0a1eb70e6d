/**
 * The tables of the shared machinery every module stands on (src/runtime): durable timers, the
 * outbox of everything sopbot says, live messages it keeps current, which module owns which
 * thread, form sessions, cron runs and stored blobs (chart images). None of them knows about
 * tickets: records are named by a subject string (`ticket:42`, `release:7:step:3`).
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
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

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * Durable timers: every SLA deadline, warning, escalation step, re-ping, countdown edit, on-call
 * handoff, cron slot and release reminder is one row. Schedulers claim due rows with `FOR UPDATE
 * SKIP LOCKED`, so each fires once across replicas, and whatever came due while sopbot was down
 * fires after a restart. `subject` names the record a timer belongs to (`ticket:42`), so a module
 * can cancel all of a record's timers; `generation` lets a module tell a stale timer from the live
 * one; `dedupe_key` allows at most one pending timer per key (a cron job's next slot, a handoff).
 */
export const timers = pgTable(
  'timers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    subject: text('subject'),
    generation: integer('generation').notNull().default(0),
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
    /** How long after its due time the timer fired (ms); more than a few seconds means late. */
    lateMs: integer('late_ms'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    // The scheduler's only hot path: the cost of a tick grows with what is due, not with history.
    index('timers_due_idx').on(t.dueAt).where(sql`status = 'pending'`),
    index('timers_subject_pending_idx').on(t.subject).where(sql`status = 'pending'`),
    uniqueIndex('timers_dedupe_pending_uq').on(t.dedupeKey).where(sql`status = 'pending'`),
  ],
);

/**
 * Everything sopbot says goes through here (the transactional outbox): a row is written in the
 * same transaction as the change it reports, so a message is never lost and never invented by a
 * rolled-back change. Rows of one subject are delivered in id order; a failing chat API delays a
 * row (backoff on `due_at`), never drops it. `status`: pending | sent | failed (gave up: a
 * permanent platform error, or retries exhausted).
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    subject: text('subject').notNull(),
    platform: text('platform').notNull(),
    op: text('op').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /**
     * At most one pending row per key (a live message's pending refresh). A second request for the
     * key bumps `revision` instead; delivery finishes the row only if the revision it rendered is
     * still the row's, so a change made while an edit was in flight is never lost.
     */
    dedupeKey: text('dedupe_key'),
    revision: integer('revision').notNull().default(0),
    status: text('status').notNull().default('pending'),
    dueAt: ts('due_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    claimedBy: text('claimed_by'),
    claimedUntil: ts('claimed_until'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    index('outbox_due_idx').on(t.dueAt).where(sql`status = 'pending'`),
    index('outbox_subject_pending_idx').on(t.subject, t.id).where(sql`status = 'pending'`),
    uniqueIndex('outbox_dedupe_pending_uq').on(t.dedupeKey).where(sql`status = 'pending'`),
  ],
);

/**
 * Messages sopbot keeps current (a ticket card, a release's progress header, a compiled daily
 * report): the subject they show and where they were posted. The owning module re-renders them
 * from the subject's state at delivery time, so an edit is never stale; `edited_at` bounds the
 * rate of edits per message.
 */
export const liveMessages = pgTable(
  'live_messages',
  {
    subject: text('subject').primaryKey(),
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    messageId: text('message_id').notNull(),
    /** The thread the message is in, when it is a reply. */
    threadId: text('thread_id'),
    postedAt: ts('posted_at').notNull(),
    editedAt: ts('edited_at'),
    edits: integer('edits').notNull().default(0),
  },
  (t) => [index('live_messages_ref_idx').on(t.platform, t.channelId, t.messageId)],
);

/**
 * Which module and record own a platform thread (channel + root message): a reply there is routed
 * to that module (a ticket comment, a note on a release step).
 */
export const threadOwners = pgTable(
  'thread_owners',
  {
    platform: text('platform').notNull(),
    channelId: text('channel_id').notNull(),
    threadId: text('thread_id').notNull(),
    owner: text('owner').notNull(),
    subject: text('subject').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.channelId, t.threadId] }),
    index('thread_owners_subject_idx').on(t.subject),
  ],
);

/**
 * An open form (Slack modal, Feishu form card, console prompts): what it asks and for whom, kept
 * here because platforms can carry only a short id (Slack private_metadata ≤ 3,000 characters).
 */
export const formSessions = pgTable(
  'form_sessions',
  {
    id: text('id').primaryKey(),
    formId: text('form_id').notNull(),
    platform: text('platform').notNull(),
    workspaceId: integer('workspace_id').notNull(),
    userId: text('user_id').notNull(),
    locale: text('locale').notNull(),
    form: jsonb('form').$type<Record<string, unknown>>().notNull(),
    context: jsonb('context').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    submittedAt: ts('submitted_at'),
  },
  (t) => [index('form_sessions_expires_idx').on(t.expiresAt)],
);

/**
 * One row per cron slot that ran (or was skipped): the unique key that makes each (job, slot) run
 * once across replicas and restarts. A claimed run whose lease ran out (its process died) is run
 * again; its effects commit together with `status = 'done'`, so they happen once.
 */
export const cronRuns = pgTable(
  'cron_runs',
  {
    job: text('job').notNull(),
    slot: ts('slot').notNull(),
    /** claimed | done | skipped | failed */
    status: text('status').notNull(),
    lateMs: integer('late_ms').notNull().default(0),
    attempts: integer('attempts').notNull().default(0),
    claimedBy: text('claimed_by'),
    claimedUntil: ts('claimed_until'),
    lastError: text('last_error'),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.job, t.slot] }),
    index('cron_runs_claimed_idx').on(t.claimedUntil).where(sql`status = 'claimed'`),
  ],
);

/** Stored bytes (chart PNGs) that outbox rows refer to by id instead of carrying them inline. */
export const blobs = pgTable('blobs', {
  id: text('id').primaryKey(),
  contentType: text('content_type').notNull(),
  bytes: bytea('bytes').notNull(),
  createdAt: ts('created_at').notNull(),
});
