import { and, asc, eq, getTableColumns, gt, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { slaClocks, timerAudits } from '../schema/sla.ts';
import { ticketEvents, tickets } from '../schema/tickets.ts';
import { anyId, insertJson } from './bulk.ts';

export type SlaClockRow = typeof slaClocks.$inferSelect;
export type NewSlaClockRow = typeof slaClocks.$inferInsert;
export type SlaClockPatch = Partial<Omit<SlaClockRow, 'ticketId'>>;
export type TimerAuditRow = typeof timerAudits.$inferSelect;

const CLOCK_KEYS = Object.keys(getTableColumns(slaClocks));

/** `col = excluded.col` for every clock column but the key: an upsert that overwrites the row. */
const clockUpsertSet = sql.raw(
  Object.values(getTableColumns(slaClocks))
    .filter((col) => col.name !== 'ticket_id')
    .map((col) => `"${col.name}" = excluded."${col.name}"`)
    .join(', '),
);

/** SLA clocks (one per ticket) and the auditor's alert state. Plain reads and writes. */
export function createSlaRepository({ db }: { db: Db }) {
  return {
    /** A new ticket's clock (one jsonb parameter: the clock has ~45 columns to bind otherwise). */
    async insertClock(row: NewSlaClockRow): Promise<void> {
      await insertJson(db, slaClocks, 'sla_clocks', [row], CLOCK_KEYS);
    },

    async clock(ticketId: number, opts: { lock?: boolean } = {}): Promise<SlaClockRow | undefined> {
      const q = db.select().from(slaClocks).where(eq(slaClocks.ticketId, ticketId));
      const [row] = opts.lock ? await q.for('update') : await q;
      return row;
    },

    /** Clocks of several tickets (locked for update when asked), in ticket id order. */
    async clocks(ticketIds: number[], opts: { lock?: boolean } = {}): Promise<SlaClockRow[]> {
      if (!ticketIds.length) return [];
      const q = db
        .select()
        .from(slaClocks)
        .where(anyId(slaClocks.ticketId, ticketIds))
        .orderBy(asc(slaClocks.ticketId));
      return opts.lock ? q.for('update') : q;
    },

    /** Writes whole clock rows back in one statement (the timer jobs' batch save). */
    async saveClocks(rows: NewSlaClockRow[]): Promise<void> {
      if (!rows.length) return;
      await insertJson(
        db,
        slaClocks,
        'sla_clocks',
        rows,
        CLOCK_KEYS,
        sql`on conflict ("ticket_id") do update set ${clockUpsertSet}`,
      );
    },

    /** Locks tickets in id order (one lock order for every transaction) and returns them. */
    async lockTickets(ids: number[]) {
      if (!ids.length) return [];
      return db.select().from(tickets).where(anyId(tickets.id, ids)).orderBy(asc(tickets.id)).for('update');
    },

    /** Tickets by id, without locking (rendering cards after a commit). */
    async ticketsByIds(ids: number[]) {
      if (!ids.length) return [];
      return db.select().from(tickets).where(anyId(tickets.id, ids));
    },

    /** Appends several entries to tickets' event logs in one statement. */
    async appendEvents(rows: (typeof ticketEvents.$inferInsert)[]): Promise<void> {
      if (!rows.length) return;
      await insertJson(db, ticketEvents, 'ticket_events', rows, [
        'ticketId',
        'at',
        'actorId',
        'kind',
        'data',
      ]);
    },

    async updateClock(ticketId: number, patch: SlaClockPatch): Promise<SlaClockRow> {
      const [row] = await db.update(slaClocks).set(patch).where(eq(slaClocks.ticketId, ticketId)).returning();
      if (!row) throw new Error(`sla clock of ticket ${ticketId} vanished`);
      return row;
    },

    /**
     * Open tickets past a target at `now`: a target missed (met late, or not met and due) or a
     * breach already recorded, oldest first. Tickets without a clock come back with `clocked: false`
     * for the caller to judge.
     */
    async breachedTickets(workspaceId: number, openStatuses: string[], now: Date, limit: number) {
      const rows = await db
        .select({ ticket: tickets, clock: slaClocks.ticketId })
        .from(tickets)
        .leftJoin(slaClocks, eq(slaClocks.ticketId, tickets.id))
        .where(
          and(
            eq(tickets.workspaceId, workspaceId),
            inArray(tickets.status, openStatuses),
            or(
              isNull(slaClocks.ticketId),
              isNotNull(slaClocks.breachedAt),
              lte(slaClocks.resolveDue, now),
              and(isNull(tickets.firstResponseAt), lte(slaClocks.firstResponseDue, now)),
              gt(tickets.firstResponseAt, slaClocks.firstResponseDue),
              and(isNull(slaClocks.restoredAt), lte(slaClocks.restoreDue, now)),
              gt(slaClocks.restoredAt, slaClocks.restoreDue),
            ),
          ),
        )
        .orderBy(asc(tickets.number))
        .limit(limit);
      return rows.map((r) => ({ ticket: r.ticket, clocked: r.clock !== null }));
    },

    /**
     * Records that the auditor saw a stall and returns true for the one caller (across replicas)
     * that should alert: the first of a stall, or again after `realertBefore`.
     */
    async markStalled(name: string, now: Date, realertBefore: Date): Promise<boolean> {
      await db.insert(timerAudits).values({ name }).onConflictDoNothing();
      const rows = await db
        .update(timerAudits)
        .set({ alertedAt: now })
        .where(
          and(
            eq(timerAudits.name, name),
            or(isNull(timerAudits.alertedAt), lte(timerAudits.alertedAt, realertBefore)),
          ),
        )
        .returning({ name: timerAudits.name });
      return rows.length === 1;
    },

    /** Clears an alerted stall; true for the one caller that should announce the recovery. */
    async markRecovered(name: string): Promise<boolean> {
      const rows = await db
        .update(timerAudits)
        .set({ alertedAt: null })
        .where(and(eq(timerAudits.name, name), isNotNull(timerAudits.alertedAt)))
        .returning({ name: timerAudits.name });
      return rows.length === 1;
    },
  };
}

export type SlaRepository = ReturnType<typeof createSlaRepository>;
