/**
 * The compiled report of a team's day as a live message (`daily:report:<platform>:<day>:<team>`):
 * posted in the team channel once at the cutoff (the `daily_compiled` key makes it once whatever
 * replicas and restarts do), then re-rendered from the stored reports at each delivery, so a late
 * report or an edit, a day off or a resolved blocker updates it in place. Everything is read in the
 * team channel's language and the team's zone; filing times in each member's own zone.
 */
import type { RepositorySet } from '../../../db/repositories/index.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import { localDate } from '../../core/zoned-time.ts';
import type { Runtime } from '../../runtime/module.ts';
import type { OutboxItem } from '../../runtime/outbox.ts';
import type { Team } from '../teams/index.ts';
import { type CompileInput, compileDailyReport, type FiledReport } from './compile.ts';
import { type DailyEnv, reportSubject } from './env.ts';
import { promptInstant } from './schedule.ts';

export function createCompiledReports(runtime: Runtime, env: DailyEnv) {
  const { repos, outbox } = runtime;

  /** The compiled report of `team` for `day` as of now, in the channel language of `platform`. */
  async function render(
    team: Team,
    day: string,
    compiledAt: Date,
    platform: string,
  ): Promise<OutgoingMessage> {
    const s = env.settings(team.name);
    if (!s) throw new Error(`no daily settings for team ${team.name}`);
    const members = await Promise.all(team.members.map((m) => env.member(team, m.id)));
    const ids = new Set(members.map((m) => m.id));
    const reports: Record<string, FiledReport> = {};
    for (const row of await repos.daily.reportsBetween(team.name, day, day)) {
      if (!ids.has(row.memberId)) continue;
      reports[row.memberId] = {
        values: row.values,
        filedAt: row.filedAt,
        editedAt: row.editedAt,
        late: row.filedAt.getTime() > compiledAt.getTime(),
      };
    }
    const daysOff = await repos.daily.daysOff([...ids], day, day);
    const blockers = await repos.daily.blockersShownOn(team.name, day);
    const later = members
      .filter((m) => !reports[m.id] && promptInstant(day, s.prompt, m.timeZone) > compiledAt)
      .map((m) => m.id);
    const input: CompileInput = {
      team: team.name,
      timeZone: team.timeZone,
      now: compiledAt,
      fields: s.fields,
      members: members.map((m) => ({ id: m.id, name: m.name, zone: m.timeZone })),
      reports,
      daysOff: daysOff.map((d) => ({
        memberId: d.memberId,
        from: d.fromDay,
        to: d.toDay,
        reason: d.reason ?? undefined,
      })),
      blockers: blockers.map((b) => ({
        id: b.id,
        owner: b.ownerId,
        text: b.text,
        openedOn: b.openedOn,
        ticket: b.ticketNumber ? `#${b.ticketNumber}` : undefined,
      })),
      mentionMissing: s.mentionMissing,
      later,
    };
    return compileDailyReport(input, await env.channelT(team, platform));
  }

  /**
   * The cutoff of a team's day: records it compiled and posts the live message in the team
   * channel on each of its platforms, inside `r` (the cron run's commit). Nothing on a day that
   * asks for no reports (a weekday not in `daily.days`, a calendar holiday), for a team without
   * members, or when done before.
   */
  async function compile(r: RepositorySet, team: Team, at: Date): Promise<boolean> {
    const s = env.settings(team.name);
    const day = localDate(at, team.timeZone);
    if (!s || !team.members.length || !env.isTeamDay(s, day)) return false;
    if (!(await r.daily.markCompiled(team.name, day, at))) return false;
    const channelId = team.channel;
    if (!channelId) {
      runtime.logger.warn(
        { team: team.name },
        'daily report compiled, but the team has no channel to post it',
      );
      return true;
    }
    const items: OutboxItem[] = env.teamPlatforms(team).map((platform) => ({
      op: 'live',
      mode: 'post',
      live: reportSubject(platform, day, team.name),
      to: { channelId },
      platform,
      subject: `team:${team.name}`,
    }));
    await outbox.sayIn(r, items);
    return true;
  }

  return {
    render,
    compile,
    /** The live renderer's half for report subjects: null when the day was never compiled. */
    async renderSubject(team: Team, day: string, platform: string) {
      const row = await repos.daily.compiled(team.name, day);
      if (!row || !team.channel) return null;
      return { message: await render(team, day, row.compiledAt, platform), to: { channelId: team.channel } };
    },
  };
}

export type CompiledReports = ReturnType<typeof createCompiledReports>;
