/**
 * Builds the domain services from the config and a database. Called by main (and by tests,
 * so they run exactly what production runs).
 */
import type { Db } from '../db/client.ts';
import { createRepositories } from '../db/repositories/index.ts';
import type { AppServices } from './app.ts';
import type { AppConfig } from './config.ts';
import type { Clock } from './core/clock.ts';
import { createInboxService } from './domain/inbox/service.ts';
import type { Calendar } from './domain/sla/calendar.ts';
import { createSlaService, type SlaPolicy } from './domain/sla/service.ts';
import type { Priority } from './domain/tickets/model.ts';
import { createTicketNotifier } from './domain/tickets/notify.ts';
import { createTicketService } from './domain/tickets/service.ts';
import { createWorkspaceService } from './domain/workspaces/service.ts';

function policies(config: AppConfig): Record<Priority, SlaPolicy> {
  const out = {} as Record<Priority, SlaPolicy>;
  for (const [p, policy] of Object.entries(config.priorities)) {
    out[p as Priority] = {
      firstResponseMs: policy.firstResponse,
      resolveMs: policy.resolve,
      restoreMs: policy.restore,
      escalateAfterMs: policy.escalateAfter,
      calendar: (config.calendars[policy.calendar] ?? { kind: '24x7' }) as Calendar,
    };
  }
  return out;
}

export function buildServices(config: AppConfig, db: Db, clock: Clock): AppServices {
  const repos = createRepositories(db);
  const tickets = createTicketService({
    repos,
    clock,
    rules: config.tickets.rules,
    tiersOf: (team) => {
      const tiers = team ? config.teams[team]?.tiers : undefined;
      return tiers?.length ? tiers.map((t) => t.name) : ['L1', 'L2', 'L3'];
    },
  });
  return {
    config,
    clock,
    tickets,
    notifier: createTicketNotifier({ tickets, timeZone: config.timezone }),
    workspaces: createWorkspaceService({
      repos,
      defaultLocale: config.locale,
      configuredLocale: (id) => config.workspaces[id]?.locale,
    }),
    inbox: createInboxService({ repos }),
    sla: createSlaService({ clock, tickets, policies: policies(config) }),
  };
}
