/**
 * `/daily` (`/日报`): the daily-report commands of PRODUCT.md §Commands. Without words it opens
 * the form; `status`, `off`, `back`, `resolve` and `review` (and their Chinese names) are subcommands
 * (see `isSubcommand`); anything else is the report as text. A member of several teams may name one first
 * (`/daily ops Plan: …`); without a name, `/daily` asks which team's form to open and
 * `/daily <text>` files the text for every team they report to.
 */
import { z } from 'zod';
import { fileText, openReportForm, reportingTeam } from '../handlers/daily-report.ts';
import { guessParam } from '../src/core/did-you-mean.ts';
import { CodedError } from '../src/core/errors.ts';
import type { Translator } from '../src/core/i18n/index.ts';
import type { Reply } from '../src/core/message.ts';
import {
  type CommandDefinition,
  runSubcommands,
  type Subcommand,
  splitFirst,
  subcommand,
  words,
} from '../src/core/router.ts';
import {
  chooseTeam,
  fieldLabel,
  isDaysText,
  parseBlockerRef,
  reviewForm,
  startsWithDay,
  statusCard,
  weekdayOf,
} from '../src/domain/daily/index.ts';
import type { Team } from '../src/domain/teams/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

type Ctx = RequestContext;

const reply = (text: string): Reply => ({ visibility: 'ephemeral', message: { text } });

/** A team named in the command, or the caller's; an unknown name is refused with the list. */
function teamArg(ctx: Ctx, name: string | undefined): Team {
  const { teams, daily } = ctx.services;
  const team = name ? teams.get(name) : daily.teamOfCaller(ctx.actor.id);
  if (!team || !daily.settings(team.name)) {
    const guess = name ? guessParam(name, teams.names()) : '';
    throw new CodedError('daily.no_team', { team: name ?? '', guess, list: teams.names() });
  }
  return team;
}

const optionalTeam = z.object({ team: z.string().optional() });

/** `2026-12-04（周五）`, or `2026-12-24（周四） – 2026-12-31（周四）`, and how many days it counts. */
function daysText(t: Translator, off: { from: string; to: string; days: number }) {
  const day = (d: string) =>
    t('daily.day_weekday', {
      day: d,
      weekday: t(`weekday.${weekdayOf(d)}`),
    });
  const period = off.from === off.to ? day(off.from) : `${day(off.from)} – ${day(off.to)}`;
  const days = off.days === 1 ? t('daily.days_one') : t('daily.days_many', { n: off.days });
  return { period, days };
}

/**
 * Line `i` of `daily.usage` after its command and subcommand words (`[团队]    今天谁…`): what an
 * error of that subcommand shows under it, not the whole usage.
 */
const usageRest =
  (i: number) =>
  (t: Translator): string =>
    (t('daily.usage').split('\n')[i] ?? '').replace(/^\/\S+ \S+ ?/, '');

const table: Subcommand<Ctx, unknown>[] = [
  subcommand({
    names: ['status', '状态'],
    usage: usageRest(3),
    input: (rest) => ({ team: words(rest)[0] }),
    schema: optionalTeam,
    async run(ctx, { team }) {
      const status = await ctx.services.daily.status(teamArg(ctx, team));
      return { visibility: 'ephemeral', message: statusCard(status, ctx.t) };
    },
  }),
  subcommand({
    names: ['off', '请假'],
    usage: usageRest(4),
    input: (rest) => ({ text: rest }),
    schema: z.object({ text: z.string() }),
    async run(ctx, { text }) {
      const off = await ctx.services.daily.addDaysOff(ctx.actor.id, text);
      const lines = [ctx.t('daily.off.saved', daysText(ctx.t, off))];
      if (off.reason) lines.push(ctx.t('daily.off.saved_reason', { reason: off.reason }));
      return reply(lines.join('\n'));
    },
  }),
  subcommand({
    names: ['back', '销假', '取消请假'],
    usage: usageRest(5),
    input: (rest) => ({ text: rest }),
    schema: z.object({ text: z.string() }),
    async run(ctx, { text }) {
      const back = await ctx.services.daily.cancelDaysOff(ctx.actor.id, text);
      const lines = [ctx.t('daily.back.saved', daysText(ctx.t, back))];
      if (back.today) lines.push(ctx.t('daily.back.saved_today'));
      return reply(lines.join('\n'));
    },
  }),
  subcommand({
    names: ['resolve', '解决'],
    usage: usageRest(6),
    input: (rest) => ({ id: words(rest)[0] }),
    schema: z.object({ id: z.string().optional() }),
    async run(ctx, { id }) {
      const n = parseBlockerRef(id);
      if (n === null) throw new CodedError('daily.blocker_id_required');
      const blocker = await ctx.services.daily.resolveBlocker(n, ctx.actor.id);
      return reply(ctx.t('daily.blocker.resolved', { id: `B${blocker.id}` }));
    },
  }),
  subcommand({
    names: ['review', '复盘', '周复盘'],
    usage: usageRest(7),
    input: (rest) => ({ team: words(rest)[0] }),
    schema: optionalTeam,
    async run(ctx, { team: name }) {
      const team = teamArg(ctx, name);
      const { daily } = ctx.services;
      if (!team.channel) throw new CodedError('daily.review.no_channel', { team: team.name });
      await daily.announceReview(team);
      const { day } = await daily.todayOf(team, ctx.actor.id);
      const numbers = await daily.weekNumbers(team, day, ctx.t);
      await ctx.openForm(reviewForm(numbers, ctx.t), {
        context: { team: team.name, weekStart: numbers.from },
      });
      return reply(ctx.t('daily.review.posted', { team: team.name }));
    },
  }),
];

