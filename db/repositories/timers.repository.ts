import { and, asc, count, eq, inArray, isNull, lt, lte, min, not, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { timers } from '../schema/runtime.ts';
import { anyId, anyText, insertJson, resultRows } from './bulk.ts';

export type TimerRow = typeof timers.$inferSelect;
export type NewTimerRow = Pick<TimerRow, 'kind' | 'dueAt'> &
  Partial<Pick<TimerRow, 'subject' | 'generation' | 'dedupeKey' | 'payload' | 'createdAt'>>;

/**
 * `status = 'pending'` as a literal, never a bound parameter: postgres.js prepares statements and
 * Postgres only matches the partial indexes (`WHERE status = 'pending'`) when the plan can see the
 * value. With a parameter, generic plans fall back to scanning every timer ever written.
 */
const isPending = sql`${timers.status} = 'pending'`;

const INSERT_KEYS = [
  'kind',
  'subject',
  'generation',
  'dedupeKey',
  'payload',
  'dueAt',
  'status',
  'claimedBy',
  'claimedUntil',
  'attempts',
  'createdAt',
];

/** The timers of any of these subjects (one parameter for any count, an index condition). */
const anySubject = (subjects: string[]) => anyText(timers.subject, subjects);

const dueAndFree = (now: Date | string) =>
  and(
    isPending,
    lte(timers.dueAt, now as Date),
    or(isNull(timers.claimedUntil), lte(timers.claimedUntil, now as Date)),
  );

/** The durable timer table: claiming, locking, finishing and planning rows. No rules here. */
export function createTimersRepository({ db }: { db: Db }) {
  // The idle tick runs this every second on every replica: built once, executed as a prepared
  // statement, it is one index probe on the partial index of pending timers.
  let probe: { execute(p: { now: string }): Promise<unknown[]> } | undefined;

  return {
    /** Whether anything is due and not leased: the whole cost of a tick when nothing is. */
    async anyDue(now: Date): Promise<boolean> {
      probe ??= db
        .select({ id: timers.id })
        .from(timers)
        .where(dueAndFree(sql.placeholder('now') as unknown as string))
        .orderBy(asc(timers.dueAt)) // keeps even a generic plan on the partial index
        .limit(1)
        .prepare('timers_any_due');
      return (await probe.execute({ now: now.toISOString() })).length > 0;
    },

    /**
     * Locks up to `limit` due timers for the calling transaction, oldest first. `FOR UPDATE SKIP
     * LOCKED` makes concurrent schedulers take disjoint rows without waiting.
     */
    async lockNextDue(now: Date, limit: number): Promise<TimerRow[]> {
      return db
        .select()
        .from(timers)
        .where(dueAndFree(now))
        .orderBy(asc(timers.dueAt)) // index order: no sort step, even for thousands due at one instant
        .limit(limit)
        .for('update', { skipLocked: true });
    },

    /** Locks given timers if they are still pending, due and free (a retry of a failed chunk). */
    async lockDue(ids: number[], now: Date): Promise<TimerRow[]> {
      if (!ids.length) return [];
      return db
        .select()
        .from(timers)
        .where(and(anyId(timers.id, ids), dueAndFree(now)))
        .orderBy(asc(timers.dueAt), asc(timers.id))
        .for('update', { skipLocked: true });
    },

    /** Marks timers done (fired, stale or failed) at `at` by scheduler `by`, recording how late each was. */
    async finish(ids: number[], status: 'fired' | 'stale' | 'failed', at: Date, by?: string): Promise<void> {
      if (!ids.length) return;
      const iso = at.toISOString();
      await db
        .update(timers)
        .set({
          status,
          firedAt: at,
          ...(by ? { claimedBy: by } : {}),
          claimedUntil: null,
          lateMs: sql`greatest(0, floor(extract(epoch from (${iso}::timestamptz - ${timers.dueAt})) * 1000))::int`,
        })
        .where(anyId(timers.id, ids));
    },

    /** Puts a timer back for a later attempt (a failed step, something it waits for not there yet). */
    async postpone(id: number, dueAt: Date, error: string | null, countAttempt: boolean): Promise<void> {
      await db
        .update(timers)
        .set({
          dueAt,
          claimedBy: null,
          claimedUntil: null,
          lastError: error,
          attempts: countAttempt ? sql`${timers.attempts} + 1` : timers.attempts,
        })
        .where(eq(timers.id, id));
    },

    /** Drops leases without firing (a scheduler stopping with claimed rows left). */
    async release(ids: number[]): Promise<void> {
      if (!ids.length) return;
      await db
        .update(timers)
        .set({ claimedBy: null, claimedUntil: null })
        .where(and(inArray(timers.id, ids), isPending));
    },

    /**
     * Inserts timers in one statement. A row whose `dedupeKey` is already held by a pending timer
     * is skipped (replicas may race to plan the same handoff or the same cron slot). Returns the
     * rows actually inserted, with their ids.
     */
    async insert(rows: NewTimerRow[], createdAt: Date): Promise<TimerRow[]> {
      if (!rows.length) return [];
      const full: TimerRow[] = rows.map((r) => ({
        id: 0,
        kind: r.kind,
        subject: r.subject ?? null,
        generation: r.generation ?? 0,
        dedupeKey: r.dedupeKey ?? null,
        payload: r.payload ?? {},
        dueAt: r.dueAt,
        status: 'pending',
        claimedBy: null,
        claimedUntil: null,
        attempts: 0,
        lastError: null,
        firedAt: null,
        lateMs: null,
        createdAt: r.createdAt ?? createdAt,
      }));
      const tail = sql`on conflict ("dedupe_key") where status = 'pending' do nothing returning "id", "dedupe_key"`;
      const result = await insertJson(db, timers, 'timers', full, INSERT_KEYS, tail);
      // Rows are inserted, and reported, in array order; keyed rows that lost to a pending
      // timer with the same key are missing from the report.
      const returned = resultRows<{ id: number | string; dedupe_key: string | null }>(result);
      const out: TimerRow[] = [];
      let next = 0;
      for (const row of full) {
        const got = returned[next];
        if (!got || got.dedupe_key !== row.dedupeKey) {
          if (row.dedupeKey === null) throw new Error('timer insert reported rows out of order');
          continue;
        }
        out.push({ ...row, id: Number(got.id) });
        next++;
      }
      return out;
    },

    /**
     * Cancels pending timers of some subjects (optionally only some kinds, never the `except` rows
     * being fired). Rows another transaction is firing right now are skipped, not waited for:
     * they find a newer generation, or a state that no longer wants them, and do nothing.
     */
    async cancelForSubjects(subjects: string[], kinds?: string[], except: number[] = []): Promise<void> {
      if (!subjects.length) return;
      const where = [anySubject(subjects), isPending];
      if (kinds) where.push(inArray(timers.kind, kinds));
      if (except.length) where.push(not(anyId(timers.id, except)));
      const ids = db
        .select({ id: timers.id })
        .from(timers)
        .where(and(...where))
        .for('update', { skipLocked: true });
      await db.update(timers).set({ status: 'cancelled' }).where(inArray(timers.id, ids));
    },

    /** Cancels the pending timers holding these dedupe keys (a cron job removed from the config). */
    async cancelByKeys(keys: string[]): Promise<void> {
      if (!keys.length) return;
      await db
        .update(timers)
        .set({ status: 'cancelled' })
        .where(and(isPending, inArray(timers.dedupeKey, keys)));
    },

    /** The pending timers whose dedupe key starts with `prefix` (`cron:`): what is planned. */
    async pendingByKeyPrefix(prefix: string): Promise<TimerRow[]> {
      return db
        .select()
        .from(timers)
        .where(
          and(isPending, sql`${timers.dedupeKey} like ${`${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`),
        );
    },

    /** The earliest pending due time: when the scheduler should wake up next. */
    async nextDue(): Promise<Date | null> {
      const [row] = await db
        .select({ at: min(timers.dueAt) })
        .from(timers)
        .where(isPending);
      return row?.at ? new Date(row.at) : null;
    },

    /**
     * Pending timers due before `before` (counted up to `cap`), and the oldest due time among them.
     * Ordered and capped so that the plan walks the partial index from its oldest entry.
     */
    async overdue(before: Date, cap = 1_000_000): Promise<{ count: number; oldest: Date | null }> {
      const due = db
        .select({ dueAt: timers.dueAt })
        .from(timers)
        .where(and(isPending, lt(timers.dueAt, before)))
        .orderBy(asc(timers.dueAt))
        .limit(cap)
        .as('due');
      const [row] = await db.select({ n: count(), oldest: min(due.dueAt) }).from(due);
      return { count: Number(row?.n ?? 0), oldest: row?.oldest ? new Date(row.oldest) : null };
    },

    async pendingForSubject(subject: string): Promise<TimerRow[]> {
      return db
        .select()
        .from(timers)
        .where(and(eq(timers.subject, subject), isPending))
        .orderBy(asc(timers.dueAt), asc(timers.id));
    },

    /** Deletes finished timers created before `before`, at most `limit` at a time (housekeeping). */
    async prune(before: Date, limit: number): Promise<number> {
      const ids = db
        .select({ id: timers.id })
        .from(timers)
        .where(
          and(
            inArray(timers.status, ['fired', 'stale', 'cancelled', 'failed']),
            lt(timers.createdAt, before),
          ),
        )
        .limit(limit);
      const rows = await db.delete(timers).where(inArray(timers.id, ids)).returning({ id: timers.id });
      return rows.length;
    },
  };
}

export type TimersRepository = ReturnType<typeof createTimersRepository>;
