/**
 * `releases.schedules`: one cron job per entry, starting that template's run on each slot (the
 * cron machinery runs a slot once across replicas and restarts; the run's origin key makes a
 * replayed slot find the run it already started). Named with its date: `daily-checks 2026-12-01`.
 */

import type { CronJob } from '../src/runtime/cron.ts';
import type { Services } from '../src/runtime/module.ts';

/** One cron job per configured schedule (the module's `crons`). */
export function releaseRunSchedules(services: Services): CronJob[] {
  const { releases } = services;
  return releases.schedules.map((schedule) => ({
    name: `release.schedule:${schedule.key}`,
    cron: schedule.cron,
    timezone: releases.scheduleZone(schedule),
    run: (slot, ctx) =>
      ctx.commit(async () => {
        await releases.startScheduled(schedule, slot.at);
      }),
  }));
}
