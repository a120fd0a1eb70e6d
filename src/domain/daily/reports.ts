/**
 * Filing a daily report (from the form, a prompt or `/daily <text>`), the blocker ledger it
 * feeds, days off, and who has reported today. Filing again the same day rewrites the answers;
 * once the team's compiled report of that day is posted, the report is marked edited (or late)
 * and the compiled report is edited in place (a refresh of its live message, in the same
 * transaction as the change).
 */
import type {
  DailyBlockerRow,
  DailyDayOffRow,
  DailyReportRow,
  RepositorySet,
} from '../../../db/repositories/index.ts';
import { CodedError } from '../../core/errors.ts';
import type { MessageKey } from '../../core/i18n/index.ts';
import { localDate } from '../../core/zoned-time.ts';
import type { Runtime } from '../../runtime/module.ts';
import { type OutboxItem, refresh } from '../../runtime/outbox.ts';
import type { Team } from '../teams/index.ts';
import { blockersOf } from './compile.ts';
import { type DailyEnv, type DailyMemberView, reportSubject } from './env.ts';
import type { DailyField } from './fields.ts';
import type { DailyValues } from './parse.ts';
import { addDays, cutDaysOff, DAYS_OFF_LIMITS, dayOffOn, parseDaysOff, promptInstant } from './schedule.ts';

export interface FileInput {
  team: Team;
  memberId: string;
  /** The member's local date the report is for. */
  day: string;
  values: DailyValues;
  platform: string;
}

export interface FileResult {
  report: DailyReportRow;
  /** False when an earlier report of the same day was rewritten. */
  created: boolean;
  /** The team's compiled report of that day existed and is being updated. */
  compiled: boolean;
}

/** Who has reported on a team's day, who is off, whose prompt is still to come, who is missing. */
export interface TeamStatus {
  team: Team;
  day: string;
  reportDay: boolean;
  reported: DailyMemberView[];
  missing: DailyMemberView[];
  off: { member: DailyMemberView; reason: string | null }[];
  later: DailyMemberView[];
}

const sameText = (a: string, b: string) =>
  a.replace(/\s+/g, ' ').trim().toLowerCase() === b.replace(/\s+/g, ' ').trim().toLowerCase();

/** Refreshes of a team's compiled report of `day` on each platform it was posted to. */
export function compiledRefreshes(env: DailyEnv, team: Team, day: string): OutboxItem[] {
  return env.teamPlatforms(team).map((p) => refresh(p, reportSubject(p, day, team.name)));
}

/**
 * Makes the ledger match one report: each blocker-field answer opens a blocker (unless the same
 * text is already open for its owner, carried from an earlier day), a changed answer rewrites
 * the blocker it opened that day, a cleared one removes it (unless it was resolved or ticketed).
 */
async function syncBlockers(
  r: RepositorySet,
  input: FileInput,
  fields: DailyField[],
  now: Date,
): Promise<void> {
  const team = input.team.name;
  const answers = blockersOf(fields, input.values);
  const mine = new Map(
    (await r.daily.blockersOfReport(team, input.memberId, input.day)).map((b) => [b.field, b]),
  );
  const open = await r.daily.openBlockersOf(team, input.memberId);
  const drop: number[] = [];
  for (const field of fields.filter((f) => f.blocker)) {
    const answer = answers.find((a) => a.field === field.key);
    const row = mine.get(field.key);
    const settled = (b: DailyBlockerRow) => b.resolvedAt !== null || b.ticketId !== null;
    if (!answer) {
      if (row && !settled(row)) drop.push(row.id);
      continue;
    }
    if (row) {
      if (!settled(row) && row.text !== answer.text) await r.daily.setBlockerText(row.id, answer.text);
      continue;
    }
    if (open.some((b) => b.openedOn < input.day && sameText(b.text, answer.text))) continue;
    await r.daily.insertBlocker({
      team,
      ownerId: input.memberId,
      field: field.key,
      text: answer.text,
      openedOn: input.day,
      openedAt: now,
    });
  }
  await r.daily.deleteBlockers(drop);
}

