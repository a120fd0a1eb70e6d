/**
 * Durable acks for Slack: a Receiver wrapper (HTTP and Socket Mode alike) that journals every
 * delivery before Bolt sees it, so nothing is acknowledged that is not already in Postgres, and
 * finishes it once the work it started (tracked through AsyncLocalStorage: every `WorkQueue.after`
 * called while Bolt handles the delivery belongs to it) has finished. A delivery still pending
 * when it arrives again (Slack retrying a slow ack) is acknowledged and dropped. A sweep replays
 * deliveries whose process died, through the very same Bolt listeners, with a no-op ack.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { DeliveryLedger, Replayable } from '../../core/delivery.ts';
import type { Logger } from '../../core/logger.ts';
import { type Json, str } from './normalize.ts';

/** The delivery being handled, visible to everything Bolt runs for it. */
export interface Delivery {
  key: string;
  /** A replay after a crash: some of its work may already be done. */
  replay: boolean;
  jobs: Promise<void>[];
}

const current = new AsyncLocalStorage<Delivery>();

export function currentDelivery(): Delivery | undefined {
  return current.getStore();
}

/** Runs `fn` as part of `delivery` (work queued later still counts toward it). */
export function withinDelivery<T>(delivery: Delivery | undefined, fn: () => T): T {
  return delivery ? current.run(delivery, fn) : fn();
}

/**
 * One key per Slack delivery: the Events API's event_id (what its retries repeat), else the
 * trigger of a command or interaction, else a digest of the body.
 */
export function deliveryKey(body: Json): string {
  const eventId = str(body.event_id);
  if (eventId) return `event:${eventId}`;
  const trigger = str(body.trigger_id);
  if (trigger) return `trigger:${trigger}`;
  return `body:${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 40)}`;
}

/** Waits for every job of a delivery, including jobs those jobs queued. */
async function settled(delivery: Delivery): Promise<void> {
  let seen = 0;
  while (seen < delivery.jobs.length) {
    const batch = delivery.jobs.slice(seen);
    seen += batch.length;
    await Promise.all(batch);
  }
}

export class DurableReceiver implements Receiver {
  private app: App | undefined;
  private readonly finishing = new Set<Promise<void>>();

  constructor(
    private readonly inner: Receiver,
    private readonly journal: DeliveryLedger,
    private readonly logger: Logger,
    private readonly onDuplicate: () => void = () => {},
  ) {}

  init(app: App): void {
    this.app = app;
    const gate = { processEvent: (event: ReceiverEvent) => this.receive(event) };
    this.inner.init(gate as unknown as App);
  }

  start(...args: unknown[]): Promise<unknown> {
    return (this.inner.start as (...a: unknown[]) => Promise<unknown>)(...args);
  }

  stop(...args: unknown[]): Promise<unknown> {
    return (this.inner.stop as (...a: unknown[]) => Promise<unknown>)(...args);
  }

  /** Journal first (a failure here means no ack: Slack retries), then Bolt. */
  private async receive(event: ReceiverEvent): Promise<void> {
    const key = deliveryKey(event.body as Json);
    if (!(await this.journal.accept(key, event.body))) {
      this.logger.debug({ key }, 'delivery already pending; acknowledged and dropped');
      this.onDuplicate();
      await event.ack();
      return;
    }
    await this.handle({ key, replay: false, jobs: [] }, event);
  }

  private async handle(delivery: Delivery, event: ReceiverEvent): Promise<void> {
    if (!this.app) throw new Error('durable receiver used before Bolt initialised it');
    const app = this.app;
    try {
      await current.run(delivery, () => app.processEvent(event));
    } finally {
      const finished = settled(delivery).then(() => this.journal.finish(delivery.key));
      this.finishing.add(finished);
      void finished.then(() => this.finishing.delete(finished));
    }
  }

  /** Resolves when every delivery handled so far has been finished in the journal. */
  async idle(): Promise<void> {
    while (this.finishing.size) await Promise.all([...this.finishing]);
  }

  /** Replays a delivery a stopped process left, through the same listeners, with a no-op ack. */
  async replay({ key, body }: Replayable): Promise<void> {
    await this.handle({ key, replay: true, jobs: [] }, { body: body as Json, ack: async () => {} });
  }
}
