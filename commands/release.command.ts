/**
 * `/release` (`/发布`): every form of PRODUCT.md §Commands. A release is named by its name (which
 * may hold spaces: `daily-checks 2026-12-01`); typed in a release's thread, the name may be left
 * out. Steps and gates are given by number or id. Answers go to the caller only: what changed is
 * shown by the release's own messages, edited in place.
 */

import { guessParam } from '../src/core/did-you-mean.ts';
import { CodedError } from '../src/core/errors.ts';
import { formatDateTime } from '../src/core/format.ts';
import type { Reply } from '../src/core/message.ts';
import {
  type CommandDefinition,
  ephemeral,
  splitFirst,
  unknownSubcommand,
  words,
} from '../src/core/router.ts';
import {
  type Decision,
  eventLine,
  findStep,
  findTemplate,
  headerMessage,
  humanDuration,
  parseSubject,
  plannedOwners,
  RELEASE_THREAD,
  type Run,
  type StepAction,
  specOf,
  stepLabel,
} from '../src/domain/releases/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';
import { runList, runStatus, templateDetail, templatesList } from './release.views.ts';

type Ctx = RequestContext;

const LIST_LIMIT = 15;
const LOG_LINES = 8;

/** The run of the thread the command was typed in, if it is a release's. */
async function threadRun(ctx: Ctx): Promise<number | null> {
  const owner = await ctx.threadOwner();
  return owner?.owner === RELEASE_THREAD ? (parseSubject(owner.subject)?.run ?? null) : null;
}

async function running(ctx: Ctx): Promise<string[]> {
  const list = await ctx.services.releases.queries.list(ctx.event.platform, ctx.workspace.id, 10);
  return list.filter((e) => e.run.status === 'running').map((e) => e.run.name);
}

/**
 * How an unknown release is quoted: all the words when they are only the name (`status`), else
 * its first word, or as many words as a running release's name that starts like it
 * (`daily-checks 2026-12-02` beside a running `daily-checks 2026-12-01`), not the step and reason.
 */
function typedName(list: string[], only: boolean, names: string[]): string {
  if (only) return list.join(' ');
  const lower = list.map((w) => w.toLowerCase());
  const span = Math.max(
    1,
    ...names
      .map((n) => n.toLowerCase().split(/\s+/))
      .filter((n) => n[0] === lower[0])
      .map((n) => Math.min(n.length, list.length)),
  );
  return list.slice(0, span).join(' ');
}

/**
 * The release a command names, and the words after its name. In a release's thread the name may
 * be left out: with `step` set, the first word is read as a step of the thread's release unless
 * the words name another release and one of its steps. `only`: the words are the name and
 * nothing else (`status`); otherwise an unknown release is quoted by its first word, not with the
 * step and reason after it.
 */
async function target(
  ctx: Ctx,
  list: string[],
  step: boolean,
  only = false,
): Promise<{ run: Run; rest: string[] }> {
  const { queries } = ctx.services.releases;
  const found = list.length ? await queries.byName(ctx.event.platform, ctx.workspace.id, list) : null;
  const inThread = await threadRun(ctx);
  const here = inThread === null ? null : await queries.byId(inThread);
  if (here) {
    if (found?.run.id === here.run.id) return found;
    const other = found && (!step || (found.rest[0] && findStep(found.run.template, found.rest[0])));
    if (!other) return { run: here.run, rest: list };
  }
  if (found) return found;
  if (!list.length) throw new CodedError('releases.name_required');
  const names = await running(ctx);
  const typed = typedName(list, only, names);
  throw new CodedError('releases.unknown_release', {
    name: typed,
    guess: guessParam(typed, names),
    names: names.length ? names : '—',
  });
}

function reasonOf(rest: string[]): string | null {
  const text = rest.join(' ').trim();
  return text ? text.slice(0, 500) : null;
}

