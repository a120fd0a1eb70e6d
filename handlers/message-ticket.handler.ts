/**
 * An existing chat message made into a ticket: by the configured reaction (🎫 `ticket` by
 * default) on any message, or by Slack's "Create ticket" message shortcut once its modal is
 * submitted. Either way the message's author is the reporter, the ticket remembers the message
 * (edits and deletions follow it, and a second request for the same message points at the first
 * ticket), and the card goes into the message's thread.
 */
import type { RequestContext } from '../src/app.ts';
import type { CaptureEvent, ReactionEvent, UserRef } from '../src/core/events.ts';
import { PRIORITIES, type Priority, type TicketSource, ticketRef } from '../src/domain/tickets/model.ts';
import { titleFromMessage } from '../src/domain/tickets/service.ts';

interface FromMessage {
  messageId: string;
  threadId?: string;
  text?: string;
  author?: UserRef;
  /** The title the user confirmed; otherwise the message's first line. */
  title?: string;
  priority?: Priority;
  source: TicketSource;
}

/** Opens the ticket and posts its card; null when the message already is a ticket (the user is told). */
async function ticketFromMessage(ctx: RequestContext, from: FromMessage) {
  const { event, services } = ctx;
  const existing = await services.tickets.bySourceMessage(ctx.workspace.id, event.channelId, from.messageId);
  if (existing && ctx.replay) {
    // Replayed after a crash: this event made it; post its card if that is what is missing.
    if (existing.cardMessageId) return null;
    const where = { channelId: event.channelId, threadId: existing.threadId ?? from.messageId };
    return services.notifier.announce(existing, ctx.messenger, ctx.t, where);
  }
  if (existing) {
    await ctx.respond({
      visibility: 'ephemeral',
      message: { text: ctx.t('tickets.already_ticket', { id: ticketRef(existing) }) },
    });
    return null;
  }
  const threadId = from.threadId ?? from.messageId;
  const intake = services.config.intake.find((i) => i.channel === event.channelId);
  const fromText = titleFromMessage(from.text ?? '');
  const title = from.title ?? fromText.title;
  const whole = from.text?.trim() ?? '';
  const description = from.title
    ? whole && whole !== title
      ? whole.slice(0, 40_000)
      : null
    : fromText.description;
  const { ticket } = await services.tickets.open({
    workspaceId: ctx.workspace.id,
    title,
    description,
    priority: from.priority,
    reporterId: from.author?.id ?? event.user.id,
    source: from.source,
    team: intake?.team ?? null,
    channelId: event.channelId,
    threadId,
    sourceMessageId: from.messageId,
    sourceUrl:
      (await ctx.messenger.permalink?.({
        channelId: event.channelId,
        messageId: from.messageId,
        threadId,
      })) ?? null,
  });
  return services.notifier.announce(ticket, ctx.messenger, ctx.t, { channelId: event.channelId, threadId });
}

export async function reactionHandler(ctx: RequestContext<ReactionEvent>): Promise<void> {
  const { event } = ctx;
  if (event.emoji !== ctx.services.config.tickets.reaction) return;
  await ticketFromMessage(ctx, { ...event, source: 'reaction' });
}

export async function captureHandler(ctx: RequestContext<CaptureEvent>): Promise<void> {
  const { event } = ctx;
  const priority = PRIORITIES.find((p) => p === event.priority?.toUpperCase());
  const ticket = await ticketFromMessage(ctx, { ...event, priority, source: 'shortcut' });
  if (!ticket) return;
  const text = ctx.t('tickets.created', {
    id: ticketRef(ticket),
    priority: ticket.priority,
    title: ticket.title,
  });
  await ctx.respond({ visibility: 'ephemeral', message: { text } });
}
