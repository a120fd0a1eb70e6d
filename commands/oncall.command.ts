/** `/oncall` (`/值班`): who is on call now and next per tier, and admin overrides. */

import { z } from 'zod';
import { parseDuration } from '../src/core/duration.ts';
import { CodedError } from '../src/core/errors.ts';
import { formatDateTime } from '../src/core/format.ts';
import type { Translator } from '../src/core/i18n/index.ts';
import { translateRich } from '../src/core/i18n/rich.ts';
import { type OutgoingMessage, type Span, span } from '../src/core/message.ts';
import {
  type CommandDefinition,
  commandUsage,
  runSubcommands,
  type Subcommand,
  subcommand,
  words,
} from '../src/core/router.ts';
import type { OnCall, TierSchedule } from '../src/domain/oncall/index.ts';
import { mentionList, translateSlots, withUsers } from '../src/domain/sla/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';
import { userId } from './args.ts';

type Ctx = RequestContext;

const durationArg = z.string({ error: 'oncall.duration_required' }).transform((v, zctx) => {
  const ms = parseDuration(v);
  if (ms === null) {
    zctx.addIssue({ code: 'custom', message: 'oncall.bad_duration', input: v });
    return z.NEVER;
  }
  return ms;
});

function nowPart(ctx: Ctx, now: OnCall): Span[] {
  const out = mentionList(now.users, ctx.t);
  const time = now.until ? formatDateTime(now.until, ctx.config.timezone) : null;
  // An override and its end in one parenthesis: `@ann (override until 20:00)`, `@ann（替班至 20:00）`.
  if (now.source === 'override')
    out.push(span.text(time ? ctx.t('oncall.override_until', { time }) : ctx.t('oncall.override_mark')));
  else if (time) out.push(span.text(ctx.t('oncall.until', { time })));
  return out;
}

function tierLine(ctx: Ctx, s: TierSchedule): Span[] {
  const tz = ctx.config.timezone;
  const slots = { now: nowPart(ctx, s.now), next: mentionList(s.next?.users ?? [], ctx.t) };
  if (!s.next) return translateSlots(ctx.t, 'oncall.tier_line_single', { tier: s.tier }, slots);
  const from = formatDateTime(s.next.from, tz);
  return translateSlots(ctx.t, 'oncall.tier_line', { tier: s.tier, from }, slots);
}

async function teamView(ctx: Ctx, team: string): Promise<Span[]> {
  const { tiers, managers } = await ctx.services.oncall.schedule(team);
  const out: Span[] = [span.bold(ctx.t('oncall.title', { team }))];
  if (!tiers.length) out.push(span.text(`\n${ctx.t('oncall.no_tiers', { team })}`));
  for (const s of tiers) out.push(span.text('\n'), ...tierLine(ctx, s));
  if (managers.length) out.push(span.text('\n'), ...withUsers(ctx.t, 'oncall.managers_line', {}, managers));
  return out;
}

async function show(ctx: Ctx, team: string | undefined): Promise<OutgoingMessage> {
  if (team) ctx.services.oncall.team(team); // throws a coded error naming the teams
  const names = team ? [team] : Object.keys(ctx.services.oncall.teams);
  const spans: Span[] = [];
  for (const name of names) {
    if (spans.length) spans.push(span.text('\n\n'));
    spans.push(...(await teamView(ctx, name)));
  }
  return { text: spans };
}

const table: Subcommand<Ctx, unknown>[] = [
  subcommand({
    names: ['override', '替班'],
    usage: (t) => t('oncall.use.override'),
    input: (rest) => {
      const [team, tier, user, duration] = words(rest);
      return { team, tier, user, duration };
    },
    schema: z.object({
      team: z.string({ error: 'oncall.team_required' }),
      tier: z.string({ error: 'oncall.tier_required' }),
      user: userId,
      duration: durationArg,
    }),
    async run(ctx, args) {
      if (!ctx.isAdmin()) throw new CodedError('common.not_admin');
      const result = await ctx.services.oncall.override({
        team: args.team,
        tier: args.tier,
        userId: args.user,
        durationMs: args.duration,
        actorId: ctx.actor.id,
      });
      // The team channel is told in the team's language; the admin is answered in theirs.
      const text = translateRich(ctx.t, 'oncall.override_set', {
        user: { mention: args.user },
        tier: result.tier,
        team: args.team,
        time: formatDateTime(result.endsAt, ctx.config.timezone),
        admin: { mention: ctx.actor.id },
      });
      return { visibility: 'ephemeral', message: { text } };
    },
  }),
];

/** The command as the reader would type it. */
const shownAs = (t: Translator) => (t.locale === 'zh-CN' ? '值班' : 'oncall');

export const oncallCommand: CommandDefinition<Ctx> = {
  name: 'oncall',
  aliases: ['值班', 'on-call'],
  usage: (t) => commandUsage(shownAs(t), table, t, [t('oncall.usage_head')]),
  summary: (t) => t('oncall.summary'),
  run: (ctx, text) =>
    runSubcommands(
      ctx,
      text,
      table,
      async (c, rest) => ({ visibility: 'ephemeral', message: await show(c, words(rest)[0]) }),
      shownAs(ctx.t),
    ),
};
