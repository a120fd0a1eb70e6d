/**
 * SLA views and use cases over the frozen clocks: policies in force, a ticket's deadlines and
 * SLA line, the breached list (`/ticket list breached`), and `/sla restored`.
 */
import type { Repositories } from '../../../db/repositories/index.ts';
import type { Clock } from '../../core/clock.ts';
import { CodedError } from '../../core/errors.ts';
import type { Translator } from '../../core/i18n/index.ts';
import type { CardOptions } from '../tickets/index.ts';
import {
  OPEN_STATUSES,
  type Priority,
  type Ticket,
  type TicketEvent,
  ticketRef,
  toTicket,
} from '../tickets/index.ts';
import { addBusinessMs, type Pause } from './calendar.ts';
import { type ClockState, deadlineOf, metAt, toClockState } from './clock.ts';
import type { SlaEngine } from './engine.ts';
import {
  type FrozenPolicy,
  type SlaPolicy,
  type SlaSettings,
  TARGETS,
  type Target,
  targetMs,
} from './policy.ts';

export type { SlaPolicy } from './policy.ts';

export interface Deadlines {
  firstResponseDue: Date | null;
  resolveDue: Date | null;
}

/**
 * Pending periods from the audit log: the clock does not run in them. Only for tickets opened
 * before SLA clocks existed; clocked tickets keep their pauses on the clock.
 */
export function pausesFrom(events: TicketEvent[]): Pause[] {
  const pauses: Pause[] = [];
  let open: Date | null = null;
  for (const e of events) {
    if (!open && e.data.to === 'pending') open = e.at;
    else if (open && (e.data.from === 'pending' || e.kind === 'resolved' || e.kind === 'taken')) {
      pauses.push({ from: open, to: e.at });
      open = null;
    }
  }
  if (open) pauses.push({ from: open, to: null });
  return pauses;
}

/** When the first response and the resolution are due under `policy`; null while paused. */
export function deadlinesOf(ticket: Ticket, policy: SlaPolicy, pauses: Pause[]): Deadlines {
  return {
    firstResponseDue: addBusinessMs(policy.calendar, ticket.createdAt, policy.firstResponseMs, pauses),
    resolveDue: addBusinessMs(policy.calendar, ticket.createdAt, policy.resolveMs, pauses),
  };
}

export function isBreached(ticket: Ticket, deadlines: Deadlines, now: Date): boolean {
  const responseLate =
    deadlines.firstResponseDue !== null && (ticket.firstResponseAt ?? now) > deadlines.firstResponseDue;
  const resolveLate = deadlines.resolveDue !== null && (ticket.resolvedAt ?? now) > deadlines.resolveDue;
  return responseLate || resolveLate;
}

/** One target of a ticket as `/sla <id>` shows it. */
export interface TargetView {
  target: Target;
  due: Date | null;
  met: Date | null;
  state: 'met' | 'met_late' | 'running' | 'breached';
}

export interface TicketSla {
  ticket: Ticket;
  policy: FrozenPolicy;
  clock: ClockState;
  targets: TargetView[];
}

export interface SlaServiceDeps {
  repos: Repositories;
  clock: Clock;
  policies: Record<Priority, SlaPolicy>;
  settings: SlaSettings;
  engine: SlaEngine;
}

