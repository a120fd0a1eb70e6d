/**
 * `/report daily|weekly|monthly [team] [here]` (`/报表`): the digest of the last full period now,
 * privately to the caller (in their language), or posted in the channel with `here` (in the team's
 * or workspace's language). Without a team: the caller's team, the channel's, or the only one.
 */
import { CodedError } from '../src/core/errors.ts';
import { type CommandDefinition, words } from '../src/core/router.ts';
import type { DigestKind } from '../src/domain/digests/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

type Ctx = RequestContext;

/**
 * The kind words, English and Chinese: the kind (`weekly`, `week`, `周报`, `每周`, `周`) or the
 * period it covers (`last-week`, `上周`), since a digest is always of the last full period.
 */
const KIND_WORDS = new Map<string, DigestKind>(
  (
    [
      ['daily', ['daily', 'day', 'yesterday', '日报', '每日', '每天', '日', '天', '昨天', '昨日']],
      ['weekly', ['weekly', 'week', 'last-week', '周报', '每周', '周', '上周']],
      ['monthly', ['monthly', 'month', 'last-month', '月报', '每月', '月', '上月', '上个月']],
    ] as const
  ).flatMap(([kind, names]) => names.map((name) => [name, kind] as const)),
);
const HERE = new Set(['here', '这里', '此处', '频道']);

interface ReportArgs {
  kind: DigestKind;
  team?: string;
  here: boolean;
}

/** Reads the words: the kind first, then a team and/or `here` in either order. */
export function parseReport(text: string): ReportArgs {
  const [first, ...rest] = words(text);
  if (!first) throw new CodedError('digests.kind_required');
  const kind = KIND_WORDS.get(first.toLowerCase());
  if (!kind) throw new CodedError('digests.bad_kind', { value: first.slice(0, 40) });
  const here = rest.some((w) => HERE.has(w.toLowerCase()));
  const others = rest.filter((w) => !HERE.has(w.toLowerCase()));
  if (others.length > 1)
    throw new CodedError('digests.extra_words', { value: others.slice(1).join(' ').slice(0, 40) });
  return { kind, team: others[0], here };
}

/** The `/report` command definition (the router adds `help` and the usage to errors). */
export const reportCommand: CommandDefinition<Ctx> = {
  name: 'report',
  aliases: ['报表', '报告', 'reports', 'digest'],
  usage: (t) => t('digests.usage'),
  summary: (t) => t('digests.command_summary'),
  async run(ctx, text) {
    const args = parseReport(text);
    const { digests } = ctx.services;
    const team = digests.pickTeam(args.team, ctx.actor.id, ctx.event.channelId);
    // Everyone in the channel reads a posted digest: in the team's language, else the workspace's.
    const locale = args.here ? (team.locale ?? ctx.workspace.locale) : ctx.locale;
    const message = await digests.report({
      kind: args.kind,
      team,
      workspaceId: ctx.workspace.id,
      at: ctx.now(),
      locale,
    });
    return { visibility: args.here ? 'channel' : 'ephemeral', message };
  },
};
