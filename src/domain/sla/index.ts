/**
 * The SLA module's door: per-priority targets on business or 24×7 calendars, frozen on each
 * ticket's clock; durable timers for warnings, breaches, escalation steps, re-pings and the card's
 * countdown; the stall auditor. It hooks into tickets (every change replans the clock, inside the
 * change's transaction) and decorates ticket cards with the SLA line.
 */
import type { AppConfig } from '../../config.ts';
import type { Runtime, Services } from '../../runtime/module.ts';
import { MANAGERS_TIER, type Priority, tierNames, toTicket } from '../tickets/index.ts';
import { createTimerAuditor } from './auditor.ts';
import type { Calendar } from './calendar.ts';
import { toClockState } from './clock.ts';
import { createSlaEngine } from './engine.ts';
import type { SlaSettings } from './policy.ts';
import { createSlaService, type SlaPolicy } from './service.ts';

export { addBusinessMs, type Calendar, elapsedBusinessMs, type Pause } from './calendar.ts';
export { catalog } from './catalog.ts';
export { type ClockState, deadlineOf, metAt, toClockState } from './clock.ts';
export { humanDuration, mentionList, targetName, translateSlots, withUsers } from './notices.ts';
export { SLA_TIMER_KINDS } from './plan.ts';
export { type FrozenPolicy, TARGETS, type Target, targetMs } from './policy.ts';
export type { SlaPolicy, TargetView, TicketSla } from './service.ts';

export function slaPolicies(config: AppConfig): Record<Priority, SlaPolicy> {
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

export function slaSettings(config: AppConfig): SlaSettings {
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

export function createSla(runtime: Runtime, services: Services) {
  const { config, repos, clock, logger } = runtime;
  const settings = slaSettings(config);
  const policies = slaPolicies(config);
  const teamOf = (team: string | null) => services.teams.teamFor(team)?.name ?? null;
  const engine = createSlaEngine({
    repos,
    clock,
    settings,
    policies,
    chainOf: (team) => [...tierNames(runtime, teamOf(team)), MANAGERS_TIER],
    teamOf,
    oncall: services.oncall,
    teams: services.teams,
    tickets: services.tickets,
    outbox: runtime.outbox,
    workspaceOf: (id) => runtime.workspaces.get(id),
    timeZone: config.timezone,
    logger,
    onPlanned: (at) => runtime.scheduler.wake(at),
  });
  runtime.scheduler.register(engine.job);
  services.tickets.onChange((change, r) => engine.onTicketChange(change, r));
  services.tickets.cards.decorate(async (ticket, t) => {
    const row = await repos.sla.clock(ticket.id);
    return row ? { sla: engine.cardLine(ticket, toClockState(row), t, clock.now()).text } : {};
  });
  const auditor = createTimerAuditor({
    repos,
    clock,
    stallAfterMs: settings.stallAfterMs,
    teams: services.teams,
    outbox: runtime.outbox,
    locale: config.locale,
    timeZone: config.timezone,
    logger,
    registry: runtime.registry,
  });
  // A watchdog, not a job: it must run even when the timer loop does not.
  runtime.scheduler.every({
    name: 'timer-auditor',
    everyMs: settings.auditEveryMs,
    run: (now) => auditor.check(now).then(() => {}),
  });
  const service = createSlaService({ repos, clock, policies, settings, engine });
  return { ...service, engine, auditor, toTicket };
}

export type SlaModule = ReturnType<typeof createSla>;

declare module '../../runtime/module.ts' {
  interface Services {
    sla: SlaModule;
  }
}