/** No subcommand: open the form, or file the text (see the file comment). */
async function report(ctx: Ctx, text: string): Promise<Reply | null> {
  const teams = ctx.services.daily.reportingTeams(ctx.actor.id);
  if (!teams.length) throw new CodedError('daily.not_member');
  const [first, rest] = splitFirst(text);
  const named = teams.length > 1 ? teams.find((t) => t.name === first) : undefined;
  const body = named ? rest : text;
  if (!body.trim()) {
    if (!named && teams.length > 1) return { visibility: 'ephemeral', message: chooseTeam(teams, ctx.t) };
    await openReportForm(ctx, named ?? reportingTeam(ctx, undefined));
    return null;
  }
  // `/daily support` (or `/daily 客服部`) from a member of that team alone: its form, as with several.
  const own = named ? undefined : teams.find((t) => t.name === body.trim());
  if (own) {
    await openReportForm(ctx, own);
    return null;
  }
  // `/daily show`, `/daily list`: a subcommand that does not exist, not a report that would replace
  // today's first text field (a real one-line report has more than one Latin word).
  const word = /^[A-Za-z]+$/.exec(body.trim())?.[0];
  if (word) {
    const team = named ?? (teams[0] as Team);
    const fields = ctx.services.daily.settings(team.name)?.fields ?? [];
    const first = fields.find((f) => f.type !== 'number') ?? fields[0];
    const field = first ? fieldLabel(first, ctx.locale) : '';
    throw new CodedError('daily.one_word', { word, field });
  }
  return reply(await fileText(ctx, named ? [named] : teams, body));
}

/**
 * Whether the text is a subcommand rather than a report that happens to start with one of their
 * words ("Review the PR", "Off to the client"): `status`/`review`/`resolve` take at most one
 * word, `off` nothing or a date or a day word first, `back` nothing, only dates, or a full date first.
 */
function isSubcommand(text: string): boolean {
  const [first, rest] = splitFirst(text);
  const name = first.toLowerCase();
  if (['status', '状态', 'review', '复盘', '周复盘', 'resolve', '解决'].includes(name))
    return words(rest).length <= 1;
  if (name === 'off' || name === '请假') return !rest || startsWithDay(rest);
  // "Back today after PTO: …" is a report; `back`, `back 2026-12-24..12-26` or a malformed
  // `back 2026-02-30` is the subcommand (the last gets its error).
  if (name === 'back' || name === '销假' || name === '取消请假')
    return !rest || isDaysText(rest) || /^\d{4}[-/]\d/.test(rest);
  return false;
}

export const dailyCommand: CommandDefinition<Ctx> = {
  name: 'daily',
  aliases: ['日报'],
  usage: (t) => t('daily.usage'),
  summary: (t) => t('daily.summary'),
  run: (ctx, text) =>
    isSubcommand(text)
      ? runSubcommands(ctx, text, table, undefined, ctx.t.locale === 'zh-CN' ? '日报' : 'daily')
      : report(ctx, text),
};
