/** The configured reaction (🎫 `ticket` by default) on any message turns that message into a ticket. */
import type { RequestContext } from '../src/app.ts';
import type { ReactionEvent } from '../src/core/events.ts';
import { ticketRef } from '../src/domain/tickets/model.ts';
import { titleFromMessage } from '../src/domain/tickets/service.ts';

export async function reactionHandler(ctx: RequestContext<ReactionEvent>): Promise<void> {
  const { event, services } = ctx;
  if (event.emoji !== services.config.tickets.reaction) return;
  const existing = await services.tickets.bySourceMessage(ctx.workspace.id, event.channelId, event.messageId);
  const threadId = event.threadId ?? event.messageId;
  if (existing) {
    await ctx.respond({
      visibility: 'ephemeral',
      message: { text: ctx.t('tickets.already_ticket', { id: ticketRef(existing) }) },
    });
    return;
  }
  const intake = services.config.intake.find((i) => i.channel === event.channelId);
  const { title, description } = titleFromMessage(event.text ?? '');
  const { ticket } = await services.tickets.open({
    workspaceId: ctx.workspace.id,
    title,
    description,
    reporterId: event.author?.id ?? event.user.id,
    source: 'reaction',
    team: intake?.team ?? null,
    channelId: event.channelId,
    threadId,
    sourceMessageId: event.messageId,
  });
  await services.notifier.announce(ticket, ctx.messenger, ctx.t, { channelId: event.channelId, threadId });
}
