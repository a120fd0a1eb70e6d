/** `/ticket` (`/工单`): every ticket form of PRODUCT.md §Commands. */
import { z } from 'zod';
import { openTicket } from '../handlers/ticket-open.ts';
import type { Reply } from '../src/core/message.ts';
import {
  type CommandDefinition,
  commandUsage,
  runSubcommands,
  type Subcommand,
  subcommand,
  words,
} from '../src/core/router.ts';
import type { TicketChange } from '../src/domain/tickets/index.ts';
import { changeNote, newTicketForm, ticketRef } from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';
import { looksLikePriority, priority, restAfter, ticketNumber, userId } from './args.ts';
import { type ListScope, ticketDetail, ticketList } from './ticket.views.ts';

type Ctx = RequestContext;
const LIST_LIMIT = 20;

/**
 * After a change: edit the card in place, note it in the ticket's thread, and confirm to the
 * caller only when they typed the command somewhere else (the thread note already tells them).
 */
async function announceChange(ctx: Ctx, change: TicketChange): Promise<Reply | null> {
  await ctx.say(ctx.services.tickets.cards.changed(change, ctx.event.platform, ctx.tChannel));
  const ticket = change.ticket;
  const threadOfEvent = 'threadId' in ctx.event ? ctx.event.threadId : undefined;
  const inTicketThread = ticket.channelId === ctx.event.channelId && ticket.threadId === threadOfEvent;
  return inTicketThread && ticket.channelId
    ? null
    : { visibility: 'ephemeral', message: changeNote(change, ctx.t) };
}

const idOnly = z.object({ id: ticketNumber });
const idInput = (rest: string) => ({ id: words(rest)[0] });

/** A subcommand that takes only a ticket id and makes one change. */
function idAction(names: string[], change: (ctx: Ctx, id: number) => Promise<TicketChange>) {
  return subcommand({
    names,
    usage: (t) => t('tickets.use.id'),
    input: idInput,
    schema: idOnly,
    run: async (ctx: Ctx, { id }) => announceChange(ctx, await change(ctx, id)),
  });
}

/** A first word shaped like a priority (`P1`, `p9`) is read as one, so `P9` is an error, not a title. */
function newTicketInput(rest: string) {
  const first = words(rest)[0];
  return looksLikePriority(first) ? { priority: first, title: restAfter(rest, 1) ?? '' } : { title: rest };
}

/** The lists of `/ticket list`, by every word for them (the Chinese names included). */
const SCOPE_WORDS: Record<string, string> = {
  未关闭: 'open',
  打开: 'open',
  我的: 'mine',
  超时: 'breached',
  已超时: 'breached',
  全部: 'all',
  所有: 'all',
};

function scopeWord(word: string): string {
  return SCOPE_WORDS[word] ?? word.toLowerCase();
}

/** The statuses `/ticket status` sets, by every word for them (the Chinese names included). */
const STATUS_WORDS: Record<string, 'in_progress' | 'pending'> = {
  in_progress: 'in_progress',
  'in-progress': 'in_progress',
  progress: 'in_progress',
  处理中: 'in_progress',
  pending: 'pending',
  waiting: 'pending',
  待反馈: 'pending',
  等待: 'pending',
  挂起: 'pending',
};

function statusWord(word: string | undefined): string | undefined {
  return word ? (STATUS_WORDS[word.toLowerCase()] ?? word) : undefined;
}

