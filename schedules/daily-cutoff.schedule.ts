/**
 * The cutoff of each team's daily reports: at `daily.cutoff` in the team's zone on its report
 * weekdays, the compiled report is recorded and posted (once per team and day across replicas:
 * the cron slot and the `daily_compiled` key). Holidays of the team's calendar are skipped by the
 * use case.
 */
import { DAILY_WEEKDAYS, type DailyService } from '../src/domain/daily/index.ts';
import type { TeamsService } from '../src/domain/teams/index.ts';
import type { CronJob } from '../src/runtime/cron.ts';

/** `HH:MM` on some weekdays as a 5-field cron expression. */
export function dailyCron(time: string, days: readonly string[]): string {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const dows = days.map((d) => DAILY_WEEKDAYS.indexOf(d as (typeof DAILY_WEEKDAYS)[number])).sort();
  return `${m} ${h} * * ${dows.join(',')}`;
}

export function dailyCutoffSchedules(daily: DailyService, teams: TeamsService): CronJob[] {
  return teams.all().flatMap((team) => {
    const s = daily.settings(team.name);
    if (!s || !team.members.length) return [];
    return [
      {
        name: `daily.cutoff:${team.name}`,
        cron: dailyCron(s.cutoff, s.days),
        timezone: team.timeZone,
        run: (slot, ctx) => ctx.commit((r) => daily.compile(r, team, slot.at)).then(() => {}),
      },
    ];
  });
}
