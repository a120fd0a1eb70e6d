/**
 * The ticket model of PRODUCT.md §1 as plain data: priorities, categories, statuses, the
 * status machine and the records repositories hand back. No I/O here.
 */
// The module's strings are registered wherever its code is loaded.
import './catalog.ts';
import { CodedError } from '../../core/errors.ts';
import { keyRef, type Translator } from '../../core/i18n/index.ts';

export const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CATEGORIES = ['technical', 'billing', 'feature', 'account', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export const STATUSES = ['new', 'acknowledged', 'in_progress', 'pending', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const OPEN_STATUSES: readonly Status[] = ['new', 'acknowledged', 'in_progress', 'pending'];

export type TicketSource = 'command' | 'intake' | 'reaction' | 'shortcut';

export const MAX_TITLE = 200;
export const MAX_TEXT = 4000;

export interface Ticket {
  id: number;
  workspaceId: number;
  number: number;
  title: string;
  description: string | null;
  priority: Priority;
  category: Category;
  status: Status;
  tier: string;
  team: string | null;
  reporterId: string;
  assigneeId: string | null;
  source: TicketSource;
  channelId: string | null;
  threadId: string | null;
  sourceMessageId: string | null;
  sourceUrl: string | null;
  originEvent: string | null;
  resolutionNote: string | null;
  createdAt: Date;
  updatedAt: Date;
  firstResponseAt: Date | null;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

export type TicketEventKind =
  | 'created'
  | 'acknowledged'
  | 'taken'
  | 'assigned'
  | 'status_changed'
  | 'priority_changed'
  | 'commented'
  | 'first_response'
  | 'resolved'
  | 'reopened'
  | 'closed'
  | 'escalated'
  | 'source_edited'
  | 'source_deleted';

export interface TicketEvent {
  id: number;
  ticketId: number;
  at: Date;
  actorId: string;
  kind: TicketEventKind;
  data: Record<string, unknown>;
}

export interface Workspace {
  id: number;
  platform: string;
  externalId: string;
  locale: string | null;
}

/** `#42` */
export function ticketRef(t: Pick<Ticket, 'number'>): string {
  return `#${t.number}`;
}

export function isOpen(status: Status): boolean {
  return OPEN_STATUSES.includes(status);
}

/**
 * Allowed moves. `reopen` is its own use case (resolved/closed → back to work), and `closed`
 * is only reachable from `resolved`.
 */
const TRANSITIONS: Record<Status, readonly Status[]> = {
  new: ['acknowledged', 'in_progress', 'pending', 'resolved'],
  acknowledged: ['in_progress', 'pending', 'resolved'],
  in_progress: ['pending', 'resolved'],
  pending: ['in_progress', 'resolved'],
  resolved: ['closed'],
  closed: [],
};

export function canTransition(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Throws a coded error naming both states when the move is not allowed. */
export function assertTransition(ticket: Pick<Ticket, 'number' | 'status'>, to: Status): void {
  if (ticket.status === to) {
    throw new CodedError('tickets.already_in_status', {
      id: ticketRef(ticket),
      status: keyRef(`status.${to}`),
    });
  }
  if (!canTransition(ticket.status, to)) {
    const n = String(ticket.number);
    const hint =
      to === 'closed' && isOpen(ticket.status)
        ? keyRef('tickets.hint.resolve_first', { n })
        : !isOpen(ticket.status) && isOpen(to)
          ? keyRef('tickets.hint.reopen_first', { n })
          : '';
    throw new CodedError('tickets.invalid_transition', {
      id: ticketRef(ticket),
      from: keyRef(`status.${ticket.status}`),
      to: keyRef(`status.${to}`),
      hint,
    });
  }
}

/** The status a reopened ticket returns to. */
export function reopenedStatus(ticket: Pick<Ticket, 'assigneeId'>): Status {
  return ticket.assigneeId ? 'in_progress' : 'new';
}

/** The last step of every escalation chain: the team's managers. */
export const MANAGERS_TIER = 'managers';

/** A tier as a reader sees it: configured names as written, the managers' step in their language. */
export function tierLabel(tier: string | null | undefined, t: Translator): string {
  if (!tier) return '—';
  return tier === MANAGERS_TIER ? t('tier.managers') : tier;
}
