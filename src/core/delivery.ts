/**
 * The delivery journal port: what a platform needs to make its acks durable (write before the
 * ack, finish when the work is done, and a sweeper that keeps this process's leases alive and
 * hands back what a stopped process left). src/runtime/journal.ts implements it.
 */
export interface Replayable {
  key: string;
  body: unknown;
  attempts: number;
}

/** A running sweep loop: now, then every third of a lease. */
export interface Sweeper {
  /** Sweeps now (or joins the sweep in flight). */
  sweep(): Promise<void>;
  /** Resolves when no sweep is in flight. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface DeliveryLedger {
  /** Records a delivery before its ack; false when the same delivery is already pending. */
  accept(key: string, body: unknown): Promise<boolean>;
  finish(key: string): Promise<void>;
  /** The delivery's row was deleted by the unit of work that did its work: stop renewing it. */
  settled(key: string): void;
  /** The work could not be done now (the database failing): give the delivery back for replay. */
  release(key: string): Promise<void>;
  /** Starts sweeping: expired deliveries are claimed and given to `replay`, one at a time. */
  sweeper(replay: (delivery: Replayable) => Promise<void>): Sweeper;
}