const table: Subcommand<Ctx, unknown>[] = [
  subcommand({
    names: ['new', 'create', '新建'],
    usage: (t) => t('tickets.use.new'),
    input: newTicketInput,
    schema: z.object({ priority: priority.optional(), title: z.string() }),
    async run(ctx, args) {
      const threadId = ctx.event.kind === 'command' ? ctx.event.threadId : undefined;
      const where = { channelId: ctx.event.channelId, threadId };
      if (!args.title.trim()) {
        // No title: the same new-ticket form on every platform (a Slack modal, a Feishu form card, prompts).
        await ctx.openForm(newTicketForm(ctx.t, { priority: args.priority }), { context: { where } });
        return null;
      }
      await openTicket(ctx, { title: args.title, priority: args.priority, where });
      return null;
    },
  }),
  subcommand({
    names: ['list', 'ls', '列表'],
    usage: (t) => t('tickets.use.list'),
    input: (rest) => ({ scope: scopeWord(words(rest)[0] ?? 'open') }),
    schema: z.object({ scope: z.enum(['open', 'mine', 'breached', 'all'], { error: 'tickets.bad_scope' }) }),
    async run(ctx, { scope }) {
      const { tickets, sla } = ctx.services;
      const list =
        scope === 'breached'
          ? (await sla.breached(ctx.workspace.id)).slice(0, LIST_LIMIT)
          : await tickets.list(ctx.workspace.id, scope, ctx.actor.id, LIST_LIMIT);
      return { visibility: 'ephemeral', message: ticketList(list, scope as ListScope, ctx.t, LIST_LIMIT) };
    },
  }),
  subcommand({
    names: ['show', 'view', '查看'],
    usage: (t) => t('tickets.use.id'),
    input: idInput,
    schema: idOnly,
    async run(ctx, { id }) {
      const { ticket, events } = await ctx.services.tickets.get(ctx.workspace.id, id);
      const card = await ctx.services.tickets.cards.render(ticket, ctx.t, { detail: true });
      return { visibility: 'ephemeral', message: ticketDetail(ctx, card, events) };
    },
  }),
  idAction(['ack', 'acknowledge', '确认'], (ctx, id) =>
    ctx.services.tickets.acknowledge(ctx.workspace.id, id, ctx.actor.id),
  ),
  idAction(['take', '接手'], (ctx, id) => ctx.services.tickets.take(ctx.workspace.id, id, ctx.actor.id)),
  subcommand({
    names: ['assign', '指派'],
    usage: (t) => t('tickets.use.assign'),
    input: (rest) => ({ id: words(rest)[0], user: words(rest)[1] }),
    schema: z.object({ id: ticketNumber, user: userId }),
    async run(ctx, { id, user }) {
      const change = await ctx.services.tickets.assign(ctx.workspace.id, id, ctx.actor.id, user);
      return announceChange(ctx, change);
    },
  }),
  subcommand({
    names: ['status', '状态'],
    usage: (t) => t('tickets.use.status'),
    input: (rest) => ({ id: words(rest)[0], status: statusWord(words(rest)[1]) }),
    schema: z.object({
      id: ticketNumber,
      status: z.enum(['in_progress', 'pending'], { error: 'tickets.bad_status' }),
    }),
    async run(ctx, { id, status }) {
      const change = await ctx.services.tickets.setStatus(ctx.workspace.id, id, ctx.actor.id, status);
      return announceChange(ctx, change);
    },
  }),
  subcommand({
    names: ['priority', 'prio', '优先级'],
    usage: (t) => t('tickets.use.priority'),
    input: (rest) => ({ id: words(rest)[0], priority: words(rest)[1] }),
    schema: z.object({ id: ticketNumber, priority }),
    async run(ctx, args) {
      const change = await ctx.services.tickets.setPriority(
        ctx.workspace.id,
        args.id,
        ctx.actor.id,
        args.priority,
      );
      return announceChange(ctx, change);
    },
  }),
  subcommand({
    names: ['comment', 'note', '评论'],
    usage: (t) => t('tickets.use.comment'),
    input: (rest) => ({ id: words(rest)[0], text: restAfter(rest, 1) ?? '' }),
    schema: z.object({ id: ticketNumber, text: z.string() }),
    async run(ctx, { id, text }) {
      const change = await ctx.services.tickets.comment(ctx.workspace.id, id, ctx.actor.id, text, {
        origin: ctx.event.eventId,
      });
      await ctx.say(ctx.services.tickets.cards.refresh(change.ticket, ctx.event.platform));
      return {
        visibility: 'ephemeral',
        message: { text: ctx.t('tickets.commented', { id: ticketRef(change.ticket) }) },
      };
    },
  }),
  subcommand({
    names: ['resolve', 'done', '解决'],
    usage: (t) => t('tickets.use.resolve'),
    input: (rest) => ({ id: words(rest)[0], note: restAfter(rest, 1) }),
    schema: z.object({ id: ticketNumber, note: z.string().optional() }),
    async run(ctx, { id, note }) {
      const change = await ctx.services.tickets.resolve(ctx.workspace.id, id, ctx.actor.id, note);
      return announceChange(ctx, change);
    },
  }),
  idAction(['reopen', '重新打开'], (ctx, id) =>
    ctx.services.tickets.reopen(ctx.workspace.id, id, ctx.actor.id),
  ),
  idAction(['close', '关闭'], (ctx, id) => ctx.services.tickets.close(ctx.workspace.id, id, ctx.actor.id)),
  subcommand({
    names: ['escalate', '升级'],
    usage: (t) => t('tickets.use.escalate'),
    input: (rest) => ({ id: words(rest)[0], reason: restAfter(rest, 1) }),
    schema: z.object({ id: ticketNumber, reason: z.string().optional() }),
    async run(ctx, { id, reason }) {
      const change = await ctx.services.tickets.escalate(ctx.workspace.id, id, ctx.actor.id, reason);
      return announceChange(ctx, change);
    },
  }),
];

/**
 * `/ticket P1 <title>` is short for `/ticket new P1 <title>`, and `/ticket pending 4` (a status
 * word first, `/工单 待反馈 4`) for `/ticket status 4 pending`.
 */
async function shorthand(ctx: Ctx, text: string): Promise<Reply | null> {
  const [first, ...rest] = words(text);
  if (looksLikePriority(first)) return runSubcommands(ctx, `new ${text}`, table, undefined, shownAs(ctx));
  if (first && Object.hasOwn(STATUS_WORDS, first.toLowerCase()))
    return runSubcommands(
      ctx,
      rest.length ? `status ${rest.join(' ')} ${first}` : 'status',
      table,
      undefined,
      shownAs(ctx),
    );
  return runSubcommands(ctx, text, table, undefined, shownAs(ctx));
}

/** The command as the reader would type it. */
const shownAs = (ctx: Ctx) => (ctx.t.locale === 'zh-CN' ? '工单' : 'ticket');

export const ticketCommand: CommandDefinition<Ctx> = {
  name: 'ticket',
  aliases: ['工单', 'tickets', 't'],
  usage: (t) => commandUsage(t.locale === 'zh-CN' ? '工单' : 'ticket', table, t, [t('tickets.usage_head')]),
  summary: (t) => t('tickets.summary'),
  run: (ctx, text) =>
    text.trim() ? shorthand(ctx, text) : runSubcommands(ctx, 'list', table, undefined, shownAs(ctx)),
};
