/**
 * An existing chat message made into a ticket: by the configured reaction (🎫 `ticket` by default)
 * on any message, or by the "Create ticket" message shortcut, whose form lets the user confirm the
 * title and pick the priority. Either way the message's author is the reporter, the ticket
 * remembers the message (its edits and deletion follow the ticket, and a second request for the
 * same message points at the first ticket), and the card goes into the message's thread.
 */
import type { FormSubmitEvent, ReactionEvent, ShortcutEvent } from '../src/core/events.ts';
import type { FormValues } from '../src/core/form.ts';
import {
  AUTO_PRIORITY,
  newTicketForm,
  PRIORITIES,
  type Priority,
  type TicketSource,
  ticketRef,
  titleFromMessage,
} from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';
import type { FormSession } from '../src/runtime/forms.ts';

import { openTicket } from './ticket-open.ts';

interface FromMessage {
  channelId: string;
  messageId: string;
  threadId?: string;
  text?: string;
  authorId?: string;
  /** The title the user confirmed; otherwise the message's first line. */
  title?: string;
  priority?: Priority;
  source: TicketSource;
}

/** Opens the ticket and posts its card; tells the user when the message already is a ticket. */
async function ticketFromMessage(ctx: RequestContext, from: FromMessage): Promise<boolean> {
  const { services } = ctx;
  const existing = await services.tickets.bySourceMessage(ctx.workspace.id, from.channelId, from.messageId);
  if (existing) {
    ctx.respond({
      visibility: 'ephemeral',
      message: { text: ctx.t('tickets.already_ticket', { id: ticketRef(existing) }) },
    });
    return false;
  }
  const threadId = from.threadId ?? from.messageId;
  const intake = ctx.config.intake.find((i) => i.channel === from.channelId);
  const fromText = titleFromMessage(from.text ?? '');
  const title = from.title ?? fromText.title;
  const whole = from.text?.trim() ?? '';
  const description = from.title
    ? whole && whole !== title
      ? whole.slice(0, 40_000)
      : null
    : fromText.description;
  const { ticket, created } = await services.tickets.open({
    workspaceId: ctx.workspace.id,
    title,
    description,
    priority: from.priority,
    reporterId: from.authorId ?? ctx.actor.id,
    source: from.source,
    team: intake?.team ?? null,
    channelId: from.channelId,
    threadId,
    sourceMessageId: from.messageId,
  });
  if (!created) return false;
  await services.tickets.cards.announce(ticket, ctx.event.platform, { channelId: from.channelId, threadId });
  if (from.source === 'shortcut') {
    const text = ctx.t('tickets.created', {
      id: ticketRef(ticket),
      priority: ticket.priority,
      title: ticket.title,
    });
    ctx.respond({ visibility: 'ephemeral', message: { text } });
  }
  return true;
}

export async function ticketReactionHandler(ctx: RequestContext<ReactionEvent>): Promise<void> {
  const { event } = ctx;
  if (event.emoji !== ctx.config.tickets.reaction) return;
  await ticketFromMessage(ctx, {
    channelId: event.channelId,
    messageId: event.messageId,
    threadId: event.threadId,
    text: event.text,
    authorId: event.author?.id,
    source: 'reaction',
  });
}

/** The message shortcut: the form, prefilled with the message's first line. */
export async function createTicketShortcut(ctx: RequestContext<ShortcutEvent>): Promise<void> {
  const { event } = ctx;
  const existing = await ctx.services.tickets.bySourceMessage(
    ctx.workspace.id,
    event.channelId,
    event.messageId,
  );
  if (existing) {
    ctx.respond({
      visibility: 'ephemeral',
      message: { text: ctx.t('tickets.already_ticket', { id: ticketRef(existing) }) },
    });
    return;
  }
  const title = titleFromMessage(event.text ?? '').title;
  await ctx.openForm(newTicketForm(ctx.t, { title: title === '…' ? undefined : title }), {
    context: {
      message: {
        channelId: event.channelId,
        messageId: event.messageId,
        threadId: event.threadId,
        text: event.text,
        authorId: event.author?.id,
      },
    },
  });
}

/**
 * A submitted new-ticket form: from the shortcut (the message becomes the ticket) or from
 * `/ticket new` without a title (the card goes where the command was typed).
 */
export async function newTicketSubmitted(
  ctx: RequestContext<FormSubmitEvent>,
  values: FormValues,
  session: FormSession,
) {
  const title = String(values.title ?? '');
  const chosen = PRIORITIES.find((p) => p === values.priority);
  const priority = values.priority === AUTO_PRIORITY ? undefined : chosen;
  const message = session.context.message as Omit<FromMessage, 'source'> | undefined;
  if (message) {
    await ticketFromMessage(ctx, { ...message, title, priority, source: 'shortcut' });
    return;
  }
  const where = session.context.where as { channelId: string; threadId?: string } | undefined;
  await openTicket(ctx, { title, priority, where: where ?? { channelId: ctx.event.channelId } });
}
