/** How ticket lists and details read in chat. */

import { formatDateTime } from '../src/core/format.ts';
import { hasMessage, type MessageKey, type Translator } from '../src/core/i18n/index.ts';
import { type OutgoingMessage, type Span, span } from '../src/core/message.ts';
import type { Ticket, TicketEvent } from '../src/domain/tickets/index.ts';
import { ticketRef, tierLabel } from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

export type ListScope = 'open' | 'mine' | 'breached' | 'all';

function line(ticket: Ticket, t: Translator): Span[] {
  const out: Span[] = [
    span.bold(`${ticketRef(ticket)} ${ticket.priority}`),
    span.text(` · ${ticket.title} — ${t(`status.${ticket.status}`)}`),
  ];
  if (ticket.assigneeId) out.push(span.text(' · '), span.mention(ticket.assigneeId));
  return out;
}

export function ticketList(
  tickets: Ticket[],
  scope: ListScope,
  t: Translator,
  limit: number,
): OutgoingMessage {
  const scopeName = t(`tickets.scope.${scope}`);
  if (tickets.length === 0) return { text: t(`tickets.list_empty.${scope}`) };
  const spans: Span[] = [span.bold(t('tickets.list_title', { scope: scopeName, count: tickets.length }))];
  for (const ticket of tickets) spans.push(span.text('\n'), ...line(ticket, t));
  if (tickets.length >= limit) spans.push(span.text(`\n${t('tickets.list_more', { shown: limit })}`));
  return { text: spans };
}

/** The log line of an event kind; a kind some module logs without a catalog entry shows as itself. */
export function eventText(kind: string, t: Translator, params: Record<string, string>): string {
  const key = `event.${kind}`;
  return hasMessage(key) ? t(key, params) : kind;
}

/** An event's `from` / `to` as a reader sees them: statuses and the managers' tier translated. */
function shown(kind: string, value: unknown, t: Translator): string {
  if (value === undefined || value === null) return '—';
  const v = String(value);
  if (kind === 'status_changed' && hasMessage(`status.${v}`)) return t(`status.${v}` as MessageKey);
  if (kind === 'escalated' || kind === 'paged' || kind === 'oncall_notified') return tierLabel(v, t);
  return v;
}

function eventLine(event: TicketEvent, t: Translator, timeZone: string): Span[] {
  const d = event.data;
  const str = (v: unknown) => (v === undefined || v === null ? '—' : String(v));
  const params = {
    from: shown(event.kind, d.from, t),
    to: shown(event.kind, d.to, t),
    text: str(d.text).slice(0, 120),
    reason: str(d.reason).slice(0, 120),
  };
  const kind =
    event.kind === 'escalated' && d.manual && typeof d.reason === 'string' ? 'escalated_reason' : event.kind;
  return [
    span.text(`\n${formatDateTime(event.at, timeZone)} `),
    span.mention(event.actorId),
    span.text(` ${eventText(kind, t, params)}`),
  ];
}

/** The card plus the latest events of the audit log. */
export function ticketDetail(
  ctx: RequestContext,
  card: OutgoingMessage,
  events: TicketEvent[],
  shown = 15,
): OutgoingMessage {
  const tz = ctx.config.timezone;
  const history: Span[] = [span.bold(ctx.t('tickets.history'))];
  for (const e of events.slice(-shown)) history.push(...eventLine(e, ctx.t, tz));
  const base = card.card;
  if (!base) return card;
  const existing = base.text ? (typeof base.text === 'string' ? [span.text(base.text)] : base.text) : [];
  return {
    ...card,
    card: { ...base, text: [...existing, ...(existing.length ? [span.text('\n\n')] : []), ...history] },
  };
}
