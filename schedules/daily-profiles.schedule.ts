/**
 * Hourly, ten minutes before the hour (when most prompts are set): members' zones and languages
 * are read again from the platforms where the config does not give them (cached a day per
 * member), and every member's next prompt is replanned in the zone now known. After a
 * downtime only the last missed refresh runs.
 */
import { type DailyService, PROFILE_REFRESH_CRON } from '../src/domain/daily/index.ts';
import type { CronJob } from '../src/runtime/cron.ts';

export function dailyProfilesSchedule(daily: DailyService): CronJob {
  return {
    name: 'daily.profiles',
    cron: PROFILE_REFRESH_CRON,
    timezone: 'UTC',
    // Missed refreshes need no catching up one by one: the next one reads everything again.
    catchUpMs: 3_600_000,
    run: () => daily.refreshProfiles(),
  };
}
