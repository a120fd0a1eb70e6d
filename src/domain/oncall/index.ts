/**
 * The on-call module's door: rotations from the config and overrides from the database on top of
 * the teams module, `/oncall`, overrides, and handoff announcements driven by durable timers.
 */
import type { Runtime, Services } from '../../runtime/module.ts';
import { compileRotation } from './rotation.ts';
import { createOncallService, type TeamSpec } from './service.ts';

export { catalog } from './catalog.ts';
export { compileRotation, type Rotation, shiftAt } from './rotation.ts';
export {
  MANAGERS,
  MAX_OVERRIDE_MS,
  ONCALL_TIMER_KINDS,
  type OnCall,
  type OncallService,
  type TeamSpec,
  type TierSchedule,
} from './service.ts';

export function createOncall(runtime: Runtime, services: Services) {
  const { config } = runtime;
  const specs: Record<string, TeamSpec> = {};
  for (const [name, team] of Object.entries(config.teams)) {
    specs[name] = {
      managers: team.managers,
      tiers: team.tiers.map((t) => ({
        name: t.name,
        rotation: compileRotation(t.rotation, team.timezone ?? config.timezone),
      })),
    };
  }
  const oncall = createOncallService({
    repos: runtime.repos,
    clock: runtime.clock,
    teams: specs,
    directory: services.teams,
    outbox: runtime.outbox,
    timeZone: config.timezone,
    locale: config.locale,
  });
  for (const job of oncall.jobs) runtime.scheduler.register(job);
  runtime.scheduler.onStart(() => oncall.ensureHandoffTimers());
  return oncall;
}

declare module '../../runtime/module.ts' {
  interface Services {
    oncall: import('./service.ts').OncallService;
  }
}
