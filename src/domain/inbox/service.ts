import type { Repositories } from '../../../db/repositories/index.ts';
import type { Clock } from '../../core/clock.ts';
import type { Logger } from '../../core/logger.ts';
import { createDeliveryJournal, type JournalOptions } from './journal.ts';

/**
 * Idempotency of inbound deliveries: the first delivery of (platform, event id) wins, every
 * retry or duplicate is recognised and skipped. Backed by a unique key in Postgres, so it holds
 * across restarts and replicas.
 */
export function createInboxService(deps: {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  journal?: Partial<JournalOptions>;
}) {
  const { repos } = deps;
  return {
    /** The delivery journal of one platform (durable acks; see journal.ts). */
    journal: (platform: string) => createDeliveryJournal({ ...deps, platform, options: deps.journal }),
    firstDelivery: (platform: string, eventId: string, kind: string) =>
      repos.inbox.claim(platform, eventId, kind),
    prune: (before: Date) => repos.inbox.prune(before),
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
