import { and, eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { workspaces } from '../schema/workspaces.ts';

export interface WorkspaceRow {
  id: number;
  platform: string;
  externalId: string;
  locale: string | null;
}

/** Workspaces and their per-workspace ticket counter. */
const columns = {
  id: workspaces.id,
  platform: workspaces.platform,
  externalId: workspaces.externalId,
  locale: workspaces.locale,
};

export function createWorkspacesRepository({ db }: { db: Db }) {
  return {
    /** Finds or creates the workspace for (platform, external id). Safe under concurrent calls. */
    async ensure(platform: string, externalId: string): Promise<WorkspaceRow> {
      const find = async () => {
        const [row] = await db
          .select(columns)
          .from(workspaces)
          .where(and(eq(workspaces.platform, platform), eq(workspaces.externalId, externalId)));
        return row;
      };
      const existing = await find();
      if (existing) return existing;
      const [inserted] = await db
        .insert(workspaces)
        .values({ platform, externalId })
        .onConflictDoNothing()
        .returning(columns);
      const row = inserted ?? (await find());
      if (!row) throw new Error(`workspace vanished: ${platform}/${externalId}`);
      return row;
    },

    async get(id: number): Promise<WorkspaceRow | undefined> {
      const [row] = await db.select(columns).from(workspaces).where(eq(workspaces.id, id));
      return row;
    },

    /**
     * The workspaces of one platform, oldest first, at most `limit` (a team channel's: its
     * language when there is only one, the digests of each).
     */
    async onPlatform(platform: string, limit = 1000): Promise<WorkspaceRow[]> {
      return db
        .select(columns)
        .from(workspaces)
        .where(eq(workspaces.platform, platform))
        .orderBy(workspaces.id)
        .limit(limit);
    },

    async setLocale(id: number, locale: string | null): Promise<void> {
      await db.update(workspaces).set({ locale }).where(eq(workspaces.id, id));
    },
  };
}

export type WorkspacesRepository = ReturnType<typeof createWorkspacesRepository>;
