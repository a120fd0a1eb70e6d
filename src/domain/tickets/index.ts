/**
 * The tickets module's door: tickets from chat with their status machine and event log, cards as
 * live messages, thread ownership of each ticket's thread. Other modules (sla, digests, daily)
 * reach tickets only through what is exported here.
 */
import type { Runtime, Services } from '../../runtime/module.ts';
import { createTicketCards } from './cards.ts';
import { createTicketService } from './service.ts';

export { type CardOptions, TICKET_ACTIONS, ticketCard } from './card.ts';
export { type CardDecorator, TICKET_THREAD, ticketIdOf, ticketSubject } from './cards.ts';
export { catalog } from './catalog.ts';
export { DEFAULT_RULES } from './classify.ts';
export { AUTO_PRIORITY, NEW_TICKET_FORM, newTicketForm } from './form.ts';
export * from './model.ts';
export { changeNote } from './notes.ts';
export { toTicket, toTicketEvent } from './records.ts';
export type {
  ChangeHook,
  OpenResult,
  OpenTicketInput,
  TicketChange,
} from './service.ts';
export { titleFromMessage, validateText, validateTitle } from './text.ts';

/** The tiers of a team's escalation chain (its configured tiers, else L1, L2, L3). */
export function tierNames(runtime: Runtime, team: string | null): string[] {
  const tiers = team ? runtime.config.teams[team]?.tiers : undefined;
  return tiers?.length ? tiers.map((t) => t.name) : ['L1', 'L2', 'L3'];
}

export function createTickets(runtime: Runtime, services: Services) {
  const { repos, autonomousRepos, clock, config } = runtime;
  const service = createTicketService({
    repos,
    nextNumber: (workspaceId) => autonomousRepos.tickets.nextNumber(workspaceId),
    clock,
    rules: config.tickets.rules,
    tiersOf: (team) => tierNames(runtime, services.teams.teamFor(team)?.name ?? null),
  });
  return { ...service, cards: createTicketCards(runtime, service) };
}

export type TicketsService = ReturnType<typeof createTickets>;

declare module '../../runtime/module.ts' {
  interface Services {
    tickets: TicketsService;
  }
}
