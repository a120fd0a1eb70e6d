/**
 * Replies in a ticket's thread (the thread is owned by the ticket) become comments; the first by
 * someone other than the reporter records the first response, and the card shows it.
 */
import type { ThreadReplyEvent } from '../src/core/events.ts';
import { MAX_TEXT, ticketIdOf } from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

export async function ticketThreadHandler(
  ctx: RequestContext<ThreadReplyEvent>,
  subject: string,
): Promise<void> {
  const { event, services } = ctx;
  const id = ticketIdOf(subject);
  const ticket = id ? await services.tickets.byId(id) : undefined;
  const text = event.text.trim();
  if (!ticket || !text) return;
  const body = text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
  const before = ticket.firstResponseAt;
  const change = await services.tickets.comment(ctx.workspace.id, ticket.number, event.user.id, body, {
    messageId: event.messageId,
    origin: event.eventId,
  });
  if (!before && change.ticket.firstResponseAt)
    await ctx.say(services.tickets.cards.refresh(change.ticket, event.platform));
}
