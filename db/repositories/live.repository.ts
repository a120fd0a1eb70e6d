import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { liveMessages } from '../schema/runtime.ts';

export type LiveMessageRow = typeof liveMessages.$inferSelect;

/** Where each live message was posted, and when it was last edited. */
export function createLiveRepository({ db }: { db: Db }) {
  return {
    async get(subject: string): Promise<LiveMessageRow | undefined> {
      const [row] = await db.select().from(liveMessages).where(eq(liveMessages.subject, subject));
      return row;
    },

    async getMany(subjects: string[]): Promise<LiveMessageRow[]> {
      if (!subjects.length) return [];
      return db.select().from(liveMessages).where(inArray(liveMessages.subject, subjects));
    },

    /** The live message posted as `messageId` in `channelId`, if it is one (a click on a card). */
    async byMessage(
      platform: string,
      channelId: string,
      messageId: string,
    ): Promise<LiveMessageRow | undefined> {
      const [row] = await db
        .select()
        .from(liveMessages)
        .where(
          and(
            eq(liveMessages.platform, platform),
            eq(liveMessages.channelId, channelId),
            eq(liveMessages.messageId, messageId),
          ),
        );
      return row;
    },

    /** Records a posted live message; false when the subject already had one (kept as it was). */
    async insert(row: Omit<LiveMessageRow, 'editedAt' | 'edits'>): Promise<boolean> {
      const rows = await db
        .insert(liveMessages)
        .values({ ...row, edits: 0 })
        .onConflictDoNothing()
        .returning({ subject: liveMessages.subject });
      return rows.length === 1;
    },

    /**
     * The live message of `subject` is now the one posted as `to` (the old one could no longer be
     * edited); false when another delivery moved it first (then `to` is a second copy).
     */
    async moved(
      subject: string,
      fromMessageId: string,
      to: Pick<LiveMessageRow, 'channelId' | 'messageId' | 'threadId' | 'postedAt'>,
    ): Promise<boolean> {
      const rows = await db
        .update(liveMessages)
        .set({ ...to, editedAt: null, edits: sql`${liveMessages.edits} + 1` })
        .where(and(eq(liveMessages.subject, subject), eq(liveMessages.messageId, fromMessageId)))
        .returning({ subject: liveMessages.subject });
      return rows.length === 1;
    },

    /** Several edits in one statement: each subject's last instant, its count added. */
    async editedMany(edits: { subject: string; at: Date }[]): Promise<void> {
      if (!edits.length) return;
      const by = new Map<string, { subject: string; at: string; n: number }>();
      for (const e of edits) {
        const seen = by.get(e.subject);
        const at = e.at.toISOString();
        if (seen) {
          seen.n += 1;
          if (at > seen.at) seen.at = at;
        } else by.set(e.subject, { subject: e.subject, at, n: 1 });
      }
      await db.execute(sql`update ${liveMessages} l set edited_at = d.at, edits = l.edits + d.n
        from jsonb_to_recordset(${JSON.stringify([...by.values()])}::jsonb) as d(subject text, at timestamptz, n int)
        where l.subject = d.subject`);
    },

    async edited(subject: string, at: Date): Promise<void> {
      await db
        .update(liveMessages)
        .set({ editedAt: at, edits: sql`${liveMessages.edits} + 1` })
        .where(eq(liveMessages.subject, subject));
    },
  };
}