async function stepCommand(ctx: Ctx, action: StepAction, text: string): Promise<Reply> {
  const { run, rest } = await target(ctx, words(text), true);
  const [ref, ...why] = rest;
  if (!ref) throw new CodedError('releases.step_required', { name: run.name });
  const { step } = await ctx.services.releases.act(run.id, ref, ctx.actor.id, action, reasonOf(why));
  const label = stepLabel(run, specOf(run, step));
  return ephemeral(ctx.t(`releases.changed.${action}`, { step: label, name: run.name }));
}

async function voteCommand(ctx: Ctx, vote: Decision, text: string): Promise<Reply> {
  const { run, rest } = await target(ctx, words(text), true);
  const [ref, ...why] = rest;
  if (!ref) throw new CodedError('releases.step_required', { name: run.name });
  const result = await ctx.services.releases.vote(run.id, ref, ctx.actor.id, vote, reasonOf(why));
  return ephemeral(voteAnswer(ctx, result.run, result.step, vote, result.tally));
}

/** The caller's confirmation of a vote (also used by the buttons' handler). */
export function voteAnswer(
  ctx: Pick<Ctx, 't'>,
  run: Run,
  step: { number: number; decision: Decision | null },
  vote: Decision,
  tally?: { go: number; quorum: number },
): string {
  const spec = run.template.steps[step.number - 1];
  const gate = spec ? stepLabel(run, spec) : String(step.number);
  const name = ctx.t(vote === 'go' ? 'releases.btn.go' : 'releases.btn.nogo');
  if (step.decision)
    return ctx.t('releases.decided', {
      gate,
      vote: ctx.t(step.decision === 'go' ? 'releases.btn.go' : 'releases.btn.nogo'),
    });
  return ctx.t('releases.voted', { gate, vote: name, go: tally?.go ?? 0, quorum: tally?.quorum ?? 1 });
}

/** `start <template> <name> [at <time>] [role=@user …]`. */
async function start(ctx: Ctx, text: string): Promise<Reply> {
  const normalized = text.replace(/\s*[=＝]\s*/g, '=').replace(/\s*[,，]\s*/g, ',');
  const [template, name, ...more] = words(normalized);
  if (!template || !name) throw new CodedError('releases.start_needs');
  const roles = more.filter((w) => w.includes('='));
  const others = more.filter((w) => !w.includes('='));
  if (others.length && !/^(at|于|在)$/i.test(others[0] ?? ''))
    throw new CodedError('releases.extra_words', { words: others.join(' ') });
  if (others.length === 1) throw new CodedError('releases.at_bad', { value: '' });
  const { releases } = ctx.services;
  const run = await releases.start({
    platform: ctx.event.platform,
    workspaceId: ctx.workspace.id,
    channelId: ctx.event.channelId,
    starterId: ctx.actor.id,
    template,
    name,
    ...(others.length ? { at: others.slice(1).join(' ') } : {}),
    roles: roles.join(' '),
    locale: ctx.tChannel.locale,
    onFail: { target: ctx.event.replyTo, text: ctx.t('releases.post_failed'), locale: ctx.locale },
  });
  return ephemeral(startedAnswer(ctx, run));
}

function startedAnswer(ctx: Ctx, run: Run): string {
  const now = ctx.now();
  const t0 = ctx.t('releases.t0_value', { time: formatDateTime(run.t0, run.zone), zone: run.zone });
  let out = ctx.t('releases.started', {
    name: run.name,
    template: run.template.name,
    t0,
    steps: run.template.steps.length,
  });
  if (run.t0 > now)
    out += ctx.t('releases.started_later', { in: humanDuration(run.t0.getTime() - now.getTime(), ctx.t) });
  const fallback = run.template.roles
    .filter((r) => !run.roles[r.name]?.length)
    .filter((r) => run.template.steps.some((s) => s.owner?.kind === 'role' && s.owner.role === r.name))
    .map((r) => r.name);
  if (fallback.length && run.template.steps.some((s) => plannedOwners(run, s).includes(ctx.actor.id)))
    out += ctx.t('releases.roles_fallback', { roles: fallback.join(', ') });
  return out;
}

