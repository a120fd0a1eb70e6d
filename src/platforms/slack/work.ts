/**
 * The work that runs after Slack has its ack, kept from starving the acks. Acks are cheap; the
 * work behind them (tickets, SLA planning, cards) is not, and thousands of handlers running at
 * once would fill the event loop and delay the next ack past Slack's 3 s. So queued work waits
 * in a FIFO, at most `concurrency` jobs run at once, and no new job starts while the event loop
 * is busier than `maxUtilization` (measured over short windows): under a burst the work drains
 * a little slower and every request still gets its ack at once. `urgent` work (opening a modal,
 * whose trigger_id expires 3 s after the click) skips the line.
 */
import { performance } from 'node:perf_hooks';
import type { Logger } from '../../core/logger.ts';
import { currentDelivery, withinDelivery } from './durable.ts';

export interface WorkOptions {
  concurrency: number;
  /** A job still running after this long gives its slot back (it keeps running), so a hung call cannot stall the queue. */
  slotTimeoutMs: number;
  /** 0..1: event-loop utilization above which no new job starts. */
  maxUtilization: number;
  /** Length of the utilization window, ms. */
  windowMs: number;
}

export const DEFAULT_WORK: WorkOptions = {
  concurrency: 4,
  slotTimeoutMs: 30_000,
  maxUtilization: 0.6,
  windowMs: 50,
};

export class WorkQueue {
  private readonly waiting: (() => Promise<void>)[] = [];
  private readonly tracked = new Set<Promise<void>>();
  private active = 0;
  private mark = performance.eventLoopUtilization();
  private utilization = 0;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly opts: WorkOptions = DEFAULT_WORK,
  ) {}

  /** Runs `work` after what is queued before it (or at once when `urgent`); failures are logged. */
  after(work: () => Promise<void>, urgent = false): void {
    // The delivery this work belongs to (durable.ts) waits for it, and sees it run as its own.
    const delivery = currentDelivery();
    const done = new Promise<void>((resolve) => {
      const job = async () => {
        try {
          await withinDelivery(delivery, work);
        } catch (err) {
          this.logger.error({ err }, 'slack event work failed');
        } finally {
          resolve();
        }
      };
      if (urgent) void job();
      else {
        this.waiting.push(job);
        // Start on a later turn: the request that queued this job finishes its ack first.
        setImmediate(() => this.pump());
      }
    });
    this.tracked.add(done);
    delivery?.jobs.push(done);
    void done.then(() => this.tracked.delete(done));
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.tracked.size;
  }

  async idle(): Promise<void> {
    while (this.tracked.size) await Promise.all([...this.tracked]);
  }

  /** Event-loop utilization of the last complete window. */
  private busy(): boolean {
    const delta = performance.eventLoopUtilization(performance.eventLoopUtilization(), this.mark);
    if (delta.idle + delta.active >= this.opts.windowMs) {
      this.mark = performance.eventLoopUtilization();
      this.utilization = delta.utilization;
    }
    return this.utilization > this.opts.maxUtilization;
  }

  private pump(): void {
    while (this.active < this.opts.concurrency && this.waiting.length) {
      if (this.busy()) {
        this.retry ??= setTimeout(() => {
          this.retry = undefined;
          this.pump();
        }, this.opts.windowMs / 5);
        return;
      }
      const job = this.waiting.shift() as () => Promise<void>;
      this.active += 1;
      let timer: NodeJS.Timeout | undefined;
      const slow = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          this.logger.warn(
            { afterMs: this.opts.slotTimeoutMs },
            'slack event work still running; freeing its slot',
          );
          resolve();
        }, this.opts.slotTimeoutMs);
        timer.unref();
      });
      void Promise.race([job(), slow]).finally(() => {
        clearTimeout(timer);
        this.active -= 1;
        this.pump();
      });
    }
  }
}
