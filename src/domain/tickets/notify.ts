import type { Conversation, MessageRef } from '../../core/events.ts';
import type { Translator } from '../../core/i18n/index.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import type { Messenger } from '../../core/messenger.ts';
import { type CardOptions, ticketCard } from './card.ts';
import type { Ticket } from './model.ts';
import type { TicketService } from './service.ts';

export interface TicketNotifierDeps {
  tickets: TicketService;
  timeZone: string;
  /** Extra card content (the SLA line) supplied by the SLA module once it exists. */
  cardExtras?: (ticket: Ticket, t: Translator) => Promise<Partial<CardOptions>>;
}

/** Posts ticket cards and keeps them current; everything goes through the neutral Messenger. */
export function createTicketNotifier(deps: TicketNotifierDeps) {
  async function render(ticket: Ticket, t: Translator): Promise<OutgoingMessage> {
    const extras = deps.cardExtras ? await deps.cardExtras(ticket, t) : {};
    return ticketCard(ticket, t, { timeZone: deps.timeZone, ...extras });
  }

  return {
    render,

    /** Posts the card where the ticket lives and remembers it for in-place edits. */
    async announce(
      ticket: Ticket,
      messenger: Messenger,
      t: Translator,
      where: Conversation,
    ): Promise<Ticket> {
      const ref = await messenger.post(where, await render(ticket, t));
      return deps.tickets.attachCard(ticket.id, ref);
    },

    /** Edits the posted card to match the ticket now. No card yet: nothing to do. */
    async refresh(ticket: Ticket, messenger: Messenger, t: Translator): Promise<void> {
      if (!ticket.cardChannelId || !ticket.cardMessageId) return;
      const ref: MessageRef = { channelId: ticket.cardChannelId, messageId: ticket.cardMessageId };
      if (ticket.threadId && ticket.threadId !== ticket.cardMessageId) ref.threadId = ticket.threadId;
      await messenger.update(ref, await render(ticket, t));
    },

    /** A note in the ticket's thread (who acknowledged, escalations, warnings). */
    async inThread(
      ticket: Ticket,
      messenger: Messenger,
      message: OutgoingMessage,
    ): Promise<MessageRef | null> {
      if (!ticket.channelId) return null;
      return messenger.post({ channelId: ticket.channelId, threadId: ticket.threadId ?? undefined }, message);
    },
  };
}

export type TicketNotifier = ReturnType<typeof createTicketNotifier>;
