/**
 * `/ticket new P1 <title>` and its form: the ticket, its card where the command was typed (a
 * channel, or the thread it was typed in), and the confirmation to the caller. If the card cannot
 * be posted (the bot is not in that channel), the caller is also told why its card is missing.
 */
import type { Priority } from '../src/domain/tickets/index.ts';
import { ticketRef } from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

export async function openTicket(
  ctx: RequestContext,
  input: { title: string; priority?: Priority; where: { channelId: string; threadId?: string } },
): Promise<void> {
  const { tickets } = ctx.services;
  const intake = ctx.config.intake.find((i) => i.channel === input.where.channelId);
  const { ticket } = await tickets.open({
    workspaceId: ctx.workspace.id,
    title: input.title,
    priority: input.priority,
    reporterId: ctx.actor.id,
    source: 'command',
    team: intake?.team ?? ctx.services.teams.ofChannel(input.where.channelId)?.name ?? null,
    channelId: input.where.threadId ? input.where.channelId : null,
    threadId: input.where.threadId ?? null,
    originEvent: ctx.event.eventId,
  });
  const created = ctx.t('tickets.created', {
    id: ticketRef(ticket),
    priority: ticket.priority,
    title: ticket.title,
  });
  // If the card cannot be posted (the bot is not in the channel), the caller is told why.
  const onFail = {
    target: ctx.event.replyTo,
    locale: ctx.locale,
    text: `${ticketRef(ticket)}: ${ctx.t('tickets.card_not_posted', { reason: '' }).trim()}`,
  };
  await tickets.cards.announce(ticket, ctx.event.platform, input.where, [], onFail);
  ctx.respond({ visibility: 'ephemeral', message: { text: created } }, { subject: `ticket:${ticket.id}` });
}
