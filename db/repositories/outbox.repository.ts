import { and, asc, count, eq, inArray, isNull, lt, lte, min, or, type SQLWrapper, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { outbox } from '../schema/runtime.ts';
import { anyId, insertJson, resultRows } from './bulk.ts';

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = Pick<OutboxRow, 'subject' | 'platform' | 'op' | 'payload' | 'dueAt'> &
  Partial<Pick<OutboxRow, 'dedupeKey'>>;

/** See timers.repository: a literal keeps postgres.js's generic plans on the partial indexes. */
const isPending = sql`${outbox.status} = 'pending'`;

const INSERT_KEYS = [
  'subject',
  'platform',
  'op',
  'payload',
  'dedupeKey',
  'revision',
  'status',
  'dueAt',
  'attempts',
  'claimedBy',
  'claimedUntil',
  'createdAt',
];

const dueAndFree = (now: Date) =>
  and(isPending, lte(outbox.dueAt, now), or(isNull(outbox.claimedUntil), lte(outbox.claimedUntil, now)));

/** The outbox table: writing, claiming, leasing and finishing rows. No rules here (src/runtime/outbox.ts). */
export function createOutboxRepository({ db }: { db: Db }) {
  /** Leases the rows a locking subquery picked to `by` until `until`, and returns them. */
  const leaseTo = (ids: SQLWrapper, by: string, until: Date) =>
    db.update(outbox).set({ claimedBy: by, claimedUntil: until }).where(inArray(outbox.id, ids)).returning();

  return {
    /**
     * Inserts rows in one statement, leased to `lease.by` when given (the writer delivers them right
     * after its commit). A row whose dedupe key a pending row already holds bumps that row's
     * revision instead. Returns the rows actually inserted, in order, with their ids.
     */
    async insert(
      rows: NewOutboxRow[],
      createdAt: Date,
      lease?: { by: string; until: Date },
    ): Promise<OutboxRow[]> {
      if (!rows.length) return [];
      const full: OutboxRow[] = rows.map((r) => ({
        id: 0,
        subject: r.subject,
        platform: r.platform,
        op: r.op,
        payload: r.payload,
        dedupeKey: r.dedupeKey ?? null,
        revision: 0,
        status: 'pending',
        dueAt: r.dueAt,
        attempts: 0,
        lastError: null,
        claimedBy: lease?.by ?? null,
        claimedUntil: lease?.until ?? null,
        createdAt,
        sentAt: null,
      }));
      const tail = sql`on conflict ("dedupe_key") where status = 'pending' do update set "revision" = ${outbox}."revision" + 1, "due_at" = least(${outbox}."due_at", excluded."due_at") returning "id", (xmax = 0) as "inserted"`;
      const result = await insertJson(db, outbox, 'outbox', full, INSERT_KEYS, tail);
      const returned = resultRows<{ id: number | string; inserted: boolean }>(result);
      const out: OutboxRow[] = [];
      returned.forEach((got, i) => {
        const row = full[i];
        if (row && got.inserted) out.push({ ...row, id: Number(got.id) });
      });
      return out;
    },

    /**
     * Leases up to `limit` due, unleased rows that head their subject (no older pending row), on
     * the given platforms only (a process delivers only where it has a messenger), oldest first.
     */
    async claimHeads(
      now: Date,
      limit: number,
      platforms: string[],
      by: string,
      until: Date,
    ): Promise<OutboxRow[]> {
      if (!platforms.length) return [];
      const ids = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(
          and(
            dueAndFree(now),
            inArray(outbox.platform, platforms),
            sql`not exists (select 1 from ${outbox} o2 where o2.subject = ${outbox.subject} and o2.status = 'pending' and o2.id < ${outbox.id})`,
          ),
        )
        .orderBy(asc(outbox.dueAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return leaseTo(ids, by, until);
    },

    /** Leases the other due, unleased rows of these subjects (the rest of lanes whose head was claimed). */
    async claimFollowers(subjects: string[], now: Date, by: string, until: Date): Promise<OutboxRow[]> {
      if (!subjects.length) return [];
      const ids = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(dueAndFree(now), inArray(outbox.subject, subjects)))
        .orderBy(asc(outbox.id))
        .for('update', { skipLocked: true });
      return leaseTo(ids, by, until);
    },

    /** Extends this process's lease of one row if it still holds it (false: another process took it). */
    async reclaim(id: number, by: string, until: Date): Promise<boolean> {
      const rows = await db
        .update(outbox)
        .set({ claimedUntil: until })
        .where(and(eq(outbox.id, id), eq(outbox.claimedBy, by), isPending))
        .returning({ id: outbox.id });
      return rows.length === 1;
    },

    /** Gives leased rows back without delivering them (a lane that must wait, a process stopping). */
    async release(ids: number[], by: string): Promise<void> {
      if (!ids.length) return;
      await db
        .update(outbox)
        .set({ claimedBy: null, claimedUntil: null })
        .where(and(anyId(outbox.id, ids), eq(outbox.claimedBy, by), isPending));
    },

    /**
     * Keeps this process's leases from running out while their rows wait in its queues. Rows
     * another statement has locked right now (being finished or postponed) are skipped, not waited
     * for: waiting on them while holding the others deadlocked against a concurrent `finish`.
     */
    async renew(ids: number[], by: string, until: Date): Promise<void> {
      if (!ids.length) return;
      const mine = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(anyId(outbox.id, ids), eq(outbox.claimedBy, by), isPending))
        .for('update', { skipLocked: true });
      await db.update(outbox).set({ claimedUntil: until }).where(inArray(outbox.id, mine));
    },

    /**
     * Marks rows sent. A row whose revision moved on since it was rendered stays pending (it is
     * delivered again); returns the ids that were finished.
     */
    async finish(done: { id: number; revision: number }[], at: Date): Promise<Set<number>> {
      if (!done.length) return new Set();
      // Rows are locked in id order first (as claimFollowers does), so two finishes never lock the
      // same rows in opposite orders; a deadlock with another writer is retried by the deliverer.
      const result = await db.execute(sql`
        with d as (select * from jsonb_to_recordset(${JSON.stringify(done)}::jsonb) as d(id bigint, revision int)),
        locked as (
          select o.id from ${outbox} o join d on o.id = d.id
          where o.status = 'pending' order by o.id for update of o
        )
        update ${outbox} set status = 'sent', sent_at = ${at.toISOString()}::timestamptz,
          claimed_by = null, claimed_until = null
        from d
        where ${outbox}.id = d.id and ${outbox}.id in (select id from locked)
          and ${outbox}.revision = d.revision and ${outbox}.status = 'pending'
        returning ${outbox}.id`);
      return new Set(resultRows<{ id: number | string }>(result).map((r) => Number(r.id)));
    },

    /** Puts a row back for a later attempt (backoff, or a rate limit on editing one message). */
    async postpone(
      id: number,
      by: string,
      dueAt: Date,
      error: string | null,
      countAttempt: boolean,
    ): Promise<void> {
      await db
        .update(outbox)
        .set({
          dueAt,
          claimedBy: null,
          claimedUntil: null,
          lastError: error,
          attempts: countAttempt ? sql`${outbox.attempts} + 1` : outbox.attempts,
        })
        // Only while this process holds it: a row taken over meanwhile is the other process's.
        .where(and(eq(outbox.id, id), eq(outbox.claimedBy, by), isPending));
    },

    /** Gives a row up (a permanent platform error, or attempts exhausted); the error is kept. */
    async fail(id: number, by: string, error: string, at: Date): Promise<void> {
      await db
        .update(outbox)
        .set({ status: 'failed', lastError: error, sentAt: at, claimedBy: null, claimedUntil: null })
        .where(and(eq(outbox.id, id), eq(outbox.claimedBy, by), isPending));
    },

    /**
     * Of these lanes (subject, lowest id this process holds), the subjects with an older pending
     * row: their head is elsewhere (another replica, or a retry waiting), so they must wait.
     */
    async blockedSubjects(lanes: { subject: string; minId: number }[]): Promise<Set<string>> {
      if (!lanes.length) return new Set();
      const result = await db.execute(sql`
        select distinct l.subject from jsonb_to_recordset(${JSON.stringify(lanes)}::jsonb) as l(subject text, "minId" bigint)
        join ${outbox} o on o.subject = l.subject and o.status = 'pending' and o.id < l."minId"`);
      return new Set(resultRows<{ subject: string }>(result).map((r) => r.subject));
    },

    async byIds(ids: number[]): Promise<OutboxRow[]> {
      if (!ids.length) return [];
      return db.select().from(outbox).where(anyId(outbox.id, ids));
    },

    async bySubject(subject: string): Promise<OutboxRow[]> {
      return db.select().from(outbox).where(eq(outbox.subject, subject)).orderBy(asc(outbox.id));
    },

    /** The earliest due time of a pending row, and how many are pending (metrics, idle checks). */
    async pendingSummary(): Promise<{ count: number; nextDue: Date | null }> {
      const [row] = await db
        .select({ n: count(), next: min(outbox.dueAt) })
        .from(outbox)
        .where(isPending);
      return { count: Number(row?.n ?? 0), nextDue: row?.next ? new Date(row.next) : null };
    },

    /** Deletes finished rows created before `before`, at most `limit` at a time. */
    async prune(before: Date, limit: number): Promise<number> {
      const ids = db
        .select({ id: outbox.id })
        .from(outbox)
        .where(and(sql`${outbox.status} in ('sent', 'failed')`, lt(outbox.createdAt, before)))
        .limit(limit);
      const rows = await db.delete(outbox).where(inArray(outbox.id, ids)).returning({ id: outbox.id });
      return rows.length;
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
