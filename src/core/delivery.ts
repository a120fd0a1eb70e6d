/**
 * The delivery journal port: what a platform needs to make its acks durable (write before the
 * ack, finish when the work is done, renew leases, replay what a stopped process left).
 * src/domain/inbox/journal.ts implements it over Postgres.
 */
export interface DeliveryLedger {
  options: { leaseMs: number };
  /** Records a delivery before its ack; false when the same delivery is already pending. */
  accept(key: string, body: unknown): Promise<boolean>;
  finish(key: string): Promise<void>;
  renew(): Promise<void>;
  claimExpired(): Promise<{ key: string; body: unknown; attempts: number }[]>;
}
