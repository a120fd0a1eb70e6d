/** A top-level message in an intake channel becomes a ticket, answered in the message's thread. */
import type { RequestContext } from '../src/app.ts';
import type { Conversation, MessageEvent } from '../src/core/events.ts';
import { type Ticket, ticketRef } from '../src/domain/tickets/model.ts';
import { titleFromMessage } from '../src/domain/tickets/service.ts';

export async function intakeMessageHandler(ctx: RequestContext<MessageEvent>): Promise<void> {
  const { event, services } = ctx;
  const intake = services.config.intake.find((i) => i.channel === event.channelId);
  if (!intake || !event.text.trim()) return;
  const where = { channelId: event.channelId, threadId: event.messageId };
  if (ctx.replay) {
    // Replayed after a crash: the ticket may exist; finish what is missing (its card and note).
    const made = await services.tickets.bySourceMessage(ctx.workspace.id, event.channelId, event.messageId);
    if (made?.cardMessageId) return;
    if (made) return announce(ctx, made, where);
  }
  const { title, description } = titleFromMessage(event.text);
  const source = { channelId: event.channelId, messageId: event.messageId };
  const { ticket } = await services.tickets.open({
    workspaceId: ctx.workspace.id,
    title,
    description,
    reporterId: event.user.id,
    source: 'intake',
    team: intake.team ?? null,
    channelId: event.channelId,
    threadId: event.messageId,
    sourceMessageId: event.messageId,
    sourceUrl: (await ctx.messenger.permalink?.(source)) ?? null,
  });
  await announce(ctx, ticket, where);
}

async function announce(ctx: RequestContext<MessageEvent>, ticket: Ticket, where: Conversation) {
  const posted = await ctx.services.notifier.announce(ticket, ctx.messenger, ctx.t, where);
  await ctx.messenger.post(where, {
    text: ctx.t('tickets.intake_created', {
      id: ticketRef(posted),
      priority: posted.priority,
      category: ctx.t(`category.${posted.category}`),
    }),
  });
}
