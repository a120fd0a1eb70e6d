import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { memberProfiles } from '../schema/teams.ts';

export type MemberProfileRow = typeof memberProfiles.$inferSelect;

/** Cached platform profiles of team members (zone, locale, name). */
export function createMembersRepository({ db }: { db: Db }) {
  return {
    async get(platform: string, userId: string): Promise<MemberProfileRow | undefined> {
      const [row] = await db
        .select()
        .from(memberProfiles)
        .where(and(eq(memberProfiles.platform, platform), eq(memberProfiles.userId, userId)));
      return row;
    },

    async getMany(platform: string, userIds: string[]): Promise<MemberProfileRow[]> {
      if (!userIds.length) return [];
      return db
        .select()
        .from(memberProfiles)
        .where(and(eq(memberProfiles.platform, platform), inArray(memberProfiles.userId, userIds)));
    },

    async upsert(row: MemberProfileRow): Promise<void> {
      await db
        .insert(memberProfiles)
        .values(row)
        .onConflictDoUpdate({
          target: [memberProfiles.platform, memberProfiles.userId],
          set: { name: row.name, timeZone: row.timeZone, locale: row.locale, fetchedAt: row.fetchedAt },
        });
    },
  };
}
