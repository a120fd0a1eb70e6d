/**
 * The digests' cron jobs: per team, one per kind (daily, weekly, monthly) whose `digests.<kind>`
 * is not off, on its expression in the team's zone; each slot posts the team's digest of the
 * period before it (the digests module's use case), once across replicas, late if it was missed.
 */
import { DIGEST_CATCH_UP_MS, DIGEST_KINDS } from '../src/domain/digests/index.ts';
import type { CronJob } from '../src/runtime/cron.ts';
import type { Runtime, Services } from '../src/runtime/module.ts';

/** The digests module's cron jobs, from the config and the teams. */
export function digestSchedules(services: Services, runtime: Runtime): CronJob[] {
  const config = runtime.config.digests;
  return services.teams.all().flatMap((team) =>
    DIGEST_KINDS.flatMap((kind): CronJob[] => {
      const cron = config[kind];
      if (cron === false) return [];
      return [
        {
          name: `digests.${kind}:${team.name}`,
          cron,
          timezone: team.timeZone,
          catchUpMs: DIGEST_CATCH_UP_MS,
          run: (slot, ctx) => services.digests.scheduled(team.name, kind, slot, ctx),
        },
      ];
    }),
  );
}
