import type { TicketEventRow, TicketRow } from '../../../db/repositories/index.ts';
import type { Ticket, TicketEvent } from './model.ts';

/**
 * Repository rows carry plain strings; the domain narrows them to its unions here, in one
 * place. The values were written by this module, so the casts only restate what was stored.
 */
export function toTicket(row: TicketRow): Ticket {
  return row as Ticket;
}

export function toTicketEvent(row: TicketEventRow): TicketEvent {
  return row as TicketEvent;
}
