import { and, asc, desc, eq, getTableColumns, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { releaseEvents, releaseRuns, releaseSteps } from '../schema/releases.ts';
import { anyId, insertJson } from './bulk.ts';

export type ReleaseRunRow = typeof releaseRuns.$inferSelect;
/** A run without its frozen template (large, immutable: callers cache it, see `templates`). */
export type ReleaseRunState = Omit<ReleaseRunRow, 'template'>;
export type NewReleaseRunRow = typeof releaseRuns.$inferInsert;
export type ReleaseRunPatch = Partial<
  Pick<ReleaseRunRow, 't0ReachedAt' | 'status' | 'outcome' | 'updatedAt' | 'finishedAt'>
>;
export type ReleaseStepRow = typeof releaseSteps.$inferSelect;
export type ReleaseEventRow = typeof releaseEvents.$inferSelect;
export type NewReleaseEventRow = Omit<ReleaseEventRow, 'id'>;

const STEP_KEYS = [
  'runId',
  'number',
  'stepId',
  'state',
  'dueAt',
  'endsAt',
  'duePingedAt',
  'lastRemindedAt',
  'reminders',
  'owners',
  'decision',
  'votes',
  'lateMs',
  'completedAt',
  'completedBy',
  'note',
];
const MUTABLE_STEP_COLUMNS = [
  'state',
  'due_at',
  'ends_at',
  'due_pinged_at',
  'last_reminded_at',
  'reminders',
  'owners',
  'decision',
  'votes',
  'late_ms',
  'completed_at',
  'completed_by',
  'note',
];
const EVENT_KEYS = ['runId', 'at', 'actorId', 'kind', 'step', 'data'];

const { template: _template, ...stateColumns } = getTableColumns(releaseRuns);

/** Release runs, their steps and their event log. Plain reads and writes, no rules. */
export function createReleasesRepository({ db }: { db: Db }) {
  return {
    /**
     * Inserts a run unless a running one already has its name on its platform, or its origin
     * already made one (unique keys): then nothing is written and undefined is returned.
     */
    async insertRun(row: NewReleaseRunRow): Promise<ReleaseRunRow | undefined> {
      const [created] = await db.insert(releaseRuns).values(row).onConflictDoNothing().returning();
      return created;
    },

    async runById(id: number, opts: { lock?: boolean } = {}): Promise<ReleaseRunState | undefined> {
      const q = db.select(stateColumns).from(releaseRuns).where(eq(releaseRuns.id, id));
      const [row] = opts.lock ? await q.for('update') : await q;
      return row;
    },

    /** Locks runs in id order (the order every writer locks them in: no deadlocks). */
    async lockRuns(ids: number[]): Promise<ReleaseRunState[]> {
      if (!ids.length) return [];
      return db
        .select(stateColumns)
        .from(releaseRuns)
        .where(anyId(releaseRuns.id, ids))
        .orderBy(asc(releaseRuns.id))
        .for('update');
    },

    async runByOrigin(origin: string): Promise<ReleaseRunState | undefined> {
      const [row] = await db.select(stateColumns).from(releaseRuns).where(eq(releaseRuns.origin, origin));
      return row;
    },

    /** The frozen templates of runs, by id. */
    async templates(ids: number[]): Promise<{ id: number; template: Record<string, unknown> }[]> {
      if (!ids.length) return [];
      return db
        .select({ id: releaseRuns.id, template: releaseRuns.template })
        .from(releaseRuns)
        .where(anyId(releaseRuns.id, ids));
    },

    /**
     * Runs on a platform named one of `names` (any case), visible from a workspace (its own and
     * the scheduled ones): running first, then the newest.
     */
    async byNames(platform: string, workspaceId: number | null, names: string[]): Promise<ReleaseRunState[]> {
      if (!names.length) return [];
      const lower = names.map((n) => n.toLowerCase());
      return db
        .select(stateColumns)
        .from(releaseRuns)
        .where(
          and(
            eq(releaseRuns.platform, platform),
            visibleFrom(workspaceId),
            sql`lower(${releaseRuns.name}) in (select jsonb_array_elements_text(${JSON.stringify(lower)}::jsonb))`,
          ),
        )
        .orderBy(sql`(${releaseRuns.status} = 'running') desc`, desc(releaseRuns.id))
        .limit(50);
    },

    /** The newest runs visible from a workspace: running ones first. */
    async list(platform: string, workspaceId: number | null, limit: number): Promise<ReleaseRunState[]> {
      return db
        .select(stateColumns)
        .from(releaseRuns)
        .where(and(eq(releaseRuns.platform, platform), visibleFrom(workspaceId)))
        .orderBy(sql`(${releaseRuns.status} = 'running') desc`, desc(releaseRuns.id))
        .limit(limit);
    },

    /** The latest run of a schedule before run `beforeId`. */
    async previousOfSchedule(scheduleKey: string, beforeId: number): Promise<ReleaseRunState | undefined> {
      const [row] = await db
        .select(stateColumns)
        .from(releaseRuns)
        .where(and(eq(releaseRuns.scheduleKey, scheduleKey), lt(releaseRuns.id, beforeId)))
        .orderBy(desc(releaseRuns.id))
        .limit(1);
      return row;
    },

    async childrenOf(parentId: number): Promise<ReleaseRunRow[]> {
      return db
        .select()
        .from(releaseRuns)
        .where(eq(releaseRuns.parentId, parentId))
        .orderBy(asc(releaseRuns.id));
    },

    async updateRun(id: number, patch: ReleaseRunPatch): Promise<void> {
      await db.update(releaseRuns).set(patch).where(eq(releaseRuns.id, id));
    },

    async steps(runId: number): Promise<ReleaseStepRow[]> {
      return db
        .select()
        .from(releaseSteps)
        .where(eq(releaseSteps.runId, runId))
        .orderBy(asc(releaseSteps.number));
    },

    async stepsOfRuns(runIds: number[]): Promise<ReleaseStepRow[]> {
      if (!runIds.length) return [];
      return db
        .select()
        .from(releaseSteps)
        .where(anyId(releaseSteps.runId, runIds))
        .orderBy(asc(releaseSteps.runId), asc(releaseSteps.number));
    },

    async step(runId: number, number: number): Promise<ReleaseStepRow | undefined> {
      const [row] = await db
        .select()
        .from(releaseSteps)
        .where(and(eq(releaseSteps.runId, runId), eq(releaseSteps.number, number)));
      return row;
    },

    /** Writes steps in one statement: new ones inserted, existing ones overwritten. */
    async saveSteps(rows: ReleaseStepRow[]): Promise<void> {
      if (!rows.length) return;
      const set = sql.raw(MUTABLE_STEP_COLUMNS.map((c) => `"${c}" = excluded."${c}"`).join(', '));
      await insertJson(
        db,
        releaseSteps,
        'release_steps',
        rows,
        STEP_KEYS,
        sql`on conflict ("run_id", "number") do update set ${set}`,
      );
    },

    async appendEvents(rows: NewReleaseEventRow[]): Promise<void> {
      if (!rows.length) return;
      await insertJson(db, releaseEvents, 'release_events', rows, EVENT_KEYS);
    },

    /** A run's log, oldest first (the last `limit` entries when given). */
    async events(runId: number, limit?: number): Promise<ReleaseEventRow[]> {
      if (limit === undefined) {
        return db
          .select()
          .from(releaseEvents)
          .where(eq(releaseEvents.runId, runId))
          .orderBy(asc(releaseEvents.id));
      }
      const rows = await db
        .select()
        .from(releaseEvents)
        .where(eq(releaseEvents.runId, runId))
        .orderBy(desc(releaseEvents.id))
        .limit(limit);
      return rows.reverse();
    },
  };
}

/** A workspace sees its own runs and the scheduled ones (which belong to no workspace). */
function visibleFrom(workspaceId: number | null) {
  return workspaceId === null
    ? sql`true`
    : or(eq(releaseRuns.workspaceId, workspaceId), isNull(releaseRuns.workspaceId));
}

export type ReleasesRepository = ReturnType<typeof createReleasesRepository>;
