import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { threadOwners } from '../schema/runtime.ts';

export type ThreadOwnerRow = typeof threadOwners.$inferSelect;

/** Which module owns which platform thread. */
export function createThreadsRepository({ db }: { db: Db }) {
  return {
    /** Claims a thread for an owner; the first claim wins (false when already owned). */
    async claim(row: ThreadOwnerRow): Promise<boolean> {
      const rows = await db
        .insert(threadOwners)
        .values(row)
        .onConflictDoNothing()
        .returning({ subject: threadOwners.subject });
      return rows.length === 1;
    },

    async owner(platform: string, channelId: string, threadId: string): Promise<ThreadOwnerRow | undefined> {
      const [row] = await db
        .select()
        .from(threadOwners)
        .where(
          and(
            eq(threadOwners.platform, platform),
            eq(threadOwners.channelId, channelId),
            eq(threadOwners.threadId, threadId),
          ),
        );
      return row;
    },

    async bySubject(subject: string): Promise<ThreadOwnerRow[]> {
      return db.select().from(threadOwners).where(eq(threadOwners.subject, subject));
    },
  };
}
