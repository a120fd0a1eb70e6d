import type {
  Repositories,
  RepositorySet,
  TicketEventRow,
  TicketPatch,
} from '../../../db/repositories/index.ts';
import type { Clock } from '../../core/clock.ts';
import { CodedError } from '../../core/errors.ts';
import { keyRef } from '../../core/i18n/index.ts';
import { type ClassificationRules, classify } from './classify.ts';
import {
  assertTransition,
  isOpen,
  MANAGERS_TIER,
  MAX_TEXT,
  type Priority,
  reopenedStatus,
  type Status,
  type Ticket,
  type TicketEvent,
  type TicketEventKind,
  type TicketSource,
  ticketRef,
} from './model.ts';
import { createTicketQueries } from './queries.ts';
import { toTicket, toTicketEvent } from './records.ts';
import { titleFromMessage, validateText, validateTitle } from './text.ts';

export interface TicketServiceDeps {
  repos: Repositories;
  /**
   * The workspace's next ticket number, taken outside the creating transaction (it commits at
   * once, so concurrent creations wait on each other for one statement only), or undefined when
   * it cannot be taken there: then the creating transaction takes it. Absent: always there.
   */
  nextNumber?: (workspaceId: number) => Promise<number | undefined>;
  clock: Clock;
  rules: ClassificationRules;
  /** Escalation tiers of a team, in order (L1, L2, L3); `managers` always follows the last. */
  tiersOf(team: string | null): string[];
}

/**
 * Work tied to every ticket change (SLA clocks and timers), run inside the change's transaction so
 * it commits or rolls back with it.
 */
export type ChangeHook = (change: TicketChange, repos: RepositorySet) => Promise<void>;

export interface OpenTicketInput {
  workspaceId: number;
  title: string;
  description?: string | null;
  priority?: Priority;
  reporterId: string;
  source: TicketSource;
  team?: string | null;
  channelId?: string | null;
  threadId?: string | null;
  sourceMessageId?: string | null;
  /** A link to the source message, when the platform gives one. */
  sourceUrl?: string | null;
  /** The inbound event creating it (commands): a replay of that event finds this ticket. */
  originEvent?: string | null;
}

/** The result of a change: the ticket after it and the event it appended. */
export interface TicketChange {
  ticket: Ticket;
  event: TicketEvent;
}

/** What `open` did: made the ticket, or found the one its source or origin already made. */
export interface OpenResult extends TicketChange {
  created: boolean;
}

type Mutation = { patch: TicketPatch; kind: TicketEventKind; data?: Record<string, unknown> };

/** Changes that count as a response to the reporter when someone else makes them. */
const RESPONDING: ReadonlySet<TicketEventKind> = new Set(['acknowledged', 'taken', 'commented', 'resolved']);

