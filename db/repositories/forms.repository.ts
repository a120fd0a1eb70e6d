import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { formSessions } from '../schema/runtime.ts';

export type FormSessionRow = typeof formSessions.$inferSelect;

/** Open forms, by session id. */
export function createFormsRepository({ db }: { db: Db }) {
  return {
    async insert(row: Omit<FormSessionRow, 'submittedAt'>): Promise<void> {
      await db.insert(formSessions).values(row);
    },

    async get(id: string): Promise<FormSessionRow | undefined> {
      const [row] = await db.select().from(formSessions).where(eq(formSessions.id, id));
      return row;
    },

    /** Marks a session submitted; false when it already was (a second submission of one form). */
    async submitted(id: string, at: Date): Promise<boolean> {
      const rows = await db
        .update(formSessions)
        .set({ submittedAt: at })
        .where(and(eq(formSessions.id, id), isNull(formSessions.submittedAt)))
        .returning({ id: formSessions.id });
      return rows.length === 1;
    },

    async prune(before: Date): Promise<number> {
      const rows = await db
        .delete(formSessions)
        .where(lt(formSessions.expiresAt, sql`${before.toISOString()}::timestamptz`))
        .returning({ id: formSessions.id });
      return rows.length;
    },
  };
}
