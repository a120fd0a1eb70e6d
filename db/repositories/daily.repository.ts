import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  or,
  sql,
} from 'drizzle-orm';
import type { Db } from '../client.ts';
import {
  dailyBlockers,
  dailyCompiled,
  dailyDaysOff,
  dailyPrompts,
  dailyReports,
  dailyReviews,
} from '../schema/daily.ts';
import { slaClocks } from '../schema/sla.ts';
import { tickets } from '../schema/tickets.ts';
import { workspaces } from '../schema/workspaces.ts';

export type DailyReportRow = typeof dailyReports.$inferSelect;
export type NewDailyReportRow = Omit<DailyReportRow, 'id'>;
export type DailyPromptRow = typeof dailyPrompts.$inferSelect;
export type DailyDayOffRow = typeof dailyDaysOff.$inferSelect;
export type DailyBlockerRow = typeof dailyBlockers.$inferSelect;
export type NewDailyBlockerRow = typeof dailyBlockers.$inferInsert;
export type DailyCompiledRow = typeof dailyCompiled.$inferSelect;
export type DailyReviewRow = typeof dailyReviews.$inferSelect;

/** Daily reports, prompts, days off, the blocker ledger, compiled days and weekly reviews. No rules. */
export function createDailyRepository({ db }: { db: Db }) {
  async function review(team: string, weekStart: string): Promise<DailyReviewRow | undefined> {
    const [row] = await db
      .select()
      .from(dailyReviews)
      .where(and(eq(dailyReviews.team, team), eq(dailyReviews.weekStart, weekStart)));
    return row;
  }

  return {
    async report(
      team: string,
      memberId: string,
      day: string,
      opts: { lock?: boolean } = {},
    ): Promise<DailyReportRow | undefined> {
      const q = db
        .select()
        .from(dailyReports)
        .where(
          and(eq(dailyReports.team, team), eq(dailyReports.memberId, memberId), eq(dailyReports.day, day)),
        );
      const [row] = opts.lock ? await q.for('update') : await q;
      return row;
    },

    /** Inserts a member's report of a day, or rewrites it (values, platform, times). */
    async saveReport(row: NewDailyReportRow): Promise<DailyReportRow> {
      const [saved] = await db
        .insert(dailyReports)
        .values(row)
        .onConflictDoUpdate({
          target: [dailyReports.team, dailyReports.memberId, dailyReports.day],
          set: {
            values: row.values,
            platform: row.platform,
            updatedAt: row.updatedAt,
            editedAt: row.editedAt,
          },
        })
        .returning();
      if (!saved) throw new Error('daily report upsert returned nothing');
      return saved;
    },

    /** The reports of a team filed for local dates `from`..`to` (inclusive). */
    async reportsBetween(team: string, from: string, to: string): Promise<DailyReportRow[]> {
      return db
        .select()
        .from(dailyReports)
        .where(and(eq(dailyReports.team, team), gte(dailyReports.day, from), lte(dailyReports.day, to)))
        .orderBy(asc(dailyReports.filedAt), asc(dailyReports.id));
    },

    /** Records a prompt's outcome once; false when that member's prompt of that day was recorded before. */
    async markPrompted(row: DailyPromptRow): Promise<boolean> {
      const rows = await db
        .insert(dailyPrompts)
        .values(row)
        .onConflictDoNothing()
        .returning({ day: dailyPrompts.day });
      return rows.length === 1;
    },

    async prompt(team: string, memberId: string, day: string): Promise<DailyPromptRow | undefined> {
      const [row] = await db
        .select()
        .from(dailyPrompts)
        .where(
          and(eq(dailyPrompts.team, team), eq(dailyPrompts.memberId, memberId), eq(dailyPrompts.day, day)),
        );
      return row;
    },

    async addDayOff(row: Omit<DailyDayOffRow, 'id'>): Promise<DailyDayOffRow> {
      const [saved] = await db.insert(dailyDaysOff).values(row).returning();
      if (!saved) throw new Error('day off insert returned nothing');
      return saved;
    },

    /** Applies a cut of days off (see `cutDaysOff`): removed, shortened and split-off ranges. */
    async applyDaysOffCut(
      memberId: string,
      cut: {
        remove: number[];
        shorten: { id: number; from: string; to: string }[];
        add: { from: string; to: string; reason: string | null }[];
      },
      at: Date,
    ): Promise<void> {
      if (cut.remove.length) await db.delete(dailyDaysOff).where(inArray(dailyDaysOff.id, cut.remove));
      for (const s of cut.shorten) {
        await db.update(dailyDaysOff).set({ fromDay: s.from, toDay: s.to }).where(eq(dailyDaysOff.id, s.id));
      }
      if (cut.add.length) {
        await db
          .insert(dailyDaysOff)
          .values(
            cut.add.map((a) => ({ memberId, fromDay: a.from, toDay: a.to, reason: a.reason, createdAt: at })),
          );
      }
    },

    /** Days off of these members that overlap `from`..`to`; `lock`: held until the transaction ends. */
    async daysOff(
      memberIds: string[],
      from: string,
      to: string,
      opts: { lock?: boolean } = {},
    ): Promise<DailyDayOffRow[]> {
      if (!memberIds.length) return [];
      const rows = db
        .select()
        .from(dailyDaysOff)
        .where(
          and(
            inArray(dailyDaysOff.memberId, memberIds),
            lte(dailyDaysOff.fromDay, to),
            gte(dailyDaysOff.toDay, from),
          ),
        )
        .orderBy(asc(dailyDaysOff.fromDay), asc(dailyDaysOff.id));
      return opts.lock ? rows.for('update') : rows;
    },

    /** Blockers opened by one member's report of one day, locked (the report is being rewritten). */
    async blockersOfReport(team: string, ownerId: string, day: string): Promise<DailyBlockerRow[]> {
      return db
        .select()
        .from(dailyBlockers)
        .where(
          and(
            eq(dailyBlockers.team, team),
            eq(dailyBlockers.ownerId, ownerId),
            eq(dailyBlockers.openedOn, day),
          ),
        )
        .orderBy(asc(dailyBlockers.id))
        .for('update');
    },

    /** A member's unresolved blockers in a team. */
    async openBlockersOf(team: string, ownerId: string): Promise<DailyBlockerRow[]> {
      return db
        .select()
        .from(dailyBlockers)
        .where(
          and(
            eq(dailyBlockers.team, team),
            eq(dailyBlockers.ownerId, ownerId),
            isNull(dailyBlockers.resolvedAt),
          ),
        )
        .orderBy(asc(dailyBlockers.id));
    },

    /** The blockers a team's report of `day` shows: opened by then and not resolved by the end of it. */
    async blockersShownOn(team: string, day: string): Promise<DailyBlockerRow[]> {
      return db
        .select()
        .from(dailyBlockers)
        .where(
          and(
            eq(dailyBlockers.team, team),
            lte(dailyBlockers.openedOn, day),
            or(isNull(dailyBlockers.resolvedOn), gt(dailyBlockers.resolvedOn, day)),
          ),
        )
        .orderBy(asc(dailyBlockers.openedOn), asc(dailyBlockers.id));
    },

    async insertBlocker(row: NewDailyBlockerRow): Promise<DailyBlockerRow | undefined> {
      const [saved] = await db.insert(dailyBlockers).values(row).onConflictDoNothing().returning();
      return saved;
    },

    async setBlockerText(id: number, text: string): Promise<void> {
      await db.update(dailyBlockers).set({ text }).where(eq(dailyBlockers.id, id));
    },

    async deleteBlockers(ids: number[]): Promise<void> {
      if (!ids.length) return;
      await db.delete(dailyBlockers).where(inArray(dailyBlockers.id, ids));
    },

    async blocker(id: number, opts: { lock?: boolean } = {}): Promise<DailyBlockerRow | undefined> {
      const q = db.select().from(dailyBlockers).where(eq(dailyBlockers.id, id));
      const [row] = opts.lock ? await q.for('update') : await q;
      return row;
    },

    async resolveBlocker(id: number, by: string, at: Date, on: string): Promise<DailyBlockerRow | undefined> {
      const [row] = await db
        .update(dailyBlockers)
        .set({ resolvedAt: at, resolvedBy: by, resolvedOn: on })
        .where(and(eq(dailyBlockers.id, id), isNull(dailyBlockers.resolvedAt)))
        .returning();
      return row;
    },

    async setBlockerTicket(id: number, ticketId: number, ticketNumber: number): Promise<void> {
      await db.update(dailyBlockers).set({ ticketId, ticketNumber }).where(eq(dailyBlockers.id, id));
    },

    /** Blockers of a team opened and resolved in `from`..`to`, and unresolved now. */
    async blockerCounts(team: string, from: string, to: string) {
      const n = async (where: ReturnType<typeof and>) => {
        const [row] = await db.select({ n: count() }).from(dailyBlockers).where(where);
        return Number(row?.n ?? 0);
      };
      const ofTeam = eq(dailyBlockers.team, team);
      return {
        opened: await n(and(ofTeam, gte(dailyBlockers.openedOn, from), lte(dailyBlockers.openedOn, to))),
        resolved: await n(
          and(ofTeam, gte(dailyBlockers.resolvedOn, from), lte(dailyBlockers.resolvedOn, to)),
        ),
        open: await n(and(ofTeam, isNull(dailyBlockers.resolvedAt))),
      };
    },

    /** Records that a team's report of `day` was compiled; false when it was before. */
    async markCompiled(team: string, day: string, at: Date): Promise<boolean> {
      const rows = await db
        .insert(dailyCompiled)
        .values({ team, day, compiledAt: at })
        .onConflictDoNothing()
        .returning({ day: dailyCompiled.day });
      return rows.length === 1;
    },

    async compiled(team: string, day: string): Promise<DailyCompiledRow | undefined> {
      const [row] = await db
        .select()
        .from(dailyCompiled)
        .where(and(eq(dailyCompiled.team, team), eq(dailyCompiled.day, day)));
      return row;
    },

    /** The days in `from`..`to` (inclusive) the team's report was compiled for, in order. */
    async compiledDays(team: string, from: string, to: string): Promise<string[]> {
      const rows = await db
        .select({ day: dailyCompiled.day })
        .from(dailyCompiled)
        .where(and(eq(dailyCompiled.team, team), gte(dailyCompiled.day, from), lte(dailyCompiled.day, to)))
        .orderBy(dailyCompiled.day);
      return rows.map((r) => r.day);
    },

    /** The team's most recent compiled day. */
    async latestCompiled(team: string): Promise<DailyCompiledRow | undefined> {
      const [row] = await db
        .select()
        .from(dailyCompiled)
        .where(eq(dailyCompiled.team, team))
        .orderBy(desc(dailyCompiled.day))
        .limit(1);
      return row;
    },

    /** Stores a week's review (a later submission of the same week replaces it); true when it is the first. */
    async saveReview(row: DailyReviewRow): Promise<boolean> {
      const existing = await review(row.team, row.weekStart);
      await db
        .insert(dailyReviews)
        .values(row)
        .onConflictDoUpdate({
          target: [dailyReviews.team, dailyReviews.weekStart],
          set: {
            values: row.values,
            numbers: row.numbers,
            actions: row.actions,
            submittedBy: row.submittedBy,
            submittedAt: row.submittedAt,
          },
        });
      return !existing;
    },

    review,

    /**
     * Tickets of these teams (and of no team, when `unassigned`) resolved in [from, to), and how
     * many of them never breached an SLA target.
     */
    async ticketFigures(teams: string[], unassigned: boolean, from: Date, to: Date) {
      const ofTeams = teams.length ? inArray(tickets.team, teams) : undefined;
      const team = unassigned
        ? ofTeams
          ? or(ofTeams, isNull(tickets.team))
          : isNull(tickets.team)
        : ofTeams;
      if (!team) return { resolved: 0, met: 0, clocked: 0 };
      const [row] = await db
        .select({
          resolved: count(),
          met: sql<number>`count(*) filter (where ${slaClocks.ticketId} is not null and ${slaClocks.breachedAt} is null)`,
          clocked: sql<number>`count(${slaClocks.ticketId})`,
        })
        .from(tickets)
        .leftJoin(slaClocks, eq(slaClocks.ticketId, tickets.id))
        .where(
          and(team, isNotNull(tickets.resolvedAt), gte(tickets.resolvedAt, from), lt(tickets.resolvedAt, to)),
        );
      return {
        resolved: Number(row?.resolved ?? 0),
        met: Number(row?.met ?? 0),
        clocked: Number(row?.clocked ?? 0),
      };
    },

    /** The oldest workspace of a platform (what an unprompted form's session belongs to). */
    async workspaceOf(platform: string): Promise<{ id: number; externalId: string } | undefined> {
      const [row] = await db
        .select({ id: workspaces.id, externalId: workspaces.externalId })
        .from(workspaces)
        .where(eq(workspaces.platform, platform))
        .orderBy(asc(workspaces.id))
        .limit(1);
      return row;
    },
  };
}

export type DailyRepository = ReturnType<typeof createDailyRepository>;
