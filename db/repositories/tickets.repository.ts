import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { ticketEvents, tickets } from '../schema/tickets.ts';
import { workspaces } from '../schema/workspaces.ts';
import { anyId } from './bulk.ts';
import { hasErrorCode } from './errors.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type NewTicketRow = typeof tickets.$inferInsert;
export type TicketEventRow = typeof ticketEvents.$inferSelect;
export type TicketPatch = Partial<Omit<TicketRow, 'id' | 'workspaceId' | 'number' | 'createdAt'>>;

export interface TicketListFilter {
  workspaceId: number;
  statuses?: string[];
  assigneeId?: string;
  reporterId?: string;
  limit?: number;
  order?: 'newest' | 'oldest';
}

/** Postgres `lock_not_available`: a `lock_timeout` ran out. */
const LOCK_NOT_AVAILABLE = new Set(['55P03']);

/** Ticket rows and their append-only event log. Plain reads and writes, no rules. */
export function createTicketsRepository({ db }: { db: Db }) {
  return {
    /**
     * Inserts a ticket unless one already exists for its source message or originating delivery
     * (unique keys): then nothing is written and undefined is returned.
     */
    async insert(row: NewTicketRow): Promise<TicketRow | undefined> {
      const [created] = await db.insert(tickets).values(row).onConflictDoNothing().returning();
      return created;
    },

    async byNumber(workspaceId: number, number: number, opts: { lock?: boolean } = {}) {
      const q = db
        .select()
        .from(tickets)
        .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.number, number)));
      const [row] = opts.lock ? await q.for('update') : await q;
      return row;
    },

    async byId(id: number, opts: { lock?: boolean } = {}): Promise<TicketRow | undefined> {
      const q = db.select().from(tickets).where(eq(tickets.id, id));
      const [row] = opts.lock ? await q.for('update') : await q;
      return row;
    },

    /** Several tickets by id (one parameter however many), in no particular order. */
    async byIds(ids: number[]): Promise<TicketRow[]> {
      if (!ids.length) return [];
      return db.select().from(tickets).where(anyId(tickets.id, ids));
    },

    /** The ticket whose conversation is the thread rooted at `threadId` in that channel. */
    async byThread(workspaceId: number, channelId: string, threadId: string): Promise<TicketRow | undefined> {
      const [row] = await db
        .select()
        .from(tickets)
        .where(
          and(
            eq(tickets.workspaceId, workspaceId),
            eq(tickets.channelId, channelId),
            eq(tickets.threadId, threadId),
          ),
        )
        .orderBy(asc(tickets.id))
        .limit(1);
      return row;
    },

    /** The ticket made from a given source message, if any. */
    async bySourceMessage(workspaceId: number, channelId: string, messageId: string) {
      const [row] = await db
        .select()
        .from(tickets)
        .where(
          and(
            eq(tickets.workspaceId, workspaceId),
            eq(tickets.channelId, channelId),
            eq(tickets.sourceMessageId, messageId),
          ),
        )
        .limit(1);
      return row;
    },

    async list(filter: TicketListFilter): Promise<TicketRow[]> {
      const where: SQL[] = [eq(tickets.workspaceId, filter.workspaceId)];
      if (filter.statuses) where.push(inArray(tickets.status, filter.statuses));
      if (filter.assigneeId) where.push(eq(tickets.assigneeId, filter.assigneeId));
      if (filter.reporterId) where.push(eq(tickets.reporterId, filter.reporterId));
      return db
        .select()
        .from(tickets)
        .where(and(...where))
        .orderBy(filter.order === 'oldest' ? asc(tickets.number) : desc(tickets.number))
        .limit(filter.limit ?? 50);
    },

    async update(id: number, patch: TicketPatch): Promise<TicketRow> {
      const [row] = await db.update(tickets).set(patch).where(eq(tickets.id, id)).returning();
      if (!row) throw new Error(`ticket ${id} vanished`);
      return row;
    },

    /**
     * Takes the workspace's next ticket number: one statement, so on a handle outside any
     * transaction the counter row is locked only while it runs. Undefined when the workspace is
     * not visible here (created by a transaction that has not committed yet), and when the row
     * stays locked past the connection's `lock_timeout` (a unit that changed the workspace and is
     * now opening a ticket in it would otherwise wait for itself): the caller then numbers inside
     * its own unit.
     */
    async nextNumber(workspaceId: number): Promise<number | undefined> {
      try {
        const [row] = await db
          .update(workspaces)
          .set({ lastTicketNumber: sql`${workspaces.lastTicketNumber} + 1` })
          .where(eq(workspaces.id, workspaceId))
          .returning({ n: workspaces.lastTicketNumber });
        return row?.n;
      } catch (err) {
        if (hasErrorCode(err, LOCK_NOT_AVAILABLE)) return undefined;
        throw err;
      }
    },

    /**
     * A ticket without a thread yet (a `/ticket` command typed outside one) moves into the thread
     * of its card once the card is posted; one born in a thread keeps it. One statement.
     */
    async adoptThread(id: number, channelId: string, threadId: string): Promise<TicketRow | undefined> {
      const [row] = await db
        .update(tickets)
        .set({ channelId, threadId })
        .where(and(eq(tickets.id, id), sql`${tickets.threadId} is null`))
        .returning();
      return row;
    },

    async appendEvent(event: Omit<TicketEventRow, 'id'>): Promise<TicketEventRow> {
      const [row] = await db.insert(ticketEvents).values(event).returning();
      if (!row) throw new Error('event insert returned nothing');
      return row;
    },

    /** The ticket an inbound event created (replays look it up). */
    async byOrigin(workspaceId: number, originEvent: string): Promise<TicketRow | undefined> {
      const [row] = await db
        .select()
        .from(tickets)
        .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.originEvent, originEvent)))
        .limit(1);
      return row;
    },

    /** The event of `kind` on a ticket whose data has `field` = `value` (a comment's message id). */
    async eventByData(
      ticketId: number,
      kind: string,
      field: 'origin' | 'messageId',
      value: string,
    ): Promise<TicketEventRow | undefined> {
      const [row] = await db
        .select()
        .from(ticketEvents)
        .where(
          and(
            eq(ticketEvents.ticketId, ticketId),
            eq(ticketEvents.kind, kind),
            sql`${ticketEvents.data}->>${field} = ${value}`,
          ),
        )
        .limit(1);
      return row;
    },

    async events(ticketId: number): Promise<TicketEventRow[]> {
      return db
        .select()
        .from(ticketEvents)
        .where(eq(ticketEvents.ticketId, ticketId))
        .orderBy(asc(ticketEvents.id));
    },
  };
}

export type TicketsRepository = ReturnType<typeof createTicketsRepository>;
