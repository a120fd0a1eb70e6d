import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { csatRatings } from '../schema/csat.ts';

export type CsatRow = typeof csatRatings.$inferSelect;

/** One answer to a ticket's satisfaction card. */
export interface CsatAnswer {
  ticketId: number;
  /** 1–5; the table's check rejects anything else. */
  rating: number;
  /** Optional; an answer without one keeps the comment given earlier. */
  comment?: string | null;
  ratedBy: string;
  at: Date;
}

/** Satisfaction ratings, one per ticket. Plain reads and writes; the use case validates. */
export function createCsatRepository({ db }: { db: Db }) {
  return {
    /**
     * Records an answer in one statement: the first creates the rating, a later one changes its
     * rating (and comment, when given) and `updated_at`; `rated_at` keeps the first answer's time.
     * `created` says which happened (`xmax = 0` only on a freshly inserted row version). The
     * ticket's workspace and team are copied from it (digests read ratings by them).
     */
    async upsert(answer: CsatAnswer): Promise<{ rating: CsatRow; created: boolean }> {
      const [row] = await db
        .insert(csatRatings)
        .values({
          ticketId: answer.ticketId,
          rating: answer.rating,
          comment: answer.comment ?? null,
          ratedBy: answer.ratedBy,
          ratedAt: answer.at,
          updatedAt: answer.at,
          workspaceId: sql`(select workspace_id from tickets where id = ${answer.ticketId})`,
          team: sql`(select team from tickets where id = ${answer.ticketId})`,
        })
        .onConflictDoUpdate({
          target: csatRatings.ticketId,
          set: {
            rating: sql`excluded.rating`,
            comment: sql`coalesce(excluded.comment, ${csatRatings.comment})`,
            ratedBy: sql`excluded.rated_by`,
            updatedAt: sql`excluded.updated_at`,
          },
        })
        .returning({ ...csatColumns, created: sql<boolean>`(xmax = 0)` });
      if (!row) throw new Error('csat upsert returned nothing');
      const { created, ...rating } = row;
      return { rating, created: Boolean(created) };
    },

    async byTicket(ticketId: number): Promise<CsatRow | undefined> {
      const [row] = await db.select().from(csatRatings).where(eq(csatRatings.ticketId, ticketId));
      return row;
    },
  };
}

const csatColumns = {
  ticketId: csatRatings.ticketId,
  rating: csatRatings.rating,
  comment: csatRatings.comment,
  ratedBy: csatRatings.ratedBy,
  ratedAt: csatRatings.ratedAt,
  updatedAt: csatRatings.updatedAt,
  workspaceId: csatRatings.workspaceId,
  team: csatRatings.team,
};

export type CsatRepository = ReturnType<typeof createCsatRepository>;
