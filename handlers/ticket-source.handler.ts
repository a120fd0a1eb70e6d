/** Edits and deletions of a ticket's source message are mirrored on the ticket and its card. */
import type { MessageChangedEvent } from '../src/core/events.ts';
import type { RequestContext } from '../src/runtime/context.ts';

export async function ticketSourceHandler(ctx: RequestContext<MessageChangedEvent>): Promise<void> {
  const { event, services } = ctx;
  const ticket = await services.tickets.bySourceMessage(ctx.workspace.id, event.channelId, event.messageId);
  if (!ticket) return;
  const change = await services.tickets.sourceChanged(
    ctx.workspace.id,
    ticket.number,
    event.user.id,
    event.text,
  );
  const { cards } = services.tickets;
  const items = [cards.refresh(change.ticket, event.platform)];
  if (event.text === null) {
    items.push(
      cards.note(change.ticket, event.platform, { text: ctx.tChannel('tickets.source_deleted_note') }),
    );
  }
  await ctx.say(items);
}
