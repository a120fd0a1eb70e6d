import type { Repositories } from '../../../db/repositories/index.ts';

/**
 * Idempotency of inbound deliveries: the first delivery of (platform, event id) wins, every
 * retry or duplicate is recognised and skipped. Backed by a unique key in Postgres, so it holds
 * across restarts and replicas.
 */
export function createInboxService({ repos }: { repos: Repositories }) {
  return {
    firstDelivery: (platform: string, eventId: string, kind: string) =>
      repos.inbox.claim(platform, eventId, kind),
    prune: (before: Date) => repos.inbox.prune(before),
  };
}

export type InboxService = ReturnType<typeof createInboxService>;
