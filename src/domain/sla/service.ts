import type { Clock } from '../../core/clock.ts';
import type { Priority, Ticket, TicketEvent } from '../tickets/model.ts';
import type { TicketService } from '../tickets/service.ts';
import { addBusinessMs, type Calendar, type Pause } from './calendar.ts';

/** The targets one priority is held to, with the calendar its clock runs on. */
export interface SlaPolicy {
  firstResponseMs: number;
  resolveMs: number;
  restoreMs?: number;
  escalateAfterMs: number;
  calendar: Calendar;
}

export interface Deadlines {
  firstResponseDue: Date | null;
  resolveDue: Date | null;
}

/** Pending periods (waiting on the reporter) from the audit log: the clock does not run in them. */
export function pausesFrom(events: TicketEvent[]): Pause[] {
  const pauses: Pause[] = [];
  let open: Date | null = null;
  for (const e of events) {
    const to = e.data.to;
    const from = e.data.from;
    if (!open && to === 'pending') open = e.at;
    else if (open && (from === 'pending' || e.kind === 'resolved' || e.kind === 'taken')) {
      pauses.push({ from: open, to: e.at });
      open = null;
    }
  }
  if (open) pauses.push({ from: open, to: null });
  return pauses;
}

/** When the first response and the resolution are due; null while paused. */
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

export interface SlaServiceDeps {
  clock: Clock;
  tickets: TicketService;
  policies: Record<Priority, SlaPolicy>;
}

/** SLA views over tickets: policies in force and which open tickets are past a target. */
export function createSlaService(deps: SlaServiceDeps) {
  return {
    policies: deps.policies,

    policyFor(priority: Priority): SlaPolicy {
      return deps.policies[priority];
    },

    async deadlines(ticket: Ticket): Promise<Deadlines> {
      const pauses = pausesFrom(await deps.tickets.events(ticket.id));
      return deadlinesOf(ticket, deps.policies[ticket.priority], pauses);
    },

    /** Open tickets past their first-response or resolution target, oldest first. */
    async breached(workspaceId: number): Promise<Ticket[]> {
      const now = deps.clock.now();
      const open = await deps.tickets.openTickets(workspaceId);
      const out: Ticket[] = [];
      for (const ticket of open) {
        const pauses = pausesFrom(await deps.tickets.events(ticket.id));
        if (isBreached(ticket, deadlinesOf(ticket, deps.policies[ticket.priority], pauses), now))
          out.push(ticket);
      }
      return out;
    },
  };
}

export type SlaService = ReturnType<typeof createSlaService>;
