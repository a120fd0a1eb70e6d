/**
 * Hourly housekeeping, as a cron job (once per hour across replicas): forget inbound deliveries,
 * finished timers and outbox rows, form sessions, blobs and finished cron slots after a week. The history that matters
 * (ticket event logs, release logs) is kept by the modules themselves.
 */
import type { CronJob } from '../src/runtime/cron.ts';
import type { Housekeeping } from '../src/runtime/housekeeping.ts';

export const KEEP_MS = 7 * 86_400_000;

export function housekeepingSchedule(housekeeping: Housekeeping): CronJob {
  return {
    name: 'runtime.housekeeping',
    cron: '17 * * * *',
    timezone: 'UTC',
    run: (slot) => housekeeping.prune(new Date(slot.at.getTime() - KEEP_MS)),
  };
}
