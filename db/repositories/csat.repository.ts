import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { csatRatings } from '../schema/csat.ts';
import { tickets } from '../schema/tickets.ts';

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
     * `created` says which happened (`xmax = 0` only on a freshly inserted row version). It is
     * an INSERT … SELECT from the ticket, which copies the ticket's workspace and team (digests read
     * ratings by them) in the same lookup.
     */
    async upsert(answer: CsatAnswer): Promise<{ rating: CsatRow; created: boolean }> {
      const at = sql`${answer.at.toISOString()}::timestamptz`;
      const [row] = await db
        .insert(csatRatings)
        .select((qb) =>
          qb
            .select({
              ticketId: tickets.id,
              rating: sql`${answer.rating}::smallint`.as('rating'),
              comment: sql`${answer.comment ?? null}::text`.as('comment'),
              ratedBy: sql`${answer.ratedBy}::text`.as('rated_by'),
              ratedAt: at.as('rated_at'),
              updatedAt: at.as('updated_at'),
              workspaceId: tickets.workspaceId,
              team: tickets.team,
            })
            .from(tickets)
            .where(eq(tickets.id, answer.ticketId)),
        )
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
