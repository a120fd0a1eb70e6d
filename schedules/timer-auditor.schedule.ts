/** The stall auditor (every `sla.auditEvery`) and hourly pruning of finished timers older than a week. */
import type { AppServices } from '../src/app.ts';
import type { Scheduler } from '../src/domain/sla/scheduler.ts';

const KEEP_FINISHED_MS = 7 * 86_400_000;

export function register(scheduler: Scheduler, services: AppServices): void {
  const { auditor } = services;
  scheduler.every({
    name: 'timer-auditor',
    everyMs: services.sla.settings.auditEveryMs,
    run: async (now) => void (await auditor.check(now)),
  });
  scheduler.every({
    name: 'timer-prune',
    everyMs: 3_600_000,
    run: async (now) => void (await auditor.prune(now, KEEP_FINISHED_MS)),
  });
}
