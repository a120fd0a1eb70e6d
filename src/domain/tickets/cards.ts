/**
 * Ticket cards are live messages (`ticket:<id>`): posted once where the ticket lives, then kept
 * current by re-rendering the ticket as it is at delivery time (so a late edit is never stale),
 * at most one pending edit per card. Other modules add to the card through decorators (the SLA
 * line). The card's thread belongs to the ticket: replies there become comments.
 */
import type { Conversation, MessageRef } from '../../core/events.ts';
import { type Translator, translator } from '../../core/i18n/index.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import type { Runtime } from '../../runtime/module.ts';
import { type OutboxItem, refresh } from '../../runtime/outbox.ts';
import { type CardOptions, ticketCard } from './card.ts';
import { isOpen, type Ticket } from './model.ts';
import { changeNote } from './notes.ts';
import { toTicket } from './records.ts';
import type { TicketChange, TicketService } from './service.ts';

/** Extra card content another module supplies (the SLA countdown line). */
export type CardDecorator = (ticket: Ticket, t: Translator) => Promise<Partial<CardOptions>>;

/** The live-message subject of a ticket's card, and the lane of everything said about it. */
export function ticketSubject(ticketId: number): string {
  return `ticket:${ticketId}`;
}

export function ticketIdOf(subject: string): number | null {
  const m = /^ticket:(\d+)$/.exec(subject);
  return m ? Number(m[1]) : null;
}

/** The thread owner name of ticket threads. */
export const TICKET_THREAD = 'ticket';

export function createTicketCards(runtime: Runtime, tickets: TicketService) {
  const { repos, clock, config, outbox, threads, messengers, logger } = runtime;
  const decorators: CardDecorator[] = [];
  const detailDecorators: CardDecorator[] = [];
  /** A workspace's language (as a translator) and platform. */
  async function workspaceOf(id: number) {
    const ws = await runtime.workspaces.get(id);
    return { t: translator(ws?.locale ?? config.locale), platform: ws?.platform ?? '' };
  }

  async function render(
    ticket: Ticket,
    t: Translator,
    opts: { detail?: boolean } = {},
  ): Promise<OutgoingMessage> {
    const extras: Partial<CardOptions> = {};
    for (const decorate of decorators) Object.assign(extras, await decorate(ticket, t));
    if (opts.detail)
      for (const decorate of detailDecorators) Object.assign(extras, await decorate(ticket, t));
    return ticketCard(ticket, t, { timeZone: config.timezone, ...extras });
  }

  /** Fetches the source message's link the first time the card is drawn (Slack permalink). */
  async function withSourceUrl(ticket: Ticket, platform: string): Promise<Ticket> {
    if (ticket.sourceUrl || !ticket.sourceMessageId || !ticket.channelId) return ticket;
    const link = await messengers
      .get(platform)
      ?.permalink?.({ channelId: ticket.channelId, messageId: ticket.sourceMessageId })
      .catch(() => null);
    if (!link) return ticket;
    await tickets
      .setSourceUrl(ticket.id, link)
      .catch((err: unknown) => logger.warn({ err }, 'could not store a source link'));
    return { ...ticket, sourceUrl: link };
  }

  /** The ticket row a live subject (`ticket:42`) names, if it exists. */
  async function rowOf(subject: string) {
    const id = ticketIdOf(subject);
    return id ? repos.tickets.byId(id) : undefined;
  }

  runtime.live.register({
    prefix: 'ticket',
    // A ticket can stay open past Feishu's 14 days of edits: its card then starts again in its
    // thread. A resolved or closed one's old card stays (a late rating or comment says nothing new).
    async repostWhenExpired(subject) {
      const row = await rowOf(subject);
      return row ? isOpen(toTicket(row).status) : false;
    },
    async render(subject, platform) {
      const row = await rowOf(subject);
      if (!row) return null;
      const ticket = await withSourceUrl(toTicket(row), platform);
      const { t } = await workspaceOf(ticket.workspaceId);
      const to = ticket.channelId
        ? { channelId: ticket.channelId, threadId: ticket.threadId ?? undefined }
        : undefined;
      return { message: await render(ticket, t), to };
    },
    async posted(subject, ref: MessageRef, platform) {
      const id = ticketIdOf(subject);
      if (!id) return;
      const threadId = ref.threadId ?? ref.messageId;
      await tickets.adoptThread(id, ref.channelId, threadId);
      await threads.claim(platform, ref.channelId, threadId, { owner: TICKET_THREAD, subject });
    },
    async conversation(subject) {
      const row = await rowOf(subject);
      return row?.channelId && row.threadId ? { channelId: row.channelId, threadId: row.threadId } : null;
    },
  });

  return {
    decorate(decorator: CardDecorator): void {
      decorators.push(decorator);
    },
    /** Content only the asker's detailed view (`/ticket show`) has, never the public card. */
    decorateDetail(decorator: CardDecorator): void {
      detailDecorators.push(decorator);
    },
    render,
    workspaceOf,

    /**
     * Posts the ticket's card (where it lives, or `where`) and the notes after it in its thread,
     * in the ticket's lane; claims the ticket's thread when it already has one. Inside the caller's
     * unit of work.
     */
    async announce(
      ticket: Ticket,
      platform: string,
      where: Conversation,
      notes: OutgoingMessage[] = [],
      onFail?: OutboxItem['onFail'],
    ) {
      const subject = ticketSubject(ticket.id);
      const items: OutboxItem[] = [
        { op: 'live', mode: 'post', live: subject, to: where, platform, subject, onFail },
      ];
      for (const message of notes)
        items.push({ op: 'post', to: { threadOf: subject }, message, platform, subject });
      if (ticket.channelId && ticket.threadId) {
        await threads.claim(platform, ticket.channelId, ticket.threadId, { owner: TICKET_THREAD, subject });
      }
      await outbox.say(items);
    },

    /** Queues an edit of the ticket's card to show it as it is (coalesced with pending edits). */
    refresh: (ticket: Pick<Ticket, 'id'>, platform: string): OutboxItem =>
      refresh(platform, ticketSubject(ticket.id)),

    /** A note in the ticket's thread, after its card. */
    note: (ticket: Pick<Ticket, 'id'>, platform: string, message: OutgoingMessage): OutboxItem => ({
      op: 'post',
      to: { threadOf: ticketSubject(ticket.id) },
      message,
      platform,
      subject: ticketSubject(ticket.id),
    }),

    /**
     * What a change says, the same whether a command or a click made it: the card edited in
     * place, and a note in the ticket's thread (when it has one), in the channel's language.
     */
    changed(change: TicketChange, platform: string, t: Translator): OutboxItem[] {
      const items: OutboxItem[] = [refresh(platform, ticketSubject(change.ticket.id))];
      if (change.ticket.channelId) {
        items.push({
          op: 'post',
          to: { threadOf: ticketSubject(change.ticket.id) },
          message: changeNote(change, t),
          platform,
          subject: ticketSubject(change.ticket.id),
        });
      }
      return items;
    },

    now: () => clock.now(),
  };
}

export type TicketCards = ReturnType<typeof createTicketCards>;
