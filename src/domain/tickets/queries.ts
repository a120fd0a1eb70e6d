/**
 * Reading tickets (and the two small writes that only record where a ticket's messages are): no
 * status change, no event, no hook. The ticket service spreads these into its own interface.
 */
import type { Repositories } from '../../../db/repositories/index.ts';
import { OPEN_STATUSES, type Ticket, type TicketEvent } from './model.ts';
import { toTicket, toTicketEvent } from './records.ts';

export function createTicketQueries(repos: Repositories) {
  return {
    async byId(id: number): Promise<Ticket | undefined> {
      const row = await repos.tickets.byId(id);
      return row && toTicket(row);
    },

    async list(
      workspaceId: number,
      scope: 'open' | 'mine' | 'all',
      actorId: string,
      limit = 20,
    ): Promise<Ticket[]> {
      const open = [...OPEN_STATUSES];
      const rows = await repos.tickets.list({
        workspaceId,
        statuses: scope === 'all' ? undefined : open,
        assigneeId: scope === 'mine' ? actorId : undefined,
        limit,
      });
      return rows.map(toTicket);
    },

    /** Open tickets, oldest first: the input of the breach check and digests. */
    async openTickets(workspaceId: number, limit = 500): Promise<Ticket[]> {
      const rows = await repos.tickets.list({
        workspaceId,
        statuses: [...OPEN_STATUSES],
        limit,
        order: 'oldest',
      });
      return rows.map(toTicket);
    },

    /** The ticket an inbound event created, when it created one (replays). */
    async byOrigin(workspaceId: number, originEvent: string): Promise<Ticket | undefined> {
      const row = await repos.tickets.byOrigin(workspaceId, originEvent);
      return row && toTicket(row);
    },

    /** A ticket without a thread yet moves into its card's thread (see TicketsRepository.adoptThread). */
    async adoptThread(ticketId: number, channelId: string, threadId: string): Promise<Ticket | undefined> {
      const row = await repos.tickets.adoptThread(ticketId, channelId, threadId);
      return row && toTicket(row);
    },

    /** Stores the link to a ticket's source message once a platform gave one. */
    async setSourceUrl(ticketId: number, url: string): Promise<void> {
      await repos.transaction((r) => r.tickets.update(ticketId, { sourceUrl: url }));
    },

    async byThread(workspaceId: number, channelId: string, threadId: string): Promise<Ticket | undefined> {
      const row = await repos.tickets.byThread(workspaceId, channelId, threadId);
      return row && toTicket(row);
    },

    async bySourceMessage(
      workspaceId: number,
      channelId: string,
      messageId: string,
    ): Promise<Ticket | undefined> {
      const row = await repos.tickets.bySourceMessage(workspaceId, channelId, messageId);
      return row && toTicket(row);
    },

    async events(ticketId: number): Promise<TicketEvent[]> {
      return (await repos.tickets.events(ticketId)).map(toTicketEvent);
    },
  };
}
