/**
 * Work behind the acks, scheduled per conversation: one FIFO lane per key (a channel), lanes served
 * round-robin by a fixed number of workers, interactive work (a click, a command, a form) ahead of
 * background work (intake messages, reactions). One busy channel therefore never delays another:
 * its backlog waits in its own lane while every other lane gets the next free worker. A job never
 * waits for the chat API (what it says goes to the outbox), so a worker is held only for the
 * database work of one event.
 *
 * A job also never starts while the event loop is busier than `maxUtilization` over the last short
 * window: acks share the loop with this work, and Slack wants its ack within 3 s whatever the
 * backlog.
 */
import { performance } from 'node:perf_hooks';

export type LanePriority = 'interactive' | 'background';

interface Job {
  run: () => Promise<void>;
  priority: LanePriority;
}

interface Lane {
  key: string;
  jobs: Job[];
  queued: boolean;
  running: boolean;
}

export interface LaneOptions {
  concurrency: number;
  /** 0..1: event-loop utilization above which no new job starts (1 = never hold back). */
  maxUtilization: number;
  /** Length of the utilization window, ms. */
  windowMs: number;
}

export const DEFAULT_LANES: LaneOptions = { concurrency: 8, maxUtilization: 0.7, windowMs: 50 };

/**
 * How busy this process's event loop was over the last short window. The work behind the acks
 * (lanes here, the outbox's deliveries) holds back while it is over a bound, so acks, which share
 * the loop, stay fast whatever the backlog.
 */
export class LoopGauge {
  private mark = performance.eventLoopUtilization();
  private utilization = 0;

  constructor(private readonly windowMs = 50) {}

  /** The loop's utilization (0..1) over the latest complete window. */
  now(): number {
    const delta = performance.eventLoopUtilization(performance.eventLoopUtilization(), this.mark);
    if (delta.idle + delta.active >= this.windowMs) {
      this.mark = performance.eventLoopUtilization();
      this.utilization = delta.utilization;
    }
    return this.utilization;
  }

  /** Resolves once the loop is at or under `max` (checked every fifth of a window). */
  async below(max: number): Promise<void> {
    while (max < 1 && this.now() > max) await new Promise((r) => setTimeout(r, this.windowMs / 5));
  }
}

export class LaneQueue {
  private readonly lanes = new Map<string, Lane>();
  private readonly ready: Record<LanePriority, Lane[]> = { interactive: [], background: [] };
  private readonly tracked = new Set<Promise<void>>();
  private active = 0;
  private readonly gauge: LoopGauge;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly opts: LaneOptions = DEFAULT_LANES,
    gauge?: LoopGauge,
  ) {
    this.gauge = gauge ?? new LoopGauge(opts.windowMs);
  }

  /** Queues `run` on lane `key`; resolves when it has run (it never rejects: failures are the job's). */
  push(key: string, run: () => Promise<void>, priority: LanePriority = 'background'): Promise<void> {
    const done = new Promise<void>((resolve) => {
      const job: Job = {
        priority,
        run: () =>
          run().then(
            () => resolve(),
            () => resolve(),
          ),
      };
      const lane = this.lanes.get(key) ?? { key, jobs: [], queued: false, running: false };
      this.lanes.set(key, lane);
      lane.jobs.push(job);
      this.enqueue(lane);
    });
    this.tracked.add(done);
    void done.then(() => this.tracked.delete(done));
    setImmediate(() => this.pump());
    return done;
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.tracked.size;
  }

  async idle(): Promise<void> {
    while (this.tracked.size) await Promise.all([...this.tracked]);
  }

  private enqueue(lane: Lane): void {
    if (lane.queued || lane.running || !lane.jobs.length) return;
    lane.queued = true;
    this.ready[(lane.jobs[0] as Job).priority].push(lane);
  }

  private busy(): boolean {
    return this.opts.maxUtilization < 1 && this.gauge.now() > this.opts.maxUtilization;
  }

  private pump(): void {
    while (this.active < this.opts.concurrency) {
      const lane = this.ready.interactive.shift() ?? this.ready.background.shift();
      if (!lane) return;
      if (this.busy()) {
        this.ready[(lane.jobs[0] as Job).priority].unshift(lane);
        this.retry ??= setTimeout(() => {
          this.retry = undefined;
          this.pump();
        }, this.opts.windowMs / 5);
        return;
      }
      lane.queued = false;
      const job = lane.jobs.shift() as Job;
      lane.running = true;
      this.active += 1;
      void job.run().finally(() => {
        this.active -= 1;
        lane.running = false;
        if (lane.jobs.length) this.enqueue(lane);
        else this.lanes.delete(lane.key);
        this.pump();
      });
    }
  }
}
