import { formatDateTime } from '../../core/format.ts';
import type { Translator } from '../../core/i18n/index.ts';
import {
  type Card,
  type CardButton,
  type CardField,
  type CardTone,
  type OutgoingMessage,
  type RichText,
  type Span,
  span,
} from '../../core/message.ts';
import { isOpen, PRIORITIES, type Priority, type Ticket, ticketRef, tierLabel } from './model.ts';

/** Action ids of the ticket card; handlers route clicks by these. */
export const TICKET_ACTIONS = {
  ack: 'ticket.ack',
  take: 'ticket.take',
  resolve: 'ticket.resolve',
  reopen: 'ticket.reopen',
  escalate: 'ticket.escalate',
  priority: 'ticket.priority',
} as const;

const TONE: Record<Priority, CardTone> = { P0: 'danger', P1: 'warning', P2: 'info', P3: 'neutral' };

export interface CardOptions {
  timeZone: string;
  /** The SLA line (countdown) when the SLA module provides one. */
  sla?: RichText;
  /** A permalink to the message the ticket came from (default: the one stored on the ticket). */
  sourceUrl?: string;
  /** Fields other modules add after the ticket's own (the satisfaction rating in `/ticket show`). */
  extraFields?: CardField[];
}

function person(id: string | null, t: Translator): RichText {
  return id ? [span.mention(id)] : t('card.unassigned');
}

function buttons(ticket: Ticket, t: Translator): CardButton[] {
  const value = String(ticket.number);
  if (!isOpen(ticket.status)) return [{ actionId: TICKET_ACTIONS.reopen, label: t('card.reopen'), value }];
  const out: CardButton[] = [];
  if (ticket.status === 'new') {
    out.push({ actionId: TICKET_ACTIONS.ack, label: t('card.ack'), value, style: 'primary' });
  }
  out.push({ actionId: TICKET_ACTIONS.take, label: t('card.take'), value });
  out.push({
    actionId: TICKET_ACTIONS.resolve,
    label: t('card.resolve'),
    value,
    style: 'primary',
    prompt: { title: t('card.resolve_prompt_title'), label: t('card.resolve_prompt_label'), optional: true },
  });
  out.push({ actionId: TICKET_ACTIONS.escalate, label: t('card.escalate'), value, style: 'danger' });
  return out;
}

/** The ticket card: the same content on every platform, rendered by each platform's renderer. */
export function ticketCard(ticket: Ticket, t: Translator, options: CardOptions): OutgoingMessage {
  const context: Span[] = [
    span.text(t('card.opened', { time: formatDateTime(ticket.createdAt, options.timeZone) })),
  ];
  if (options.sla)
    context.push(
      span.text(' · '),
      ...(typeof options.sla === 'string' ? [span.text(options.sla)] : options.sla),
    );
  const fields = [
    { label: t('card.priority'), value: t(`priority.${ticket.priority}`) },
    { label: t('card.status'), value: t(`status.${ticket.status}`) },
    { label: t('card.assignee'), value: person(ticket.assigneeId, t) },
    { label: t('card.reporter'), value: person(ticket.reporterId, t) },
    { label: t('card.category'), value: t(`category.${ticket.category}`) },
    { label: t('card.tier'), value: tierLabel(ticket.tier, t) },
  ];
  const sourceUrl = options.sourceUrl ?? ticket.sourceUrl;
  if (sourceUrl) fields.push({ label: t('card.source'), value: [span.link(sourceUrl, '↗')] });
  fields.push(...(options.extraFields ?? []));
  const card: Card = {
    title: `${ticketRef(ticket)} · ${ticket.title}`,
    key: ticketRef(ticket),
    conversation: ticket.channelId
      ? { channelId: ticket.channelId, threadId: ticket.threadId ?? undefined }
      : undefined,
    tone: isOpen(ticket.status) ? TONE[ticket.priority] : 'success',
    fields,
    buttons: buttons(ticket, t),
    context,
  };
  if (ticket.resolutionNote)
    card.text = [span.bold(`${t('tickets.resolution')}: `), span.text(ticket.resolutionNote)];
  if (isOpen(ticket.status)) {
    card.selects = [
      {
        actionId: TICKET_ACTIONS.priority,
        placeholder: t('card.change_priority'),
        options: PRIORITIES.map((p) => ({ label: t(`priority.${p}`), value: `${ticket.number}:${p}` })),
        selected: `${ticket.number}:${ticket.priority}`,
      },
    ];
  }
  const text = `${ticketRef(ticket)} ${ticket.priority} · ${ticket.title} (${t(`status.${ticket.status}`)})`;
  return { text, card };
}
