import type { Translator } from '../../core/i18n/index.ts';
import { translateRich } from '../../core/i18n/rich.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import { ticketRef, tierLabel } from './model.ts';
import type { TicketChange } from './service.ts';

/** The one-line thread note announcing a change, the same whether it came from a command or a click. */
export function changeNote(change: TicketChange, t: Translator): OutgoingMessage {
  const { ticket, event } = change;
  const id = ticketRef(ticket);
  const actor = { mention: event.actorId };
  const from = String(event.data.from ?? '');
  const to = String(event.data.to ?? '');
  switch (event.kind) {
    case 'acknowledged':
      return { text: translateRich(t, 'tickets.acknowledged', { id, user: actor }) };
    case 'taken':
      return { text: translateRich(t, 'tickets.taken', { id, user: actor }) };
    case 'assigned':
      return { text: translateRich(t, 'tickets.assigned', { id, user: { mention: to } }) };
    case 'status_changed':
      return { text: t('tickets.status_set', { id, status: t(`status.${ticket.status}`) }) };
    case 'priority_changed':
      return { text: t('tickets.priority_set', { id, from, to }) };
    case 'resolved':
      return { text: translateRich(t, 'tickets.resolved', { id, user: actor }) };
    case 'reopened':
      return { text: t('tickets.reopened', { id, status: t(`status.${ticket.status}`) }) };
    case 'closed':
      return { text: t('tickets.closed', { id }) };
    case 'escalated': {
      const tiers = { id, from: tierLabel(from, t), to: tierLabel(to, t) };
      const reason = typeof event.data.reason === 'string' && event.data.manual ? event.data.reason : '';
      return {
        text: reason ? t('tickets.escalated_reason', { ...tiers, reason }) : t('tickets.escalated', tiers),
      };
    }
    default:
      return { text: t('tickets.commented', { id }) };
  }
}