/** The ticket use cases: every change checks the status machine and lands in the event log. */
export function createTicketService(deps: TicketServiceDeps) {
  const { repos, clock } = deps;
  const hooks: ChangeHook[] = [];
  const onChange = async (change: TicketChange, r: RepositorySet) => {
    for (const hook of hooks) await hook(change, r);
  };

  /** The ticket a source message or an originating delivery already made (a twin, a replay). */
  async function existing(r: RepositorySet, input: OpenTicketInput): Promise<Ticket | undefined> {
    const bySource =
      input.sourceMessageId && input.channelId
        ? await r.tickets.bySourceMessage(input.workspaceId, input.channelId, input.sourceMessageId)
        : undefined;
    const row =
      bySource ??
      (input.originEvent ? await r.tickets.byOrigin(input.workspaceId, input.originEvent) : undefined);
    return row && toTicket(row);
  }

  async function load(r: RepositorySet, workspaceId: number, number: number, lock: boolean): Promise<Ticket> {
    const row = await r.tickets.byNumber(workspaceId, number, { lock });
    if (!row) throw new CodedError('tickets.not_found', { id: `#${number}` });
    return toTicket(row);
  }

  /** Locks the ticket, applies one change and its event, and records a first response. */
  async function mutate(
    workspaceId: number,
    number: number,
    actorId: string,
    change: (t: Ticket) => Mutation,
  ): Promise<TicketChange> {
    return repos.transaction(async (r) => {
      const current = await load(r, workspaceId, number, true);
      const { patch, kind, data = {} } = change(current);
      const at = clock.now();
      const firstResponse =
        RESPONDING.has(kind) && actorId !== current.reporterId && !current.firstResponseAt;
      const updated = await r.tickets.update(current.id, {
        ...patch,
        ...(firstResponse ? { firstResponseAt: at } : {}),
        updatedAt: at,
      });
      const event = await r.tickets.appendEvent({ ticketId: current.id, at, actorId, kind, data });
      if (firstResponse) {
        await r.tickets.appendEvent({ ticketId: current.id, at, actorId, kind: 'first_response', data: {} });
      }
      const result = { ticket: toTicket(updated), event: toTicketEvent(event) };
      await onChange(result, r);
      return result;
    });
  }

  function tierChain(team: string | null): string[] {
    const tiers = deps.tiersOf(team);
    return [...(tiers.length ? tiers : ['L1']), MANAGERS_TIER];
  }

  return {
    ...createTicketQueries(repos),

    /** Registers work to run inside every ticket change's transaction (the SLA engine's). */
    onChange(hook: ChangeHook): void {
      hooks.push(hook);
    },

    /**
     * Opens a ticket, unless its source message or originating delivery already made one (unique
     * keys in the database): then that ticket is returned with `created: false` and nothing changes.
     */
    async open(input: OpenTicketInput): Promise<OpenResult> {
      const title = validateTitle(input.title);
      const guess = classify(`${title}\n${input.description ?? ''}`, deps.rules);
      const priority = input.priority ?? guess.priority;
      const team = input.team ?? null;
      return repos.transaction(async (r) => {
        const at = clock.now();
        for (let attempt = 0; attempt < 3; attempt++) {
          // Taken before the insert and committed at once (see TicketServiceDeps.nextNumber): a
          // creation that then fails leaves a gap in the numbers rather than holding every other
          // creation of the workspace until it commits.
          const number =
            (await deps.nextNumber?.(input.workspaceId)) ?? (await r.tickets.nextNumber(input.workspaceId));
          if (number === undefined) throw new Error(`workspace ${input.workspaceId} not found`);
          const row = await r.tickets.insert({
            workspaceId: input.workspaceId,
            number,
            title,
            description: input.description ?? null,
            priority,
            category: guess.category,
            status: 'new',
            tier: tierChain(team)[0] ?? 'L1',
            team,
            reporterId: input.reporterId,
            source: input.source,
            channelId: input.channelId ?? null,
            threadId: input.threadId ?? null,
            sourceMessageId: input.sourceMessageId ?? null,
            sourceUrl: input.sourceUrl ?? null,
            originEvent: input.originEvent ?? null,
            createdAt: at,
            updatedAt: at,
          });
          if (!row) {
            const made = await existing(r, input);
            if (!made) continue; // the number was taken (a counter behind its tickets): draw another
            const [first] = await r.tickets.events(made.id);
            return { ticket: made, event: toTicketEvent(first as TicketEventRow), created: false };
          }
          const ticket = toTicket(row);
          const event = await r.tickets.appendEvent({
            ticketId: row.id,
            at,
            actorId: input.reporterId,
            kind: 'created',
            data: { priority, category: guess.category, source: input.source },
          });
          const change = { ticket, event: toTicketEvent(event) };
          await onChange(change, r);
          return { ...change, created: true };
        }
        throw new Error('could not allocate a ticket number');
      });
    },

    async get(workspaceId: number, number: number): Promise<{ ticket: Ticket; events: TicketEvent[] }> {
      const ticket = await load(repos, workspaceId, number, false);
      const events = (await repos.tickets.events(ticket.id)).map(toTicketEvent);
      return { ticket, events };
    },

    acknowledge(workspaceId: number, number: number, actorId: string) {
      return mutate(workspaceId, number, actorId, (t) => {
        if (t.acknowledgedAt || t.status !== 'new') {
          if (!isOpen(t.status)) assertTransition(t, 'acknowledged');
          throw new CodedError('tickets.already_acknowledged', { id: ticketRef(t) });
        }
        return {
          patch: { status: 'acknowledged', acknowledgedAt: clock.now(), assigneeId: t.assigneeId ?? actorId },
          kind: 'acknowledged',
        };
      });
    },

    take(workspaceId: number, number: number, actorId: string) {
      return mutate(workspaceId, number, actorId, (t) => {
        if (t.assigneeId === actorId && t.status === 'in_progress') {
          throw new CodedError('tickets.already_yours', { id: ticketRef(t) });
        }
        if (!isOpen(t.status)) assertTransition(t, 'in_progress');
        const status: Status = t.status === 'pending' ? 'pending' : 'in_progress';
        return {
          patch: { status, assigneeId: actorId, acknowledgedAt: t.acknowledgedAt ?? clock.now() },
          kind: 'taken',
          data: { from: t.assigneeId },
        };
      });
    },

    assign(workspaceId: number, number: number, actorId: string, assigneeId: string) {
      return mutate(workspaceId, number, actorId, (t) => {
        if (!isOpen(t.status))
          throw new CodedError('tickets.closed_for_changes', {
            id: ticketRef(t),
            status: keyRef(`status.${t.status}`),
          });
        if (t.assigneeId === assigneeId)
          throw new CodedError('tickets.already_assigned', { id: ticketRef(t) });
        return { patch: { assigneeId }, kind: 'assigned', data: { from: t.assigneeId, to: assigneeId } };
      });
    },

    setStatus(workspaceId: number, number: number, actorId: string, status: 'in_progress' | 'pending') {
      return mutate(workspaceId, number, actorId, (t) => {
        assertTransition(t, status);
        return { patch: { status }, kind: 'status_changed', data: { from: t.status, to: status } };
      });
    },

    setPriority(workspaceId: number, number: number, actorId: string, priority: Priority) {
      return mutate(workspaceId, number, actorId, (t) => {
        if (!isOpen(t.status))
          throw new CodedError('tickets.closed_for_changes', {
            id: ticketRef(t),
            status: keyRef(`status.${t.status}`),
          });
        if (t.priority === priority)
          throw new CodedError('tickets.same_priority', { id: ticketRef(t), priority });
        return { patch: { priority }, kind: 'priority_changed', data: { from: t.priority, to: priority } };
      });
    },

    /**
     * A comment. `origin` (the inbound event id) makes it idempotent: a replay of the same event
     * finds the comment it made and returns it instead of adding a second.
     */
    async comment(
      workspaceId: number,
      number: number,
      actorId: string,
      text: string,
      opts: { messageId?: string; origin?: string } = {},
    ): Promise<TicketChange> {
      const body = validateText(text);
      const { messageId, origin } = opts;
      // The same reply delivered twice (a retry, or one message under two event ids) is one comment.
      const key = messageId
        ? (['messageId', messageId] as const)
        : origin
          ? (['origin', origin] as const)
          : null;
      if (key) {
        const ticket = await load(repos, workspaceId, number, false);
        const made = await repos.tickets.eventByData(ticket.id, 'commented', key[0], key[1]);
        if (made) return { ticket, event: toTicketEvent(made) };
      }
      return mutate(workspaceId, number, actorId, () => ({
        patch: {},
        kind: 'commented',
        data: { text: body, ...(messageId ? { messageId } : {}), ...(origin ? { origin } : {}) },
      }));
    },

    async resolve(workspaceId: number, number: number, actorId: string, note?: string) {
      const resolutionNote = note?.trim() ? validateText(note) : null;
      return mutate(workspaceId, number, actorId, (t) => {
        assertTransition(t, 'resolved');
        return {
          patch: {
            status: 'resolved',
            resolvedAt: clock.now(),
            resolutionNote,
            assigneeId: t.assigneeId ?? actorId,
          },
          kind: 'resolved',
          data: resolutionNote ? { note: resolutionNote } : {},
        };
      });
    },

    reopen(workspaceId: number, number: number, actorId: string) {
      return mutate(workspaceId, number, actorId, (t) => {
        if (isOpen(t.status))
          throw new CodedError('tickets.not_resolved', {
            id: ticketRef(t),
            status: keyRef(`status.${t.status}`),
          });
        const status = reopenedStatus(t);
        return {
          patch: { status, resolvedAt: null, closedAt: null, resolutionNote: null },
          kind: 'reopened',
          data: { from: t.status, to: status },
        };
      });
    },

    close(workspaceId: number, number: number, actorId: string) {
      return mutate(workspaceId, number, actorId, (t) => {
        assertTransition(t, 'closed');
        return { patch: { status: 'closed', closedAt: clock.now() }, kind: 'closed' };
      });
    },

    escalate(workspaceId: number, number: number, actorId: string, reason?: string) {
      return mutate(workspaceId, number, actorId, (t) => {
        if (!isOpen(t.status))
          throw new CodedError('tickets.closed_for_changes', {
            id: ticketRef(t),
            status: keyRef(`status.${t.status}`),
          });
        const chain = tierChain(t.team);
        const next = chain[chain.indexOf(t.tier) + 1];
        if (!next) throw new CodedError('tickets.top_tier', { id: ticketRef(t), tier: t.tier });
        const why = reason?.trim() ? reason.trim().slice(0, MAX_TEXT) : null;
        return {
          patch: { tier: next },
          kind: 'escalated',
          data: { from: t.tier, to: next, reason: why, manual: true },
        };
      });
    },

    /** Mirrors an edit or deletion of the message a ticket was made from. */
    sourceChanged(workspaceId: number, number: number, actorId: string, text: string | null) {
      return mutate(workspaceId, number, actorId, (t) => {
        if (text === null) return { patch: {}, kind: 'source_deleted' };
        if (t.source === 'shortcut') {
          // Its title was confirmed by hand in the shortcut's form: keep it, follow the text only.
          const description = text.trim() ? text.trim().slice(0, 40_000) : null;
          return { patch: { description }, kind: 'source_edited', data: { from: t.title, to: t.title } };
        }
        const { title, description } = titleFromMessage(text);
        return { patch: { title, description }, kind: 'source_edited', data: { from: t.title, to: title } };
      });
    },
  };
}

export type TicketService = ReturnType<typeof createTicketService>;
