import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { deliveries } from '../schema/inbox.ts';
import { resultRows } from './bulk.ts';

export type DeliveryRow = typeof deliveries.$inferSelect;

/**
 * `key in (…)` with the keys as one jsonb parameter: one prepared statement however many keys
 * (a hash semi-join, whatever the table's statistics say about its size).
 */
const anyKey = (keys: string[]) =>
  sql`${deliveries.key} in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))`;

/** Accepted, unfinished platform deliveries (see the schema): written before the ack, deleted when done. */
export function createDeliveriesRepository({ db }: { db: Db }) {
  return {
    /**
     * Records deliveries under a lease held by `owner`, in one statement; returns the keys that
     * were new (not already pending).
     */
    async accept(
      platform: string,
      items: { key: string; body: unknown }[],
      leaseUntil: Date,
      owner: string,
    ): Promise<Set<string>> {
      if (!items.length) return new Set();
      // One constant statement for any batch (prepared once): the rows travel as one jsonb value.
      const result = await db.execute(sql`
        insert into ${deliveries} (platform, key, body, lease_until, owner)
        select ${platform}, x.key, x.body, ${leaseUntil.toISOString()}::timestamptz, ${owner}
        from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(key text, body jsonb)
        on conflict do nothing
        returning key`);
      return new Set(resultRows<{ key: string }>(result).map((r) => r.key));
    },

    /** The work behind these deliveries is done. */
    async finish(platform: string, keys: string[]): Promise<void> {
      if (!keys.length) return;
      await db.delete(deliveries).where(and(eq(deliveries.platform, platform), anyKey(keys)));
    },

    /**
     * Extends the lease of every delivery `owner` holds (returning their keys): those it accepted
     * and those it claimed, found by owner, not by a list of keys (thousands under a backlog, and
     * a plan that then depended on the table's statistics). A delivery another replica claimed
     * since is no longer this owner's and is left alone. Rows another statement holds right now (a unit finishing its
     * delivery) are skipped, not waited for, and the rest are locked in key order: waiting while
     * holding others deadlocked against those units.
     */
    async renew(platform: string, owner: string, leaseUntil: Date): Promise<string[]> {
      const mine = db
        .select({ key: deliveries.key })
        .from(deliveries)
        .where(and(eq(deliveries.platform, platform), eq(deliveries.owner, owner)))
        .orderBy(asc(deliveries.key))
        .for('update', { skipLocked: true });
      const rows = await db
        .update(deliveries)
        .set({ leaseUntil })
        .where(and(eq(deliveries.platform, platform), inArray(deliveries.key, mine)))
        .returning({ key: deliveries.key });
      return rows.map((r) => r.key);
    },

    /** Gives deliveries up: held by nobody, their lease over at `now`, so the next sweep claims them. */
    async release(platform: string, owner: string, keys: string[], now: Date): Promise<void> {
      if (!keys.length) return;
      await db
        .update(deliveries)
        .set({ leaseUntil: now, owner: null })
        .where(and(eq(deliveries.platform, platform), eq(deliveries.owner, owner), anyKey(keys)));
    },

    /**
     * Takes over deliveries whose lease ran out (the process that accepted them is gone), oldest
     * first, under a new lease held by `owner`. SKIP LOCKED: replicas sweeping at once never take
     * the same row.
     */
    async claimExpired(
      platform: string,
      now: Date,
      leaseUntil: Date,
      limit: number,
      owner: string,
    ): Promise<DeliveryRow[]> {
      const expired = db
        .select({ key: deliveries.key })
        .from(deliveries)
        .where(and(eq(deliveries.platform, platform), lt(deliveries.leaseUntil, now)))
        .orderBy(asc(deliveries.receivedAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(deliveries)
        .set({ leaseUntil, owner, attempts: sql`${deliveries.attempts} + 1` })
        .where(and(eq(deliveries.platform, platform), inArray(deliveries.key, expired)))
        .returning();
    },

    async pending(platform: string): Promise<DeliveryRow[]> {
      return db
        .select()
        .from(deliveries)
        .where(eq(deliveries.platform, platform))
        .orderBy(asc(deliveries.receivedAt));
    },
  };
}

export type DeliveriesRepository = ReturnType<typeof createDeliveriesRepository>;
