/**
 * Every cron schedule (one per file: name, cron from the config, a call to a use case). Module
 * schedules are listed in their module's definition (src/modules.ts) through the exports here.
 */
export { digestSchedules } from './digests.schedule.ts';
export { housekeepingSchedule } from './housekeeping.schedule.ts';
