/**
 * Opening and filing a daily report for the caller, the same from `/daily`, a "Report for …"
 * button and a submitted form: the member's day in their zone, the team's fields, earlier
 * answers of the day filled in (filing again edits), and the answer to the caller.
 */
import { CodedError } from '../src/core/errors.ts';
import type { MessageKey } from '../src/core/i18n/index.ts';
import type { DailyValues } from '../src/domain/daily/index.ts';
import { editReport, filedText, memberForm, parseDailyText } from '../src/domain/daily/index.ts';
import type { Team } from '../src/domain/teams/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

/** The caller's team by name, as one they report to (else a coded refusal). */
export function reportingTeam(ctx: RequestContext, name: string | undefined): Team {
  const teams = ctx.services.daily.reportingTeams(ctx.actor.id);
  const team = teams.find((t) => t.name === name) ?? (name === undefined ? teams[0] : undefined);
  if (!team) throw new CodedError('daily.not_member');
  return team;
}

/** Opens the report form of `team` for the caller, for their today. */
export async function openReportForm(ctx: RequestContext, team: Team): Promise<void> {
  const { daily } = ctx.services;
  const s = daily.settings(team.name);
  if (!s) throw new CodedError('daily.no_reports', { team: team.name });
  const { day } = await daily.todayOf(team, ctx.actor.id);
  const previous = await daily.reportOf(team.name, ctx.actor.id, day);
  await ctx.openForm(memberForm(s, ctx.t, team, day, previous?.values), {
    context: { team: team.name, day },
  });
}

/** Files the caller's report of `day` for `team` and answers them privately. */
export async function fileReport(ctx: RequestContext, team: Team, day: string, values: DailyValues) {
  const { daily } = ctx.services;
  const result = await daily.file({
    team,
    memberId: ctx.actor.id,
    day,
    values,
    platform: ctx.event.platform,
  });
  const open = (await daily.openBlockersOf(team.name, ctx.actor.id)).length;
  return filedText(team, result, open, ctx.t);
}

/**
 * `/daily <text>` for some teams: parsed with each team's fields and merged into the day's
 * report; any refusal refuses the whole (naming the team when there are several), nothing saved.
 */
export async function fileText(ctx: RequestContext, teams: Team[], text: string): Promise<string> {
  const { daily } = ctx.services;
  const plans: { team: Team; day: string; values: DailyValues }[] = [];
  for (const team of teams) {
    const s = daily.settings(team.name);
    if (!s) throw new CodedError('daily.no_reports', { team: team.name });
    const { day } = await daily.todayOf(team, ctx.actor.id);
    const previous = await daily.reportOf(team.name, ctx.actor.id, day);
    const parsed = parseDailyText(text, s.fields, ctx.locale);
    const merged =
      'error' in parsed ? parsed : editReport(previous?.values ?? null, parsed, s.fields, ctx.locale);
    if ('error' in merged) {
      const key = merged.error.key as MessageKey;
      if (teams.length === 1) throw new CodedError(key, merged.error.params);
      throw new CodedError('daily.parse.in_team', {
        team: team.name,
        reason: ctx.t(key, merged.error.params),
      });
    }
    plans.push({ team, day, values: merged.values });
  }
  const lines: string[] = [];
  for (const plan of plans) lines.push(await fileReport(ctx, plan.team, plan.day, plan.values));
  return lines.join('\n');
}
