/**
 * Every cron schedule (one per file: name, cron from the config, a call to a use case). Module
 * schedules are listed in their module's definition (src/modules.ts) through the exports here.
 */
export { housekeepingSchedule } from './housekeeping.schedule.ts';
export { releaseRunSchedules } from './release-runs.schedule.ts';
