/**
 * The durable timer scheduler. Every deadline, warning, escalation step, re-ping, countdown edit,
 * handoff, cron slot and release reminder is a row in `timers`. A tick probes for due rows (one
 * index probe on the partial index when nothing is due); then workers each take a chunk in its own
 * transaction with `FOR UPDATE SKIP LOCKED` (replicas and workers take disjoint rows, never wait on
 * each other), fire it — each module's job checks its timers are still live, runs one step, writes
 * successors and what to say (outbox rows, delivered after the commit by the outbox's own loop: a
 * tick never waits for the chat API) — marks the timers done and commits. A crash rolls the
 * transaction back: the timers fire again, once.
 *
 * Generic: modules register their timer kinds (`TimerJob`); cron jobs (cron.ts) are one of them.
 * The loop ticks every second and wakes up early for the next due time.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import type { NewTimerRow, Repositories, RepositorySet, TimerRow } from '../../db/repositories/index.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Counter, Histogram, Registry } from '../core/metrics.ts';

export interface FireContext {
  repos: RepositorySet;
  now: Date;
  /** Lateness above which a firing counts as late (and says so). */
  lateAfterMs: number;
}

/** What a step did with one timer: fired (with successors), stale (nothing to do), or not yet. */
export type FireResult = { status: 'fired' | 'stale'; next?: NewTimerRow[] } | { deferUntil: Date };

/**
 * One family of timer kinds and how to fire them, a chunk at a time, inside the transaction that
 * holds the timer rows. Jobs lock further rows (tickets) in id order and never wait on timer rows;
 * what they say goes to the outbox in the same transaction (`OutboxWriter.sayIn(ctx.repos, …)`).
 */
export interface TimerJob {
  kinds: readonly string[];
  /** One result per timer id; timers missing from the map count as stale. */
  fire(timers: TimerRow[], ctx: FireContext): Promise<Map<number, FireResult>>;
}

/**
 * A check each replica runs on an interval, outside the timer table. Only for watchdogs that must
 * run even when timers do not (the stall auditor); anything that should happen once goes in a cron
 * job instead.
 */
export interface PeriodicTask {
  name: string;
  everyMs: number;
  run(now: Date): Promise<void>;
}

export interface TickReport {
  claimed: number;
  fired: number;
  stale: number;
  deferred: number;
  failed: number;
  late: number;
}

export interface SchedulerOptions {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  registry?: Registry;
  /** Chunks fired in parallel (1 on PGlite: one session; default: the cores, 2 to 8). */
  concurrency?: number;
  /** Timers per transaction. */
  chunk?: number;
  leaseMs?: number;
  tickMs?: number;
  lateAfterMs?: number;
  /** Attempts before a failing timer is given up (marked failed, logged as an error). */
  maxAttempts?: number;
  instanceId?: string;
}

