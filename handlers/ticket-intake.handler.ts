/** A top-level message in an intake channel becomes a ticket, answered in the message's thread. */
import type { MessageEvent } from '../src/core/events.ts';
import { ticketRef, titleFromMessage } from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

export async function ticketIntakeHandler(ctx: RequestContext<MessageEvent>): Promise<void> {
  const { event, services } = ctx;
  const intake = ctx.config.intake.find((i) => i.channel === event.channelId);
  const text = event.text.trim();
  if (!intake || !text) return;
  const { title, description } = titleFromMessage(text);
  const { ticket, created } = await services.tickets.open({
    workspaceId: ctx.workspace.id,
    title,
    description,
    reporterId: event.user.id,
    source: 'intake',
    team: intake.team ?? null,
    channelId: event.channelId,
    threadId: event.messageId,
    sourceMessageId: event.messageId,
  });
  // The same message delivered twice (another event id): it is already a ticket, say nothing.
  if (!created) return;
  const note = {
    text: ctx.tChannel('tickets.intake_created', {
      id: ticketRef(ticket),
      priority: ticket.priority,
      category: ctx.tChannel(`category.${ticket.category}`),
    }),
  };
  await services.tickets.cards.announce(
    ticket,
    event.platform,
    { channelId: event.channelId, threadId: event.messageId },
    [note],
  );
}