async function status(ctx: Ctx, text: string): Promise<Reply> {
  const { run } = await target(ctx, words(text), false, true);
  const { queries } = ctx.services.releases;
  const view = await queries.view(run.id);
  if (!view) throw new CodedError('releases.name_required');
  const header = headerMessage(view, ctx.t, ctx.now());
  const log = (await queries.events(run.id, LOG_LINES)).map((e) => eventLine(e, run, ctx.t));
  return { visibility: 'ephemeral', message: runStatus(view, header, log, ctx.t) };
}

/**
 * Each subcommand with the lines of `releases.usage` about it (both languages have the same
 * lines): its errors show those, not the whole usage.
 */
const SUBCOMMANDS: { names: string[]; usage: number[]; run(ctx: Ctx, rest: string): Promise<Reply> }[] = [
  {
    names: ['templates', 'template', '模板'],
    usage: [0],
    async run(ctx, rest) {
      const { templates } = ctx.services.releases;
      const name = words(rest)[0];
      if (!name) return { visibility: 'ephemeral', message: templatesList(templates.values(), ctx.t) };
      const tpl = findTemplate(templates, words(rest).join(' '));
      return { visibility: 'ephemeral', message: templateDetail(tpl, ctx.t) };
    },
  },
  { names: ['start', 'new', '开始', '启动'], usage: [1, 2], run: start },
  {
    names: ['list', 'ls', '列表'],
    usage: [3],
    async run(ctx) {
      const list = await ctx.services.releases.queries.list(ctx.event.platform, ctx.workspace.id, LIST_LIMIT);
      return { visibility: 'ephemeral', message: runList(list, ctx.t) };
    },
  },
  { names: ['status', 'show', '状态'], usage: [3], run: status },
  { names: ['done', 'complete', '完成'], usage: [4, 5], run: (ctx, rest) => stepCommand(ctx, 'done', rest) },
  { names: ['skip', '跳过'], usage: [4, 5], run: (ctx, rest) => stepCommand(ctx, 'skip', rest) },
  {
    names: ['block', 'blocked', '受阻', '阻塞'],
    usage: [4, 5],
    run: (ctx, rest) => stepCommand(ctx, 'block', rest),
  },
  { names: ['go', '通过'], usage: [6], run: (ctx, rest) => voteCommand(ctx, 'go', rest) },
  { names: ['nogo', 'no-go', '否决'], usage: [6], run: (ctx, rest) => voteCommand(ctx, 'nogo', rest) },
  {
    names: ['rollback', '回滚'],
    usage: [7],
    async run(ctx, rest) {
      const { run, rest: why } = await target(ctx, words(rest), false);
      const child = await ctx.services.releases.rollback(run.id, ctx.actor.id, reasonOf(why));
      return ephemeral(ctx.t('releases.rolled_back', { child: child.name, name: run.name }));
    },
  },
  {
    names: ['cancel', '取消'],
    usage: [8],
    async run(ctx, rest) {
      const { run, rest: why } = await target(ctx, words(rest), false);
      await ctx.services.releases.cancel(run.id, ctx.actor.id, reasonOf(why));
      return ephemeral(ctx.t('releases.cancelled', { name: run.name }));
    },
  },
];

/** `/release` and `/发布`; no subcommand lists the releases. */
export const releaseCommand: CommandDefinition<Ctx> = {
  name: 'release',
  aliases: ['发布', 'releases', 'runbook'],
  usage: (t) => t('releases.usage'),
  summary: (t) => t('releases.summary_line'),
  async run(ctx, text) {
    const [first, rest] = splitFirst(text);
    if (!first) return SUBCOMMANDS[2]?.run(ctx, '') ?? null;
    const sub = SUBCOMMANDS.find((s) => s.names.includes(first.toLowerCase()));
    if (!sub)
      throw unknownSubcommand(
        first,
        SUBCOMMANDS.flatMap((s) => s.names),
      );
    try {
      return await sub.run(ctx, rest);
    } catch (err) {
      if (!(err instanceof CodedError) || err.usage) throw err;
      const lines = ctx.t('releases.usage').split('\n');
      throw err.withUsage(sub.usage.map((i) => lines[i]).join('\n'));
    }
  },
};
