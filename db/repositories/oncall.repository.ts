import { and, desc, eq, gt, lte } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { oncallOverrides } from '../schema/oncall.ts';

export type OncallOverrideRow = typeof oncallOverrides.$inferSelect;
export type NewOncallOverrideRow = Omit<OncallOverrideRow, 'id'>;

/** On-call overrides: who covers a team's tier, from when until when. */
export function createOncallRepository({ db }: { db: Db }) {
  return {
    async insertOverride(row: NewOncallOverrideRow): Promise<OncallOverrideRow> {
      const [created] = await db.insert(oncallOverrides).values(row).returning();
      if (!created) throw new Error('override insert returned nothing');
      return created;
    },

    /** Overrides of a team's tier that have not ended by `at`, newest first. */
    async activeOrUpcoming(team: string, tier: string, at: Date): Promise<OncallOverrideRow[]> {
      return db
        .select()
        .from(oncallOverrides)
        .where(
          and(eq(oncallOverrides.team, team), eq(oncallOverrides.tier, tier), gt(oncallOverrides.endsAt, at)),
        )
        .orderBy(desc(oncallOverrides.id))
        .limit(50);
    },

    /** The override in force at `at` (the newest that covers it), if any. */
    async covering(team: string, tier: string, at: Date): Promise<OncallOverrideRow | undefined> {
      const [row] = await db
        .select()
        .from(oncallOverrides)
        .where(
          and(
            eq(oncallOverrides.team, team),
            eq(oncallOverrides.tier, tier),
            lte(oncallOverrides.startsAt, at),
            gt(oncallOverrides.endsAt, at),
          ),
        )
        .orderBy(desc(oncallOverrides.id))
        .limit(1);
      return row;
    },

    async byId(id: number): Promise<OncallOverrideRow | undefined> {
      const [row] = await db.select().from(oncallOverrides).where(eq(oncallOverrides.id, id));
      return row;
    },
  };
}

export type OncallRepository = ReturnType<typeof createOncallRepository>;