/** Backoff after the n-th failed attempt: 2s, 4s, 8s … capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(300_000, 1000 * 2 ** Math.max(1, attempts));
}

function emptyReport(): TickReport {
  return { claimed: 0, fired: 0, stale: 0, deferred: 0, failed: 0, late: 0 };
}

type Settings = Required<Omit<SchedulerOptions, 'registry' | 'instanceId'>>;

export class Scheduler {
  readonly instanceId: string;
  private readonly jobs = new Map<string, TimerJob>();
  private readonly periodic: PeriodicTask[] = [];
  private readonly startHooks: (() => Promise<void>)[] = [];
  private readonly opts: Settings;
  private readonly firedTotal?: Counter;
  private readonly tickSeconds?: Histogram;
  private handle: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private intervals: NodeJS.Timeout[] = [];
  private running: Promise<unknown> = Promise.resolve();
  private started = false;
  private stopping = false;
  private ticking = false;

  constructor(options: SchedulerOptions) {
    this.opts = {
      // Firing is CPU work on both sides of the socket: more workers than cores only thrash.
      concurrency: Math.max(2, Math.min(8, availableParallelism())),
      chunk: 200,
      leaseMs: 60_000,
      tickMs: 1_000,
      lateAfterMs: 5_000,
      maxAttempts: 12,
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as SchedulerOptions),
    };
    this.instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    if (options.registry) {
      this.firedTotal = options.registry.counter(
        'sopbot_timers_fired_total',
        'Timers fired, by kind and outcome',
      );
      this.tickSeconds = options.registry.histogram(
        'sopbot_timer_tick_seconds',
        'Duration of one scheduler tick',
      );
    }
  }

  register(job: TimerJob): this {
    for (const kind of job.kinds) {
      if (this.jobs.has(kind)) throw new Error(`timer kind registered twice: ${kind}`);
      this.jobs.set(kind, job);
    }
    return this;
  }

  every(task: PeriodicTask): this {
    this.periodic.push(task);
    return this;
  }

  /** The periodic tasks registered so far (what `start` will run). */
  get tasks(): readonly PeriodicTask[] {
    return this.periodic;
  }

  /** The timer kinds registered so far. */
  get kinds(): string[] {
    return [...this.jobs.keys()];
  }

  /** Work to do once when the scheduler starts (ensure handoff timers and cron slots exist). */
  onStart(hook: () => Promise<void>): this {
    this.startHooks.push(hook);
    return this;
  }

  /** Runs the start hooks, then the tick loop and the periodic tasks until `stop`. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.runStartHooks();
    for (const task of this.periodic) {
      const h = setInterval(() => {
        task
          .run(this.opts.clock.now())
          .catch((err: unknown) => this.opts.logger.error({ err, task: task.name }, 'periodic task failed'));
      }, task.everyMs);
      h.unref();
      this.intervals.push(h);
    }
    this.schedule(0);
  }

  async runStartHooks(): Promise<void> {
    for (const hook of this.startHooks) await hook();
  }

  /** Stops the loop and waits for the tick in flight (its transactions finish or roll back). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.handle) clearTimeout(this.handle);
    for (const h of this.intervals) clearInterval(h);
    this.intervals = [];
    await this.running.catch(() => {});
  }

  /**
   * A timer was planned for `at`: wake up then if that is before the next scheduled tick. Called
   * inside the planning transaction, it takes effect once that commits (before, the row is not
   * visible to the tick).
   */
  wake(at: Date): void {
    this.opts.repos.afterCommit(() => {
      if (!this.started || this.stopping || this.ticking) return; // the loop reads the next due time after a tick
      const delay = Math.max(0, at.getTime() - this.opts.clock.now().getTime());
      if (Date.now() + delay < this.wakeAt) this.schedule(delay);
    });
  }

  private schedule(delay: number): void {
    if (this.stopping) return;
    if (this.handle) clearTimeout(this.handle);
    this.wakeAt = Date.now() + delay;
    this.handle = setTimeout(() => {
      this.wakeAt = Number.POSITIVE_INFINITY;
      this.running = this.loop();
    }, delay);
    this.handle.unref();
  }

  private async loop(): Promise<void> {
    this.ticking = true;
    let delay = this.opts.tickMs;
    try {
      await this.tick();
      const next = await this.opts.repos.timers.nextDue();
      if (next) delay = Math.min(delay, Math.max(0, next.getTime() - this.opts.clock.now().getTime()));
    } catch (err) {
      this.opts.logger.error({ err }, 'scheduler tick failed');
    }
    this.ticking = false;
    this.schedule(delay);
  }

  /** Fires everything due now; returns what happened. Tests call this directly with a ManualClock. */
  async tick(): Promise<TickReport> {
    const report = emptyReport();
    const started = performance.now();
    const now = this.opts.clock.now();
    if (!this.stopping && (await this.opts.repos.timers.anyDue(now))) {
      const worker = async () => {
        while (!this.stopping && (await this.fireNext(now, report)) > 0) {}
      };
      await Promise.all(Array.from({ length: this.opts.concurrency }, worker));
    }
    this.tickSeconds?.observe((performance.now() - started) / 1000);
    return report;
  }

  /**
   * One transaction: lock the next due timers (skipping rows other schedulers hold), fire them,
   * commit. Returns how many timers it took (0: none due).
   */
  private async fireNext(now: Date, report: TickReport, ids?: number[]): Promise<number> {
    let taken: TimerRow[] = [];
    let results: Map<number, FireResult>;
    try {
      results = await this.opts.repos.transaction(async (r) => {
        taken = ids ? await r.timers.lockDue(ids, now) : await r.timers.lockNextDue(now, this.opts.chunk);
        return this.fireLocked(taken, r, now);
      });
    } catch (err) {
      if (taken.length > 1) {
        // One bad timer must not hold the others back: retry each on its own.
        for (const row of taken) await this.fireNext(now, report, [row.id]);
      } else if (taken[0]) await this.failed(taken[0], now, err, report);
      else throw err;
      return taken.length;
    }
    report.claimed += taken.length;
    for (const row of taken) this.count(row, results.get(row.id), now, report);
    return taken.length;
  }

  /** Fires locked timers job by job; finishes them and writes their successors. */
  private async fireLocked(rows: TimerRow[], r: RepositorySet, now: Date): Promise<Map<number, FireResult>> {
    const results = new Map<number, FireResult>();
    const byJob = new Map<TimerJob | null, TimerRow[]>();
    for (const row of rows) {
      const job = this.jobs.get(row.kind) ?? null;
      const list = byJob.get(job);
      if (list) list.push(row);
      else byJob.set(job, [row]);
    }
    const failed: number[] = [];
    for (const [job, list] of byJob) {
      if (!job) {
        this.opts.logger.error({ kinds: list.map((x) => x.kind) }, 'no job for timer kind');
        failed.push(...list.map((x) => x.id));
        continue;
      }
      const fired = await job.fire(list, { repos: r, now, lateAfterMs: this.opts.lateAfterMs });
      for (const row of list) results.set(row.id, fired.get(row.id) ?? { status: 'stale' });
    }
    const done: Record<'fired' | 'stale', number[]> = { fired: [], stale: [] };
    const next: NewTimerRow[] = [];
    for (const [id, res] of results) {
      if ('deferUntil' in res) await r.timers.postpone(id, res.deferUntil, null, false);
      else {
        done[res.status].push(id);
        next.push(...(res.next ?? []));
      }
    }
    await r.timers.finish(done.fired, 'fired', now, this.instanceId);
    await r.timers.finish(done.stale, 'stale', now, this.instanceId);
    await r.timers.finish(failed, 'failed', now, this.instanceId);
    await r.timers.insert(next, now);
    return results;
  }

  private count(row: TimerRow, result: FireResult | undefined, now: Date, report: TickReport): void {
    if (!result) return;
    if ('deferUntil' in result) {
      report.deferred++;
      return;
    }
    report[result.status]++;
    const lateMs = now.getTime() - row.dueAt.getTime();
    const late = result.status === 'fired' && lateMs > this.opts.lateAfterMs;
    if (late) {
      report.late++;
      this.opts.logger.warn({ kind: row.kind, id: row.id, lateMs }, 'timer fired late');
    }
    this.firedTotal?.inc({ kind: row.kind, outcome: late ? 'late' : result.status });
  }

  private async failed(row: TimerRow, now: Date, err: unknown, report: TickReport): Promise<void> {
    const attempts = row.attempts + 1;
    const message = err instanceof Error ? err.message : String(err);
    report.failed++;
    this.firedTotal?.inc({ kind: row.kind, outcome: 'error' });
    try {
      if (attempts >= this.opts.maxAttempts) {
        this.opts.logger.error({ err, kind: row.kind, id: row.id, attempts }, 'timer gave up');
        await this.opts.repos.timers.postpone(row.id, row.dueAt, message, true);
        await this.opts.repos.timers.finish([row.id], 'failed', now);
      } else {
        this.opts.logger.warn({ err, kind: row.kind, id: row.id, attempts }, 'timer failed, will retry');
        const retryAt = new Date(now.getTime() + retryDelayMs(attempts));
        await this.opts.repos.timers.postpone(row.id, retryAt, message, true);
      }
    } catch (inner) {
      this.opts.logger.error(
        { err: inner, id: row.id },
        'could not record a timer failure (the lease will expire)',
      );
    }
  }
}
