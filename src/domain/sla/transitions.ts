/**
 * How each ticket change moves its SLA clock: pure functions from (clock, change) to the next
 * clock. Pending pauses it, resolving stops it, reopening resumes it (the resolved stretch does
 * not count), a priority change refreezes the policy, an acknowledgement or response stops the
 * escalation chain and a manual escalation restarts it at the new tier.
 */
import type { Ticket, TicketEvent } from '../tickets/index.ts';
import type { ClockState } from './clock.ts';
import { pauseAt, resumeAt } from './clock.ts';
import type { FrozenPolicy } from './policy.ts';

/** A new ticket's clock: policy frozen now, nobody paged yet, the chain waiting at its tier. */
export function openClock(ticket: Ticket, policy: FrozenPolicy, team: string | null): ClockState {
  const level = Math.max(0, policy.chain.indexOf(ticket.tier));
  return {
    ticketId: ticket.id,
    generation: 0,
    priority: ticket.priority,
    team,
    policy,
    startedAt: ticket.createdAt,
    pauses: [],
    stoppedAt: null,
    restoredAt: null,
    breachedAt: null,
    notified: [],
    level,
    levelSince: ticket.createdAt,
    pagedLevel: level - 1,
    pagedAt: null,
    pings: 0,
    chainActive: true,
    cardLine: null,
    cardEditedAt: null,
  };
}

/** The chain restarts at `level`: page its on-call now, escalate from now. */
function restartChain(clock: ClockState, level: number, at: Date): ClockState {
  return {
    ...clock,
    level,
    levelSince: at,
    pagedLevel: level - 1,
    pagedAt: null,
    pings: 0,
    chainActive: true,
  };
}

/**
 * The clock after `event` happened to `ticket` (the ticket as it is after the change).
 * `refreeze` gives the policy for a new priority.
 */
export function applyChange(
  clock: ClockState,
  ticket: Ticket,
  event: TicketEvent,
  refreeze: (t: Ticket) => FrozenPolicy,
): ClockState {
  const at = event.at;
  const responded = event.actorId !== ticket.reporterId;
  switch (event.kind) {
    case 'priority_changed':
      return { ...clock, priority: ticket.priority, policy: refreeze(ticket) };
    case 'status_changed':
      if (event.data.to === 'pending') return { ...clock, pauses: pauseAt(clock.pauses, at) };
      if (event.data.from === 'pending') return { ...clock, pauses: resumeAt(clock.pauses, at) };
      return clock;
    case 'resolved':
    case 'closed':
      return {
        ...clock,
        pauses: resumeAt(clock.pauses, at),
        stoppedAt: clock.stoppedAt ?? at,
        chainActive: false,
      };
    case 'reopened': {
      const pauses = clock.stoppedAt ? [...clock.pauses, { from: clock.stoppedAt, to: at }] : clock.pauses;
      const resumed = { ...clock, pauses, stoppedAt: null };
      return ticket.assigneeId ? resumed : restartChain(resumed, clock.level, at);
    }
    case 'escalated': {
      const index = clock.policy.chain.indexOf(String(event.data.to ?? ticket.tier));
      const level = index >= 0 ? index : Math.min(clock.level + 1, clock.policy.chain.length - 1);
      return restartChain(clock, level, at);
    }
    case 'acknowledged':
    case 'taken':
      return { ...clock, chainActive: false };
    case 'commented':
      return responded ? { ...clock, chainActive: false } : clock;
    default:
      return clock;
  }
}
