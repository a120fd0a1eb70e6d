import { and, asc, desc, eq, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { cronRuns } from '../schema/runtime.ts';

export type CronRunRow = typeof cronRuns.$inferSelect;

/** Cron slots claimed, run, skipped: the once-per-slot ledger. */
export function createCronRepository({ db }: { db: Db }) {
  return {
    /**
     * Claims (job, slot) for `by` until `until`, or records it as skipped. False when the slot was
     * claimed before (by this or another replica, now or before a restart).
     */
    async claim(row: {
      job: string;
      slot: Date;
      status: 'claimed' | 'skipped';
      lateMs: number;
      by: string;
      until: Date | null;
      at: Date;
    }): Promise<boolean> {
      const rows = await db
        .insert(cronRuns)
        .values({
          job: row.job,
          slot: row.slot,
          status: row.status,
          lateMs: row.lateMs,
          claimedBy: row.status === 'claimed' ? row.by : null,
          claimedUntil: row.until,
          startedAt: row.at,
          finishedAt: row.status === 'skipped' ? row.at : null,
        })
        .onConflictDoNothing()
        .returning({ job: cronRuns.job });
      return rows.length === 1;
    },

    /**
     * Ends a claimed run (`done` or `failed`). Guarded: false when the run is no longer claimed by
     * `by` (another replica took it over after the lease ran out and may finish it instead).
     */
    async finish(job: string, slot: Date, by: string, status: 'done' | 'failed', at: Date, error?: string) {
      const rows = await db
        .update(cronRuns)
        .set({ status, finishedAt: at, claimedUntil: null, lastError: error ?? null })
        .where(
          and(
            eq(cronRuns.job, job),
            eq(cronRuns.slot, slot),
            eq(cronRuns.status, 'claimed'),
            eq(cronRuns.claimedBy, by),
          ),
        )
        .returning({ job: cronRuns.job });
      return rows.length === 1;
    },

    /** Hands a failed attempt back: retried after `until` by whoever claims it then. */
    async retryLater(job: string, slot: Date, until: Date, error: string): Promise<void> {
      await db
        .update(cronRuns)
        .set({ claimedUntil: until, lastError: error, attempts: sql`${cronRuns.attempts} + 1` })
        .where(and(eq(cronRuns.job, job), eq(cronRuns.slot, slot), eq(cronRuns.status, 'claimed')));
    },

    async renew(job: string, slot: Date, by: string, until: Date): Promise<void> {
      await db
        .update(cronRuns)
        .set({ claimedUntil: until })
        .where(and(eq(cronRuns.job, job), eq(cronRuns.slot, slot), eq(cronRuns.claimedBy, by)));
    },

    /** Claimed runs whose lease ran out (their process died, or a retry is due), taken over by `by`. */
    async takeOver(now: Date, by: string, until: Date, limit = 20): Promise<CronRunRow[]> {
      const keys = db
        .select({ job: cronRuns.job, slot: cronRuns.slot })
        .from(cronRuns)
        .where(and(sql`${cronRuns.status} = 'claimed'`, lte(cronRuns.claimedUntil, now)))
        .orderBy(asc(cronRuns.claimedUntil))
        .limit(limit)
        .for('update', { skipLocked: true })
        .as('k');
      const result = await db.execute(sql`
        update ${cronRuns} set claimed_by = ${by}, claimed_until = ${until.toISOString()}::timestamptz
        from ${keys} where ${cronRuns}.job = k.job and ${cronRuns}.slot = k.slot
        returning ${cronRuns}.*`);
      const rows =
        (result as unknown as { rows?: Record<string, unknown>[] }).rows ??
        (result as unknown as Record<string, unknown>[]);
      return rows.map((r) => ({
        job: String(r.job),
        slot: new Date(r.slot as string),
        status: String(r.status),
        lateMs: Number(r.late_ms),
        attempts: Number(r.attempts),
        claimedBy: (r.claimed_by as string | null) ?? null,
        claimedUntil: r.claimed_until ? new Date(r.claimed_until as string) : null,
        lastError: (r.last_error as string | null) ?? null,
        startedAt: new Date(r.started_at as string),
        finishedAt: r.finished_at ? new Date(r.finished_at as string) : null,
      }));
    },

    async runs(job: string, limit = 50): Promise<CronRunRow[]> {
      return db
        .select()
        .from(cronRuns)
        .where(eq(cronRuns.job, job))
        .orderBy(desc(cronRuns.slot))
        .limit(limit);
    },

    /** Forgets finished slots older than `before` (a slot is never planned again once past). */
    async prune(before: Date): Promise<number> {
      const rows = await db
        .delete(cronRuns)
        .where(and(lt(cronRuns.slot, before), inArray(cronRuns.status, ['done', 'skipped', 'failed'])))
        .returning({ job: cronRuns.job });
      return rows.length;
    },
  };
}
