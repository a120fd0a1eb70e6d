/**
 * The weekly review (seed 002 §5.2 卡若五步法) of each team at `daily.review` (default
 * `fri 17:00`, seed 003 周总结会议) in the team's zone: the week's numbers and a button that
 * opens the review form, posted in the team channel once per week. `review: false` turns it off;
 * a team without members or channel has none.
 */
import type { DailyService } from '../src/domain/daily/index.ts';
import type { TeamsService } from '../src/domain/teams/index.ts';
import type { CronJob } from '../src/runtime/cron.ts';
import { dailyCron } from './daily-cutoff.schedule.ts';

export function dailyReviewSchedules(daily: DailyService, teams: TeamsService): CronJob[] {
  return teams.all().flatMap((team) => {
    const review = daily.settings(team.name)?.review;
    if (!review || !team.channel || !team.members.length) return [];
    return [
      {
        name: `daily.review:${team.name}`,
        cron: dailyCron(review.time, [review.day]),
        timezone: team.timeZone,
        run: (_slot, ctx) => ctx.commit((r) => daily.announceReview(team, r)).then(() => {}),
      },
    ];
  });
}
