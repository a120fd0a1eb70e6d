import { eq, inArray, lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { blobs } from '../schema/runtime.ts';

export type BlobRow = typeof blobs.$inferSelect;

/** Stored bytes (chart images) referred to by id. */
export function createBlobsRepository({ db }: { db: Db }) {
  return {
    async put(row: BlobRow): Promise<void> {
      await db.insert(blobs).values(row).onConflictDoNothing();
    },

    async get(id: string): Promise<BlobRow | undefined> {
      const [row] = await db.select().from(blobs).where(eq(blobs.id, id));
      return row;
    },

    async getMany(ids: string[]): Promise<BlobRow[]> {
      if (!ids.length) return [];
      return db.select().from(blobs).where(inArray(blobs.id, ids));
    },

    async prune(before: Date): Promise<number> {
      const rows = await db.delete(blobs).where(lt(blobs.createdAt, before)).returning({ id: blobs.id });
      return rows.length;
    },
  };
}
