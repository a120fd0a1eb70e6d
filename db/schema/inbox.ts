import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every inbound platform delivery, keyed by (platform, event id). Inserting first and skipping
 * on conflict is what makes retried deliveries do nothing twice.
 */
export const inboundEvents = pgTable(
  'inbound_events',
  {
    platform: text('platform').notNull(),
    eventId: text('event_id').notNull(),
    kind: text('kind').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.eventId] })],
);

/**
 * Deliveries accepted from a platform whose handling has not finished. A row is written before
 * the platform gets its ack and deleted when the work behind it is done, so a crash after the ack
 * loses nothing: the accepting process holds a lease (`lease_until`) and renews it while the work
 * runs; a row whose lease ran out (its process died) is claimed and replayed by any replica.
 */
export const deliveries = pgTable(
  'deliveries',
  {
    platform: text('platform').notNull(),
    key: text('key').notNull(),
    body: jsonb('body').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(1),
    /** The journal (process) holding the lease; it renews its own rows by this, with no key list. */
    owner: text('owner'),
  },
  (t) => [
    primaryKey({ columns: [t.platform, t.key] }),
    index('deliveries_lease_idx').on(t.platform, t.leaseUntil),
  ],
);
