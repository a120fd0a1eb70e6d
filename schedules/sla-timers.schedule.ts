/** `sla.*` timers: on-call notices, escalations, re-pings, warnings, breaches, countdown edits. */
import type { AppServices } from '../src/app.ts';
import type { Scheduler } from '../src/domain/sla/scheduler.ts';

export function register(scheduler: Scheduler, services: AppServices): void {
  scheduler.register(services.slaEngine.job);
}
