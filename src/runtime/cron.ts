/**
 * Cron jobs: `{ name, cron, timezone, run(slot) }`, for digests, daily prompts and reminders,
 * weekly reviews, scheduled checklists and housekeeping. Firing never relies on an in-process
 * timer of every replica: the next slot of each job is a durable timer (one pending per job, by
 * dedupe key), so exactly one scheduler fires it; firing records the slot in `cron_runs` (a unique
 * key) and the run happens after that commit, outside the timer's transaction. A run's effects
 * commit together with its completion (`ctx.commit`), so a run interrupted by a crash is taken
 * over by another process after its lease and still has its effects exactly once.
 *
 * Catching up: a slot missed while sopbot was down runs once at start, marked late, if it is within
 * the job's catch-up window (default 6 h); older slots are logged as skipped.
 */
import type { Repositories, RepositorySet, TimerRow } from '../../db/repositories/index.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import type { Counter, Registry } from '../core/metrics.ts';
import { type CronSchedule, compileCron, nextOccurrence } from './cron-time.ts';
import type { FireResult, Scheduler, TimerJob } from './scheduler.ts';

export const CRON_TIMER_KIND = 'cron';
const DEFAULT_CATCH_UP_MS = 6 * 3_600_000;
const RUN_LEASE_MS = 5 * 60_000;
const MAX_ATTEMPTS = 5;

/** One slot of a job, as its run sees it. */
export interface CronSlot {
  job: string;
  /** The scheduled instant. */
  at: Date;
  /** How long after `at` the run started; `late` when more than the scheduler's lateness bound. */
  lateMs: number;
  late: boolean;
}

export interface CronRunContext {
  /**
   * Commits the run's effects together with the run's completion, in one transaction: called at
   * most once per run. Throws `CronRunLost` when another process finished this slot meanwhile (its
   * lease ran out): the effects are then not written twice.
   */
  commit<T>(fn: (r: RepositorySet) => Promise<T>): Promise<T>;
}

export interface CronJob {
  /** Unique and stable: it keys the slots (`digest.weekly:support`). */
  name: string;
  /** A 5-field cron expression, in `timezone`. */
  cron: string;
  timezone: string;
  catchUpMs?: number;
  run(slot: CronSlot, ctx: CronRunContext): Promise<void>;
}

export class CronRunLost extends Error {
  constructor(job: string, slot: Date) {
    super(`cron run ${job} @ ${slot.toISOString()} was finished elsewhere`);
    this.name = 'CronRunLost';
  }
}

interface Entry {
  job: CronJob;
  schedule: CronSchedule;
  spec: string;
}

export interface CronOptions {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  scheduler: Scheduler;
  registry?: Registry;
  /** How often claimed runs whose lease ran out are taken over. */
  takeOverEveryMs?: number;
}

function key(name: string): string {
  return `cron:${name}`;
}

