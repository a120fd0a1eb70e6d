/**
 * Durable acks for Slack (on by default, `deliveries.durable`): a Receiver wrapper (HTTP and Socket
 * Mode alike) that journals every delivery before Bolt sees it, so nothing is acknowledged that is
 * not already in Postgres. If the journal write does not commit, the delivery is not acknowledged
 * (the HTTP receiver answers an error status and Slack retries it). The event a delivery becomes
 * carries the delivery's key, and the event's unit of work deletes the journal row together with
 * its own changes; a delivery that becomes no event (an ignored message) is finished here. A
 * delivery still pending when it arrives again (Slack retrying a slow ack) is acknowledged and
 * dropped. A sweep replays deliveries whose process died, through the same listeners.
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
  /** An event was submitted for it: the event's unit of work finishes it. */
  submitted: boolean;
  /** Work still deciding whether there is an event (see holdDelivery). */
  holds: number;
  /** Called when the last hold is released with no event submitted. */
  finish(): void;
}

const current = new AsyncLocalStorage<Delivery>();

export function currentDelivery(): Delivery | undefined {
  return current.getStore();
}

/** Keeps a delivery open while work after the ack decides whether it becomes an event. */
export function holdDelivery(delivery: Delivery | undefined): () => void {
  if (!delivery) return () => {};
  delivery.holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    delivery.holds--;
    if (delivery.holds === 0 && !delivery.submitted) delivery.finish();
  };
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

export class DurableReceiver implements Receiver {
  private app: App | undefined;

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
    await this.handle(key, event);
  }

  private async handle(key: string, event: ReceiverEvent): Promise<void> {
    if (!this.app) throw new Error('durable receiver used before Bolt initialised it');
    const app = this.app;
    const delivery: Delivery = {
      key,
      submitted: false,
      holds: 0,
      finish: () => {
        void this.journal
          .finish(key)
          .catch((err: unknown) => this.logger.error({ err, key }, 'could not finish a delivery'));
      },
    };
    const release = holdDelivery(delivery);
    try {
      await current.run(delivery, () => app.processEvent(event));
    } finally {
      release();
    }
  }

  /** Replays a delivery a stopped process left, through the same listeners, with a no-op ack. */
  async replay({ key, body }: Replayable): Promise<void> {
    await this.handle(key, { body: body as Json, ack: async () => {} });
  }
}