export function createSlaService(deps: SlaServiceDeps) {
  const { repos, engine } = deps;

  function targetsOf(ticket: Ticket, clock: ClockState, now: Date): TargetView[] {
    return TARGETS.filter((t) => targetMs(clock.policy, t) !== undefined).map((target) => {
      const due = deadlineOf(clock, target) ?? null;
      const met = metAt(ticket, clock, target);
      const state = met
        ? due && met > due
          ? 'met_late'
          : 'met'
        : due && due <= now
          ? 'breached'
          : 'running';
      return { target, due, met, state };
    });
  }

  async function load(workspaceId: number, number: number) {
    const row = await repos.tickets.byNumber(workspaceId, number);
    if (!row) throw new CodedError('tickets.not_found', { id: `#${number}` });
    const ticket = toTicket(row);
    const clock = await repos.sla.clock(ticket.id);
    if (!clock) throw new CodedError('sla.no_clock', { id: ticketRef(ticket) });
    return { ticket, clock: toClockState(clock) };
  }

  return {
    policies: deps.policies,
    settings: deps.settings,

    policyFor(priority: Priority): SlaPolicy {
      return deps.policies[priority];
    },

    /** A ticket's deadlines under its frozen policy (or today's policy for a ticket without a clock). */
    async deadlines(ticket: Ticket): Promise<Deadlines> {
      const row = await repos.sla.clock(ticket.id);
      if (!row)
        return deadlinesOf(ticket, deps.policies[ticket.priority], pausesFrom(await eventsOf(ticket.id)));
      const clock = toClockState(row);
      return {
        firstResponseDue: deadlineOf(clock, 'first_response') ?? null,
        resolveDue: deadlineOf(clock, 'resolve') ?? null,
      };
    },

    /** Open tickets past a target (missed, or met late), oldest first. One query for clocked tickets. */
    async breached(workspaceId: number, limit = 500): Promise<Ticket[]> {
      const now = deps.clock.now();
      const rows = await repos.sla.breachedTickets(workspaceId, [...OPEN_STATUSES], now, limit);
      const out: Ticket[] = [];
      for (const { ticket: row, clocked } of rows) {
        const ticket = toTicket(row);
        if (clocked) out.push(ticket);
        else {
          const pauses = pausesFrom(await eventsOf(ticket.id));
          if (isBreached(ticket, deadlinesOf(ticket, deps.policies[ticket.priority], pauses), now))
            out.push(ticket);
        }
      }
      return out;
    },

    /** The card's SLA line (TicketNotifier.cardExtras). */
    async cardExtras(ticket: Ticket, t: Translator): Promise<Partial<CardOptions>> {
      const row = await repos.sla.clock(ticket.id);
      if (!row) return {};
      return { sla: engine.cardLine(ticket, toClockState(row), t, deps.clock.now()).text };
    },

    /** `/sla <id>`: the frozen policy, each target's deadline and state, the escalation chain. */
    async ticketSla(workspaceId: number, number: number): Promise<TicketSla> {
      const { ticket, clock } = await load(workspaceId, number);
      return { ticket, policy: clock.policy, clock, targets: targetsOf(ticket, clock, deps.clock.now()) };
    },

    /** `/sla restored <id>`: service is back (seed 001 恢复服务); the restore target is met. */
    async markRestored(workspaceId: number, number: number, actorId: string): Promise<TicketSla> {
      return repos.transaction(async (r) => {
        const row = await r.tickets.byNumber(workspaceId, number, { lock: true });
        if (!row) throw new CodedError('tickets.not_found', { id: `#${number}` });
        const ticket = toTicket(row);
        const clockRow = await r.sla.clock(ticket.id, { lock: true });
        if (!clockRow) throw new CodedError('sla.no_clock', { id: ticketRef(ticket) });
        const clock = toClockState(clockRow);
        const id = ticketRef(ticket);
        if (clock.policy.restoreMs === undefined) {
          throw new CodedError('sla.no_restore_target', { id, priority: clock.priority });
        }
        if (metAt(ticket, clock, 'restore')) throw new CodedError('sla.already_restored', { id });
        const now = deps.clock.now();
        const next = await engine.restored(r, ticket, clock, actorId, now);
        return { ticket, policy: next.policy, clock: next, targets: targetsOf(ticket, next, now) };
      });
    },
  };

  async function eventsOf(ticketId: number): Promise<TicketEvent[]> {
    return (await repos.tickets.events(ticketId)) as TicketEvent[];
  }
}

export type SlaService = ReturnType<typeof createSlaService>;