export class Cron {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Set<Promise<void>>();
  private readonly runs?: Counter;
  private takeOverTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: CronOptions) {
    opts.scheduler.register(this.timerJob());
    opts.scheduler.onStart(() => this.ensure());
    if (opts.registry)
      this.runs = opts.registry.counter('sopbot_cron_runs_total', 'Cron slots, by job and outcome');
  }

  /** Adds a job (before start). A bad expression throws, naming the job. */
  add(job: CronJob): this {
    if (this.entries.has(job.name)) throw new Error(`cron job registered twice: ${job.name}`);
    this.entries.set(job.name, {
      job,
      schedule: compileCron(job.cron),
      spec: `${job.cron.trim()}|${job.timezone}`,
    });
    return this;
  }

  get jobs(): CronJob[] {
    return [...this.entries.values()].map((e) => e.job);
  }

  /** Starts taking over runs whose process died. */
  start(): void {
    const every = this.opts.takeOverEveryMs ?? 30_000;
    this.takeOverTimer = setInterval(() => void this.takeOver(), every);
    this.takeOverTimer.unref();
    void this.takeOver();
  }

  async stop(): Promise<void> {
    if (this.takeOverTimer) clearInterval(this.takeOverTimer);
    while (this.running.size) await Promise.all([...this.running]);
  }

  /** Resolves when no run started here is still running. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  /**
   * Makes the timer table match the jobs: each job has its next slot planned (an existing one is
   * kept, even overdue: that is a slot missed while down); a job whose expression or zone changed
   * is replanned from now; jobs no longer configured lose their timers.
   */
  async ensure(): Promise<void> {
    const { repos, clock } = this.opts;
    const now = clock.now();
    const planned = new Map((await repos.timers.pendingByKeyPrefix('cron:')).map((t) => [t.dedupeKey, t]));
    const stale: string[] = [];
    const fresh: ReturnType<Cron['slotRow']>[] = [];
    for (const [name, entry] of this.entries) {
      const row = planned.get(key(name));
      planned.delete(key(name));
      if (row && row.payload.spec === entry.spec) continue;
      if (row) stale.push(key(name));
      fresh.push(this.slotRow(entry, nextOccurrence(entry.schedule, entry.job.timezone, now)));
    }
    stale.push(...[...planned.keys()].filter((k): k is string => Boolean(k)));
    await repos.transaction(async (r) => {
      await r.timers.cancelByKeys(stale);
      await r.timers.insert(fresh, now);
    });
    const first = fresh.reduce<Date | null>((m, t) => (!m || t.dueAt < m ? t.dueAt : m), null);
    if (first) this.opts.scheduler.wake(first);
  }

  private slotRow(entry: Entry, at: Date) {
    return {
      kind: CRON_TIMER_KIND,
      dueAt: at,
      dedupeKey: key(entry.job.name),
      payload: { job: entry.job.name, slot: at.toISOString(), spec: entry.spec },
    };
  }

  private timerJob(): TimerJob {
    return {
      kinds: [CRON_TIMER_KIND],
      fire: async (timers, ctx) => {
        const out = new Map<number, FireResult>();
        for (const timer of timers)
          out.set(timer.id, await this.fireSlot(timer, ctx.repos, ctx.now, ctx.lateAfterMs));
        return out;
      },
    };
  }

  /** A job's slot came due: record it (claimed or skipped), plan the next slot, run after commit. */
  private async fireSlot(
    timer: TimerRow,
    r: RepositorySet,
    now: Date,
    lateAfterMs: number,
  ): Promise<FireResult> {
    const entry = this.entries.get(String(timer.payload.job));
    if (!entry || timer.payload.spec !== entry.spec) return { status: 'stale' };
    const slot = new Date(String(timer.payload.slot));
    const lateMs = Math.max(0, now.getTime() - slot.getTime());
    const catchUp = entry.job.catchUpMs ?? DEFAULT_CATCH_UP_MS;
    const skip = lateMs > catchUp;
    const claimed = await r.cron.claim({
      job: entry.job.name,
      slot,
      status: skip ? 'skipped' : 'claimed',
      lateMs,
      by: this.opts.scheduler.instanceId,
      until: skip ? null : new Date(now.getTime() + RUN_LEASE_MS),
      at: now,
    });
    // The next slot: after this one, but not one already past the catch-up window.
    let next = nextOccurrence(entry.schedule, entry.job.timezone, slot);
    if (next.getTime() < now.getTime() - catchUp) {
      next = nextOccurrence(entry.schedule, entry.job.timezone, new Date(now.getTime() - catchUp));
      this.opts.logger.warn(
        { job: entry.job.name, from: slot, resumesAt: next },
        'cron slots missed while down were skipped',
      );
    }
    const successor = [this.slotRow(entry, next)];
    if (skip) {
      this.opts.logger.warn(
        { job: entry.job.name, slot, lateMs },
        'cron slot skipped: beyond its catch-up window',
      );
      this.runs?.inc({ job: entry.job.name, outcome: 'skipped' });
      return { status: 'fired', next: successor };
    }
    if (!claimed) return { status: 'stale', next: successor };
    const cron: CronSlot = { job: entry.job.name, at: slot, lateMs, late: lateMs > lateAfterMs };
    this.opts.repos.afterCommit(() => this.launch(entry, cron, 0));
    return { status: 'fired', next: successor };
  }

  private launch(entry: Entry, slot: CronSlot, attempts: number): void {
    const job = this.execute(entry, slot, attempts).finally(() => this.running.delete(job));
    this.running.add(job);
  }

  /** Runs a claimed slot; its effects commit with its completion. Failures are retried with backoff. */
  private async execute(entry: Entry, slot: CronSlot, attempts: number): Promise<void> {
    const { repos, clock, logger } = this.opts;
    const by = this.opts.scheduler.instanceId;
    let committed = false;
    const renew = setInterval(() => {
      void repos.cron
        .renew(slot.job, slot.at, by, new Date(clock.now().getTime() + RUN_LEASE_MS))
        .catch(() => {});
    }, RUN_LEASE_MS / 3);
    renew.unref();
    const ctx: CronRunContext = {
      commit: async (fn) => {
        if (committed) throw new Error(`cron run ${slot.job} committed twice`);
        committed = true;
        return repos.transaction(async (r) => {
          if (!(await r.cron.finish(slot.job, slot.at, by, 'done', clock.now())))
            throw new CronRunLost(slot.job, slot.at);
          return fn(r);
        });
      },
    };
    try {
      if (slot.late)
        logger.warn({ job: slot.job, slot: slot.at, lateMs: slot.lateMs }, 'cron slot running late');
      await entry.job.run(slot, ctx);
      if (!committed) await ctx.commit(async () => {});
      this.runs?.inc({ job: slot.job, outcome: slot.late ? 'late' : 'ran' });
    } catch (err) {
      if (err instanceof CronRunLost) {
        logger.warn({ job: slot.job, slot: slot.at }, 'cron run was finished by another process');
        return;
      }
      const tries = attempts + 1;
      this.runs?.inc({ job: slot.job, outcome: 'error' });
      if (tries >= MAX_ATTEMPTS) {
        logger.error({ err, job: slot.job, slot: slot.at, tries }, 'cron run failed; giving up');
        await repos.cron.finish(slot.job, slot.at, by, 'failed', clock.now(), String(err)).catch(() => {});
      } else {
        const wait = Math.min(300_000, 5_000 * 2 ** attempts);
        logger.warn(
          { err, job: slot.job, slot: slot.at, tries, retryInMs: wait },
          'cron run failed; will retry',
        );
        await repos.cron
          .retryLater(slot.job, slot.at, new Date(clock.now().getTime() + wait), String(err))
          .catch(() => {});
      }
    } finally {
      clearInterval(renew);
    }
  }

  /** Runs whose lease ran out (their process died mid-run, or a retry is due) are run here. */
  async takeOver(): Promise<number> {
    const { repos, clock } = this.opts;
    const now = clock.now();
    try {
      const rows = await repos.cron.takeOver(
        now,
        this.opts.scheduler.instanceId,
        new Date(now.getTime() + RUN_LEASE_MS),
      );
      for (const row of rows) {
        const entry = this.entries.get(row.job);
        if (!entry) continue;
        const lateMs = Math.max(0, now.getTime() - row.slot.getTime());
        this.launch(entry, { job: row.job, at: row.slot, lateMs, late: true }, row.attempts);
      }
      return rows.length;
    } catch (err) {
      this.opts.logger.error({ err }, 'cron take-over failed');
      return 0;
    }
  }
}
