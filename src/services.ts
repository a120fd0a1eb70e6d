/**
 * Builds the domain services from the config and a database. Called by main (and by tests,
 * so they run exactly what production runs).
 */
import type { Db } from '../db/client.ts';
import { createRepositories } from '../db/repositories/index.ts';
import type { AppServices } from './app.ts';
import type { AppConfig } from './config.ts';
import type { Clock } from './core/clock.ts';
import { isLocale, translator } from './core/i18n/index.ts';
import { type Logger, silentLogger } from './core/logger.ts';
import type { Messenger } from './core/messenger.ts';
import type { Registry } from './core/metrics.ts';
import { createInboxService } from './domain/inbox/service.ts';
import { messengerDirectory } from './domain/oncall/messengers.ts';
import { compileRotation } from './domain/oncall/rotation.ts';
import { createOncallService, type TeamSpec } from './domain/oncall/service.ts';
import { createTimerAuditor } from './domain/sla/auditor.ts';
import type { Calendar } from './domain/sla/calendar.ts';
import { createSlaEngine } from './domain/sla/engine.ts';
import type { SlaSettings } from './domain/sla/policy.ts';
import { Scheduler } from './domain/sla/scheduler.ts';
import { createSlaService, type SlaPolicy } from './domain/sla/service.ts';
import type { Priority } from './domain/tickets/model.ts';
import { createTicketNotifier } from './domain/tickets/notify.ts';
import { createTicketService, MANAGERS_TIER } from './domain/tickets/service.ts';
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

function slaSettings(config: AppConfig): SlaSettings {
  const s = config.sla;
  return {
    warnAt: s.warnAt,
    repingAfterMs: s.repingAfter,
    maxRepings: s.maxRepings,
    urgentP0: s.urgentP0,
    countdownEveryMs: s.countdownEvery,
    stallAfterMs: s.stallAfter,
    auditEveryMs: s.auditEvery,
  };
}

function teamSpecs(config: AppConfig): Record<string, TeamSpec> {
  const out: Record<string, TeamSpec> = {};
  for (const [name, team] of Object.entries(config.teams)) {
    out[name] = {
      channel: team.channel,
      platform: team.platform,
      managers: team.managers,
      tiers: team.tiers.map((t) => ({
        name: t.name,
        rotation: compileRotation(t.rotation, config.timezone),
      })),
    };
  }
  return out;
}

/** What buildServices needs from the running app beyond config, database and clock. */
export interface ServiceRuntime {
  /** App.messengers: the live map platforms register their Messenger in as they start. */
  messengers?: Map<string, Messenger>;
  registry?: Registry;
  logger?: Logger;
  /** Timers fired in parallel (1 on PGlite, a single session). */
  timerConcurrency?: number;
  /** The delivery journal's own handle (Database.journalDb); default: `db`. */
  journalDb?: Db;
}

export function buildServices(
  config: AppConfig,
  db: Db,
  clock: Clock,
  runtime: ServiceRuntime = {},
): AppServices {
  const repos = createRepositories(db);
  const logger = runtime.logger ?? silentLogger;
  const messengers = messengerDirectory(runtime.messengers ?? new Map());
  const defaultTeam = config.intake[0]?.team ?? Object.keys(config.teams)[0] ?? null;
  const tiersOf = (team: string | null) => {
    const tiers = config.teams[team ?? defaultTeam ?? '']?.tiers;
    return tiers?.length ? tiers.map((t) => t.name) : ['L1', 'L2', 'L3'];
  };
  const settings = slaSettings(config);
  const oncall = createOncallService({
    repos,
    clock,
    teams: teamSpecs(config),
    messengers,
    timeZone: config.timezone,
    t: translator(config.locale),
  });
  const scheduler = new Scheduler({
    repos,
    clock,
    logger,
    messengers,
    renderCards: (ids) => engine.renderCards(ids),
    registry: runtime.registry,
    concurrency: runtime.timerConcurrency,
  });
  const engine = createSlaEngine({
    repos,
    clock,
    settings,
    policies: policies(config),
    chainOf: (team) => [...tiersOf(team), MANAGERS_TIER],
    teamOf: (team) => team ?? defaultTeam,
    oncall,
    messengers,
    localeOf: (ws) =>
      (ws.locale && isLocale(ws.locale) ? ws.locale : undefined) ??
      config.workspaces[ws.externalId]?.locale ??
      config.locale,
    timeZone: config.timezone,
    logger,
    onPlanned: (at) => scheduler.wake(at),
  });
  const tickets = createTicketService({
    repos,
    clock,
    rules: config.tickets.rules,
    tiersOf,
    onChange: (change, r) => engine.onTicketChange(change, r),
  });
  const sla = createSlaService({ repos, clock, policies: policies(config), settings, engine });
  return {
    config,
    clock,
    tickets,
    notifier: createTicketNotifier({
      tickets,
      timeZone: config.timezone,
      cardExtras: (ticket, t) => sla.cardExtras(ticket, t),
    }),
    workspaces: createWorkspaceService({
      repos,
      defaultLocale: config.locale,
      configuredLocale: (id) => config.workspaces[id]?.locale,
    }),
    inbox: createInboxService({
      repos: runtime.journalDb ? createRepositories(runtime.journalDb) : repos,
      clock,
      logger,
      journal: { leaseMs: config.deliveries.redeliverAfter },
    }),
    sla,
    slaEngine: engine,
    oncall,
    scheduler,
    auditor: createTimerAuditor({
      repos,
      clock,
      stallAfterMs: settings.stallAfterMs,
      teams: oncall.teams,
      messengers,
      t: translator(config.locale),
      timeZone: config.timezone,
      logger,
      registry: runtime.registry,
    }),
  };
}
