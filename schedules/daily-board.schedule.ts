/**
 * The monthly KPI board (seed 002 §5.3: 指标 / 目标 / 实际 / 完成率 / 环比) of last month, on the
 * 1st at 09:00 in the team's zone, for teams whose daily report has number fields. On its own
 * until a monthly digest includes it (`DailyService.board`).
 */
import type { DailyService } from '../src/domain/daily/index.ts';
import type { TeamsService } from '../src/domain/teams/index.ts';
import type { CronJob } from '../src/runtime/cron.ts';

export const BOARD_CRON = '0 9 1 * *';

export function dailyBoardSchedules(daily: DailyService, teams: TeamsService): CronJob[] {
  return teams.all().flatMap((team) => {
    const s = daily.settings(team.name);
    if (!s?.fields.some((f) => f.type === 'number') || !team.channel || !team.members.length) return [];
    return [
      {
        name: `daily.board:${team.name}`,
        cron: BOARD_CRON,
        timezone: team.timeZone,
        run: (slot, ctx) => ctx.commit((r) => daily.postBoard(r, team, slot.at)).then(() => {}),
      },
    ];
  });
}
