/**
 * What every part of the daily module needs to know about teams, members, platforms and
 * languages: each team's resolved settings, who reports, where a member is reached, in which zone
 * and language, the calendar's holidays, and the live-message subjects. One place, so the
 * prompts, the compiled report, the commands and the reviews agree.
 */
import type { Platform } from '../../core/events.ts';
import { type Locale, type Translator, translator } from '../../core/i18n/index.ts';
import type { Runtime } from '../../runtime/module.ts';
import type { Member, Team, TeamsService } from '../teams/index.ts';
import type { DailySettings } from './fields.ts';
import { isReportDay } from './schedule.ts';

/** A member as the daily module uses them: zone, language and where they are reached. */
export interface DailyMemberView extends Member {
  platform: Platform | undefined;
  t: Translator;
}

const LOCALE_TTL_MS = 60_000;

/** The live-message subject of a team's compiled report of a day, on one platform. */
export function reportSubject(platform: string, day: string, team: string): string {
  return `daily:report:${platform}:${day}:${team}`;
}

/** The live-message subject of a team's submitted weekly review. */
export function reviewSubject(platform: string, weekStart: string, team: string): string {
  return `daily:review:${platform}:${weekStart}:${team}`;
}

/** A daily live subject read back: its kind, platform, date and team (the team comes last: it may hold `:`). */
export function parseSubject(
  subject: string,
): { kind: 'report' | 'review'; platform: string; day: string; team: string } | null {
  const m = /^daily:(report|review):([^:]+):(\d{4}-\d{2}-\d{2}):(.+)$/.exec(subject);
  if (!m) return null;
  return { kind: m[1] as 'report' | 'review', platform: m[2] ?? '', day: m[3] ?? '', team: m[4] ?? '' };
}

/** A user id's platform by its shape: Feishu open ids, Slack user ids, else the console's. */
function platformOfUser(id: string): Platform {
  if (/^o[un]_/.test(id)) return 'feishu';
  if (/^[UW][A-Z0-9]{6,}$/.test(id)) return 'slack';
  return 'console';
}

export function createDailyEnv(runtime: Runtime, teams: TeamsService) {
  const { config, repos, workspaces } = runtime;
  const locales = new Map<string, { locale: Locale; until: number }>();
  const workspaceIds = new Map<string, number>();

  function settings(team: string): DailySettings | undefined {
    return config.daily[team];
  }

  /** The holidays of the team's daily calendar (none for `calendar: false` or a 24×7 one). */
  function holidays(s: DailySettings): string[] {
    if (s.calendar === false) return [];
    const cal = config.calendars[s.calendar];
    return cal?.kind === 'business' ? cal.holidays : [];
  }

  /** The platforms a team's channel posts go to (none without a channel). */
  function teamPlatforms(team: Team): Platform[] {
    return team.channel ? teams.platformsOf(team) : [];
  }

  /** Where a member is reached: the team's platform, or among several the one their id belongs to. */
  function memberPlatform(team: Team, memberId: string): Platform | undefined {
    const list = teams.platformsOf(team);
    if (list.length <= 1) return list[0];
    const guess = platformOfUser(memberId);
    return list.includes(guess) ? guess : list[0];
  }

  /** A workspace's language on a platform (its stored or configured one, else the default), cached. */
  async function workspaceLocale(platform: string | undefined): Promise<Locale> {
    if (!platform) return config.locale;
    const hit = locales.get(platform);
    if (hit && hit.until > Date.now()) return hit.locale;
    const ws = await repos.daily.workspaceOf(platform);
    const locale = ws ? (await workspaces.resolve(platform, ws.externalId)).locale : config.locale;
    locales.set(platform, { locale, until: Date.now() + LOCALE_TTL_MS });
    return locale;
  }

  /** A member's zone, language (their own, else the workspace's) and platform. */
  async function member(team: Team, memberId: string): Promise<DailyMemberView> {
    const platform = memberPlatform(team, memberId);
    const m = await teams.member(team.name, memberId, platform);
    const locale = m.locale ?? (await workspaceLocale(platform));
    return { ...m, platform, t: translator(locale) };
  }

  /** The language of a team channel: the team's, else its workspace's. */
  async function channelT(team: Team, platform: string): Promise<Translator> {
    return translator(team.locale ?? (await workspaceLocale(platform)));
  }

  return {
    config,
    teams,
    settings,
    holidays,
    teamPlatforms,
    memberPlatform,
    workspaceLocale,
    member,
    channelT,
    /** Teams with daily settings whose `members` list this user (the teams they report to). */
    reportingTeams(userId: string): Team[] {
      return teams.all().filter((t) => settings(t.name) && t.members.some((m) => m.id === userId));
    },
    /** The teams a user may see the status of: those they report to or manage, else every team. */
    teamOfCaller(userId: string): Team | undefined {
      return teams.ofUser(userId) ?? teams.get(teams.defaultName());
    },
    /** A team day that asks for reports: a configured weekday and not a calendar holiday. */
    isTeamDay(s: DailySettings, day: string): boolean {
      return isReportDay(day, { days: s.days, holidays: holidays(s) });
    },
    /** The workspace id an unprompted form's session is stored under (0 before any event). */
    async workspaceId(platform: string): Promise<number> {
      const known = workspaceIds.get(platform);
      if (known) return known;
      const id = (await repos.daily.workspaceOf(platform))?.id ?? 0;
      if (id) workspaceIds.set(platform, id);
      return id;
    },
  };
}

export type DailyEnv = ReturnType<typeof createDailyEnv>;
