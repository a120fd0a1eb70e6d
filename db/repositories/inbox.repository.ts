import { lt } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { inboundEvents } from '../schema/inbox.ts';

/** The idempotency ledger of inbound deliveries. */
export function createInboxRepository({ db }: { db: Db }) {
  return {
    /** Records a delivery; false when (platform, eventId) was seen before. */
    async claim(platform: string, eventId: string, kind: string): Promise<boolean> {
      const rows = await db
        .insert(inboundEvents)
        .values({ platform, eventId, kind })
        .onConflictDoNothing()
        .returning({ eventId: inboundEvents.eventId });
      return rows.length === 1;
    },

    /** Forgets deliveries older than `before` (platform retries stop within hours). */
    async prune(before: Date): Promise<number> {
      const rows = await db
        .delete(inboundEvents)
        .where(lt(inboundEvents.receivedAt, before))
        .returning({ eventId: inboundEvents.eventId });
      return rows.length;
    },
  };
}

export type InboxRepository = ReturnType<typeof createInboxRepository>;
