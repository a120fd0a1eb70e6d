/** On-call handoffs and override ends, announced in the team channel (durable, keyed timers). */
import type { AppServices } from '../src/app.ts';
import type { Scheduler } from '../src/domain/sla/scheduler.ts';

export function register(scheduler: Scheduler, services: AppServices): void {
  const { oncall } = services;
  scheduler.onStart(() => oncall.ensureHandoffTimers());
  for (const job of oncall.jobs) scheduler.register(job);
}
