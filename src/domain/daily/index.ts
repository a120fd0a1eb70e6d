/**
 * The daily-reports module's door (PRODUCT.md capability 4, GitHub issue 11): each member is
 * asked for their report at `daily.prompt` in their own zone (durable per-member timers, see
 * prompts.ts), reminded privately, and the team gets one compiled report at the cutoff (a live
 * message, see compiled.ts) with the missing, the off, the KPIs against their targets and the
 * blocker ledger; the weekly review (卡若五步法) and the monthly KPI board (weekly.ts). Other
 * modules (a digest) reach it only through what is exported here.
 */
import type { RepositorySet } from '../../../db/repositories/index.ts';
import type { Platform } from '../../core/events.ts';
import type { Translator } from '../../core/i18n/index.ts';
import type { Runtime, Services } from '../../runtime/module.ts';
import type { Team } from '../teams/index.ts';
import { createBlockers } from './blockers.ts';
import { createCompiledReports } from './compiled.ts';
import { createDailyEnv, parseSubject } from './env.ts';
import { createPrompts } from './prompts.ts';
import { createReports } from './reports.ts';
import { createWeekly } from './weekly.ts';

export { parseBlockerRef } from './blockers.ts';
export { catalog } from './catalog.ts';
export { blockerRef, blockersOf, compileDailyReport, DAILY_ACTIONS } from './compile.ts';
export { type DailyMemberView, reportSubject, reviewSubject } from './env.ts';
export {
  DAILY_WEEKDAYS,
  type DailyBlock,
  type DailyField,
  type DailySettings,
  DEFAULT_DAILY,
  dailyBlockSchema,
  fieldLabel,
  reportForm,
  resolveDaily,
} from './fields.ts';
export { type DailyValues, editReport, parseDailyText } from './parse.ts';
export { memberForm, PROMPT_KIND, REMIND_KIND } from './prompts.ts';
export type { FileResult, TeamStatus } from './reports.ts';
export { LAST_ACTIONS_KEY, reviewCard, reviewForm, type WeekNumbers } from './review.ts';
export {
  isDaysText,
  nextPromptSlot,
  parseDaysOff,
  promptInstant,
  startsWithDay,
  weekdayOf,
} from './schedule.ts';
export { chooseTeam, filedText, statusCard } from './views.ts';
export { previousMonth, weekStartOf } from './weekly.ts';

/** How often member profiles (zones, languages) are read again and prompts replanned. */
export const PROFILE_REFRESH_CRON = '50 * * * *';

export function createDaily(runtime: Runtime, services: Services) {
  const env = createDailyEnv(runtime, services.teams);
  const reports = createReports(runtime, env);
  const prompts = createPrompts(runtime, env);
  const compiled = createCompiledReports(runtime, env);
  const weekly = createWeekly(runtime, env);
  const blockers = createBlockers(runtime, env, services.tickets);
  runtime.scheduler.register(prompts.job);
  runtime.scheduler.onStart(async () => {
    await prompts.ensure();
  });
  runtime.live.register({
    prefix: 'daily',
    async render(subject, platform) {
      const parsed = parseSubject(subject);
      const team = parsed ? services.teams.get(parsed.team) : undefined;
      if (!parsed || !team || !env.settings(team.name)) return null;
      return parsed.kind === 'report'
        ? compiled.renderSubject(team, parsed.day, platform)
        : weekly.renderReview(team, parsed.day, platform);
    },
  });

  return {
    /** The resolved settings of a team (defaults ← `daily:` ← `teams.<team>.daily`). */
    settings: env.settings,
    /** The teams a user files reports for (their `members` lists). */
    reportingTeams: env.reportingTeams,
    /** The team `/daily status` and `/daily review` default to for a caller. */
    teamOfCaller: env.teamOfCaller,
    /** A member's zone, language and platform as the daily module reads them. */
    member: (team: Team, userId: string) => env.member(team, userId),
    channelT: env.channelT,
    /** Files (or rewrites) a member's report of a day; edits a compiled report in place. */
    file: reports.file,
    reportOf: reports.reportOf,
    /** The member's local date (what `/daily` files for). */
    todayOf: reports.todayOf,
    /** `/daily off`: stores days off, or throws a coded refusal naming the bad date. */
    addDaysOff: reports.addDaysOff,
    /** `/daily back`: cancels days off (see reports.ts). */
    cancelDaysOff: reports.cancelDaysOff,
    /** Who has reported today, who is off, who is missing, whose prompt is still to come. */
    status: reports.status,
    /** A member's unresolved blockers in a team. */
    openBlockersOf: (team: string, userId: string) => runtime.repos.daily.openBlockersOf(team, userId),
    resolveBlocker: blockers.resolve,
    blockerToTicket: blockers.toTicket,
    /** The cutoff: records a team's day compiled and posts its live report (inside a cron commit). */
    compile: (r: RepositorySet, team: Team, at: Date) => compiled.compile(r, team, at),
    /** The compiled report as it looks now (for tests and a digest). */
    renderCompiled: compiled.render,
    weekNumbers: weekly.weekNumbers,
    /** Posts the week's review announcement in the team channel (inside `r` when given). */
    announceReview: weekly.announce,
    submitReview: weekly.submit,
    /** The monthly KPI board of a `YYYY-MM` month, for a digest to include (null without number fields). */
    board: (team: Team, month: string, t: Translator) => weekly.board(team, month, t),
    postBoard: weekly.postBoard,
    /** Replans every member's next prompt (after a zone or config change); returns how many changed. */
    ensurePrompts: prompts.ensure,
    /** Reads members' zones and languages from the running platforms, then replans prompts. */
    async refreshProfiles(): Promise<void> {
      for (const m of runtime.messengers.list()) await services.teams.refreshProfiles(m.platform as Platform);
      await prompts.ensure();
    },
  };
}

export type DailyService = ReturnType<typeof createDaily>;

declare module '../../runtime/module.ts' {
  interface Services {
    daily: DailyService;
  }
}
