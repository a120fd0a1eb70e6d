/** Hourly: forget inbound deliveries older than a week (platform retries stop within hours). */
import type { AppServices } from '../src/app.ts';
import type { Scheduler } from '../src/domain/sla/scheduler.ts';

export const KEEP_DELIVERIES_MS = 7 * 86_400_000;

export function register(scheduler: Scheduler, services: AppServices): void {
  scheduler.every({
    name: 'inbox-prune',
    everyMs: 3_600_000,
    run: async (now) => void (await services.inbox.prune(new Date(now.getTime() - KEEP_DELIVERIES_MS))),
  });
}
