/**
 * Replies in a ticket's thread become comments; the first by someone other than the reporter
 * records the first response (and the card is refreshed to show it).
 */
import type { RequestContext } from '../src/app.ts';
import type { ThreadReplyEvent } from '../src/core/events.ts';
import { MAX_TEXT } from '../src/domain/tickets/model.ts';

export async function threadReplyHandler(ctx: RequestContext<ThreadReplyEvent>): Promise<void> {
  const { event, services } = ctx;
  const ticket = await services.tickets.byThread(ctx.workspace.id, event.channelId, event.threadId);
  const text = event.text.trim();
  if (!ticket || !text) return;
  const body = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
  const before = ticket.firstResponseAt;
  const change = await services.tickets.comment(ctx.workspace.id, ticket.number, event.user.id, body, {
    messageId: event.messageId,
    origin: event.eventId,
  });
  if (!before && change.ticket.firstResponseAt)
    await services.notifier.refresh(change.ticket, ctx.messenger, ctx.t);
}