export function createReports(runtime: Runtime, env: DailyEnv) {
  const { repos, clock, outbox } = runtime;

  /** Files (or rewrites) a member's report of a day; see the file comment. */
  async function file(input: FileInput): Promise<FileResult> {
    const s = env.settings(input.team.name);
    if (!s) throw new CodedError('daily.no_reports', { team: input.team.name });
    return repos.transaction(async (r) => {
      const now = clock.now();
      const team = input.team.name;
      const existing = await r.daily.report(team, input.memberId, input.day, { lock: true });
      const compiled = Boolean(await r.daily.compiled(team, input.day));
      const report = await r.daily.saveReport({
        team,
        memberId: input.memberId,
        day: input.day,
        platform: input.platform,
        values: input.values,
        filedAt: existing?.filedAt ?? now,
        updatedAt: now,
        editedAt: existing && compiled ? now : (existing?.editedAt ?? null),
      });
      await syncBlockers(r, input, s.fields, now);
      if (compiled) await outbox.sayIn(r, compiledRefreshes(env, input.team, input.day));
      return { report, created: !existing, compiled };
    });
  }

  /** The member's report of a day, if filed. */
  async function reportOf(team: string, memberId: string, day: string) {
    return repos.daily.report(team, memberId, day);
  }

  /** Today's date for a member (their zone): the day `/daily` files for. */
  async function todayOf(team: Team, memberId: string): Promise<{ day: string; member: DailyMemberView }> {
    const member = await env.member(team, memberId);
    return { day: localDate(clock.now(), member.timeZone), member };
  }

  /** The zone a member's dates are read in: that of their first team, else the top-level one. */
  async function memberZone(userId: string, teams: Team[]): Promise<string> {
    return teams[0] ? (await env.member(teams[0], userId)).timeZone : env.config.timezone;
  }

  /**
   * Edits of the compiled reports already posted for days in `from`..`to` (today's, and a past
   * day's when a day off is added or cancelled afterwards), so each shows who was off.
   */
  async function refreshesFor(r: RepositorySet, teams: Team[], from: string, to: string) {
    const items: OutboxItem[] = [];
    for (const team of teams) {
      const today = localDate(clock.now(), team.timeZone);
      if (from > today) continue;
      for (const day of await r.daily.compiledDays(team.name, from, to < today ? to : today))
        items.push(...compiledRefreshes(env, team, day));
    }
    return items;
  }

  /**
   * `/daily off`: the member's days off, read in their zone (of their first team, else the
   * top-level one). A bad date or range is refused, naming it, and nothing is stored. The
   * compiled reports already posted for a covered day are updated.
   */
  async function addDaysOff(userId: string, text: string) {
    const teams = env.reportingTeams(userId);
    const parsed = parseDaysOff(text, await memberZone(userId, teams), clock.now());
    if ('error' in parsed) throw new CodedError(parsed.error.key as MessageKey, parsed.error.params);
    return repos.transaction(async (r) => {
      const row = await r.daily.addDayOff({
        memberId: userId,
        fromDay: parsed.from,
        toDay: parsed.to,
        reason: parsed.reason ?? null,
        createdAt: clock.now(),
      });
      await outbox.sayIn(r, await refreshesFor(r, teams, parsed.from, parsed.to));
      return { ...parsed, id: row.id };
    });
  }

  /**
   * `/daily back [date|from..to]` (销假): cancels days off. Without dates, the rest of the leave
   * that covers today (today included; other leaves stay); with them, exactly those days, out of whichever ranges
   * hold them (a range is shortened or split, never lost whole by accident). Dates are read as in
   * `/daily off`; nothing to cancel, extra words or a bad date are refused and change nothing.
   */
  async function cancelDaysOff(userId: string, text: string) {
    const teams = env.reportingTeams(userId);
    const zone = await memberZone(userId, teams);
    const today = localDate(clock.now(), zone);
    let from = today;
    let to: string | undefined;
    if (text.trim()) {
      const parsed = parseDaysOff(text, zone, clock.now());
      if ('error' in parsed) throw new CodedError(parsed.error.key as MessageKey, parsed.error.params);
      if (parsed.reason) throw new CodedError('daily.back.extra', { value: parsed.reason });
      ({ from, to } = parsed);
    }
    return repos.transaction(async (r) => {
      let ranges: DailyDayOffRow[];
      if (to === undefined) {
        // Only the leave(s) covering today end; a separate leave later on stays whole.
        ranges = await r.daily.daysOff([userId], today, today, { lock: true });
        if (!ranges.length) {
          const ahead = await r.daily.daysOff([userId], today, addDays(today, DAYS_OFF_LIMITS.aheadDays));
          const next = ahead[0];
          if (next)
            throw new CodedError('daily.back.none_today_next', { from: next.fromDay, to: next.toDay });
          throw new CodedError('daily.back.none_today', {});
        }
        to =
          ranges
            .map((d) => d.toDay)
            .sort()
            .at(-1) ?? today;
      } else ranges = await r.daily.daysOff([userId], from, to, { lock: true });
      const end = to;
      const cut = cutDaysOff(
        ranges.map((d) => ({ id: d.id, from: d.fromDay, to: d.toDay, reason: d.reason })),
        from,
        end,
      );
      if (!cut.cancelled.length) throw new CodedError('daily.back.none', { from, to: end });
      await r.daily.applyDaysOffCut(userId, cut, clock.now());
      await outbox.sayIn(r, await refreshesFor(r, teams, from, end));
      const first = cut.cancelled[0] as string;
      const last = cut.cancelled[cut.cancelled.length - 1] as string;
      return { from: first, to: last, days: cut.cancelled.length, today: cut.cancelled.includes(today) };
    });
  }

  /** `/daily status`: the team's day in its zone, member by member. */
  async function status(team: Team): Promise<TeamStatus> {
    const s = env.settings(team.name);
    if (!s) throw new CodedError('daily.no_reports', { team: team.name });
    const now = clock.now();
    const day = localDate(now, team.timeZone);
    const members = await Promise.all(team.members.map((m) => env.member(team, m.id)));
    const ids = members.map((m) => m.id);
    const reports = new Set((await repos.daily.reportsBetween(team.name, day, day)).map((r) => r.memberId));
    const daysOff = await repos.daily.daysOff(ids, day, day);
    const out: TeamStatus = {
      team,
      day,
      reportDay: env.isTeamDay(s, day),
      reported: [],
      missing: [],
      off: [],
      later: [],
    };
    for (const m of members) {
      const off = dayOffOn(
        day,
        daysOff.filter((d) => d.memberId === m.id).map((d) => ({ from: d.fromDay, to: d.toDay })),
      );
      if (reports.has(m.id)) out.reported.push(m);
      else if (off) {
        const reason = daysOff.find((d) => d.memberId === m.id && d.fromDay <= day && day <= d.toDay)?.reason;
        out.off.push({ member: m, reason: reason ?? null });
      } else if (promptInstant(day, s.prompt, m.timeZone) > now) out.later.push(m);
      else out.missing.push(m);
    }
    return out;
  }

  return { file, reportOf, todayOf, addDaysOff, cancelDaysOff, status };
}

export type Reports = ReturnType<typeof createReports>;
