/** Forgetting what the machinery no longer needs (see schedules/housekeeping.schedule.ts). */
import type { Repositories } from '../../db/repositories/index.ts';

export interface Housekeeping {
  /** Deletes inbound deliveries, finished timers and outbox rows, form sessions, blobs and finished cron slots older than `before`. */
  prune(before: Date): Promise<void>;
}

export function createHousekeeping(repos: Repositories): Housekeeping {
  return {
    async prune(before) {
      await repos.inbox.prune(before);
      await repos.timers.prune(before, 50_000);
      await repos.outbox.prune(before, 50_000);
      await repos.forms.prune(before);
      await repos.blobs.prune(before);
      await repos.cron.prune(before);
    },
  };
}
