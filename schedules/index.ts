/**
 * Every cron schedule (one per file: name, cron from the config, a call to a use case). Module
 * schedules are listed in their module's definition (src/modules.ts) through the exports here.
 */

export { dailyBoardSchedules } from './daily-board.schedule.ts';
export { dailyCutoffSchedules } from './daily-cutoff.schedule.ts';
export { dailyProfilesSchedule } from './daily-profiles.schedule.ts';
export { dailyReviewSchedules } from './daily-review.schedule.ts';
export { digestSchedules } from './digests.schedule.ts';
export { housekeepingSchedule } from './housekeeping.schedule.ts';
export { releaseRunSchedules } from './release-runs.schedule.ts';
