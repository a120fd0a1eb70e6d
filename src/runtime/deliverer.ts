/**
 * The delivering loop of the outbox. Rows this process wrote arrive here right after their commit
 * (already leased to it); rows nobody holds (a crashed replica's, a postponed retry now due) are
 * claimed by a sweep, head of their subject first. Rows are delivered in lanes, one per subject:
 * in id order within a lane, every lane independent, so a slow or rate-limited channel only holds up
 * its own subjects. Nothing here waits for anything but the chat API, and nothing that waits for
 * the chat API holds back a timer, a ticket or another channel.
 *
 * Failures: a permanent one (the bot is not in the channel) gives the row up, logged; a passing one
 * (429, 5xx, timeout, a platform not running) puts it back with backoff and releases the rest of
 * its lane, which waits behind it. Leases are renewed while rows wait here, and released on stop.
 */
import type { OutboxRow, Repositories } from '../../db/repositories/index.ts';
import type { Clock } from '../core/clock.ts';
import { withSendDeadline } from '../core/deadline.ts';
import type { Form } from '../core/form.ts';
import type { Logger } from '../core/logger.ts';
import type { Counter, Histogram, Registry } from '../core/metrics.ts';
import type { LiveRegistry } from './live.ts';
import type { MessengerDirectory } from './messengers.ts';
import type { OutboxSink } from './outbox.ts';
import { failureAnswer, OutboxOps, type Outcome, outcomeOf } from './outbox-ops.ts';

export interface DelivererOptions {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  messengers: MessengerDirectory;
  live: LiveRegistry;
  /** The form of a session (for `form` rows). */
  loadForm(sessionId: string): Promise<Form | null>;
  instanceId: string;
  registry?: Registry;
  leaseMs?: number;
  /** How often unheld due rows are looked for (and leases renewed, every third of a lease). */
  sweepMs?: number;
  claimBatch?: number;
  /** Rows held in memory at most; the sweep claims no more beyond it. */
  maxHeld?: number;
  /** A row still failing this long after it was written is given up. */
  maxAgeMs?: number;
}

interface Lane {
  rows: OutboxRow[];
  running: boolean;
}

/** Tries at marking a batch sent before assuming it was (see finishBatch). */
const FINISH_ATTEMPTS = 5;

export class Deliverer implements OutboxSink {
  readonly instanceId: string;
  readonly leaseMs: number;
  private readonly opts: Required<Omit<DelivererOptions, 'registry'>> & { registry?: Registry };
  private readonly lanes = new Map<string, Lane>();
  private readonly held = new Map<number, OutboxRow>();
  private waiting: OutboxRow[] = [];
  private checking: Promise<void> | undefined;
  private finishing: { id: number; revision: number }[] = [];
  private flushing: Promise<void> | undefined;
  private readonly active = new Set<Promise<void>>();
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;
  private lastRenew = 0;
  private stopped = false;
  private readonly delivered?: Counter;
  private readonly seconds?: Histogram;
  private readonly ops: OutboxOps;

  constructor(options: DelivererOptions) {
    this.opts = {
      leaseMs: 60_000,
      sweepMs: 1_000,
      claimBatch: 200,
      maxHeld: 5_000,
      maxAgeMs: 24 * 3_600_000,
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as DelivererOptions),
    } as Deliverer['opts'];
    this.instanceId = options.instanceId;
    this.ops = new OutboxOps(this.opts);
    this.leaseMs = this.opts.leaseMs;
    if (options.registry) {
      this.delivered = options.registry.counter(
        'sopbot_outbox_delivered_total',
        'Outbox rows delivered, by platform, operation and outcome',
      );
      this.seconds = options.registry.histogram(
        'sopbot_outbox_delivery_seconds',
        'Time to deliver one outbox row',
      );
      const held = options.registry.gauge(
        'sopbot_outbox_held',
        'Outbox rows held by this process for delivery',
      );
      held.collect(() => held.set(this.held.size));
    }
  }

  /** Starts the sweep (rows nobody holds: after a restart, another replica's, retries now due). */
  start(): void {
    this.stopped = false;
    this.scheduleSweep(0);
  }

  /** Stops sweeping, lets lanes in flight finish (up to `graceMs`), and releases every held row. */
  async stop(graceMs = 5_000): Promise<void> {
    this.stopped = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    await this.sweeping?.catch(() => {});
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
    await Promise.race([this.idle(), grace]);
    await this.flush();
    const left = [...this.held.keys()];
    this.held.clear();
    this.lanes.clear();
    await this.opts.repos.outbox.release(left, this.instanceId).catch((err: unknown) => {
      this.opts.logger.warn(
        { err, rows: left.length },
        'could not release outbox rows (their lease will expire)',
      );
    });
  }

  /** Resolves when nothing is waiting, delivering or being finished here. */
  async idle(): Promise<void> {
    for (;;) {
      const work = [...this.active, this.checking, this.flushing, this.sweeping].filter(Boolean);
      if (!work.length && !this.waiting.length && !this.finishing.length) return;
      await Promise.all(work.map((p) => (p as Promise<unknown>).catch(() => {})));
      if (!work.length) await new Promise((r) => setImmediate(r));
    }
  }

  /** Sweeps now (tests; a stopped replica's rows after their lease). */
  async sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => {
      this.sweeping = undefined;
    });
    await this.sweeping;
    await this.idle();
  }

  /** Rows this process wrote, leased to it and committed: deliver them in their lanes. */
  accept(rows: OutboxRow[]): void {
    if (this.stopped) return;
    for (const row of rows) {
      if (this.held.has(row.id)) continue;
      this.held.set(row.id, row);
      this.waiting.push(row);
    }
    this.checking ??= new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.admit())
      .finally(() => {
        this.checking = undefined;
        if (this.waiting.length) this.accept([]);
      });
  }

  /**
   * Puts waiting rows in their lanes. A lane that is not running here yet may have an older row
   * elsewhere (another replica's, or one waiting for a retry): then its rows are given back and
   * wait for the sweep, which only ever takes the head of a subject.
   */
  private async admit(): Promise<void> {
    const batch = this.waiting.sort((a, b) => a.id - b.id);
    this.waiting = [];
    const fresh = new Map<string, number>();
    for (const row of batch) {
      if (!this.lanes.has(row.subject) && !fresh.has(row.subject)) fresh.set(row.subject, row.id);
    }
    let blocked = new Set<string>();
    if (fresh.size) {
      const lanes = [...fresh].map(([subject, minId]) => ({ subject, minId }));
      blocked = await this.opts.repos.outbox.blockedSubjects(lanes).catch((err: unknown) => {
        this.opts.logger.warn({ err }, 'outbox head check failed; lanes wait for the sweep');
        return new Set(fresh.keys());
      });
    }
    const give: number[] = [];
    for (const row of batch) {
      if (blocked.has(row.subject)) {
        give.push(row.id);
        this.held.delete(row.id);
        continue;
      }
      const lane = this.lanes.get(row.subject) ?? { rows: [], running: false };
      this.lanes.set(row.subject, lane);
      lane.rows.push(row);
      if (!lane.running) this.run(row.subject, lane);
    }
    if (give.length) await this.opts.repos.outbox.release(give, this.instanceId).catch(() => {});
  }

  private run(subject: string, lane: Lane): void {
    lane.running = true;
    const job = this.drain(subject, lane).finally(() => {
      this.active.delete(job);
    });
    this.active.add(job);
  }

  private async drain(subject: string, lane: Lane): Promise<void> {
    try {
      while (lane.rows.length && !this.stopped) {
        const row = lane.rows.shift() as OutboxRow;
        const started = performance.now();
        const outcome = await this.deliverOne(row);
        this.seconds?.observe((performance.now() - started) / 1000);
        this.delivered?.inc({ platform: row.platform, op: row.op, outcome: outcome.kind });
        if (outcome.kind === 'sent') {
          this.finishing.push({ id: row.id, revision: row.revision });
          this.flushing ??= this.flush();
          continue;
        }
        this.held.delete(row.id);
        if (outcome.kind === 'lost') {
          this.opts.logger.warn(
            { id: row.id, subject },
            'outbox row taken over by another process; not sent here',
          );
          continue;
        }
        if (outcome.kind === 'failed') {
          this.opts.logger.error(
            { id: row.id, op: row.op, subject, error: outcome.error },
            'outbox row given up',
          );
          await this.opts.repos.outbox
            .fail(row.id, this.instanceId, outcome.error, this.opts.clock.now())
            .catch(() => {});
          await this.fallback(row, outcome.cause ?? new Error(outcome.error));
          continue;
        }
        const error = outcome.kind === 'retry' ? outcome.error : null;
        if (error)
          this.opts.logger.warn({ id: row.id, op: row.op, subject, error }, 'outbox row will be retried');
        await this.opts.repos.outbox
          .postpone(row.id, this.instanceId, outcome.until, error, outcome.kind === 'retry')
          .catch(() => {});
        // The rest of the lane waits behind its head: back to the table, for the sweep.
        const rest = lane.rows.splice(0).map((r) => r.id);
        for (const id of rest) this.held.delete(id);
        await this.opts.repos.outbox.release(rest, this.instanceId).catch(() => {});
        if (outcome.kind === 'defer')
          this.scheduleSweep(Math.max(0, outcome.until.getTime() - this.opts.clock.now().getTime()));
      }
    } finally {
      lane.running = false;
      if (lane.rows.length && !this.stopped) this.run(subject, lane);
      else if (this.lanes.get(subject) === lane) this.lanes.delete(subject);
    }
  }

  /** A row that failed for good says its `onFail` answer instead (to whoever asked for it). */
  private async fallback(row: OutboxRow, cause: unknown): Promise<void> {
    const answer = failureAnswer(row, cause);
    if (!answer) return;
    const now = this.opts.clock.now();
    const lease = { by: this.instanceId, until: new Date(now.getTime() + this.leaseMs) };
    const rows = await this.opts.repos
      .transaction((r) => r.outbox.insert([{ ...answer, dueAt: now }], now, lease))
      .catch((err: unknown) => {
        this.opts.logger.error({ err }, 'could not queue a failure answer');
        return [];
      });
    this.accept(rows);
  }

  /**
   * Marks a batch sent. A failure here (a deadlock with a transaction writing refreshes of the
   * same rows, a failover) would let the lease run out and the rows be sent again, so it is retried
   * a few times before giving up; only then are they assumed sent and logged as possibly doubled.
   */
  private async finishBatch(batch: { id: number; revision: number }[]): Promise<Set<number>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.opts.repos.outbox.finish(batch, this.opts.clock.now());
      } catch (err) {
        if (attempt >= FINISH_ATTEMPTS) {
          this.opts.logger.error(
            { err, rows: batch.length },
            'could not mark outbox rows sent (they may be sent again)',
          );
          return new Set(batch.map((b) => b.id));
        }
        this.opts.logger.warn(
          { err, rows: batch.length, attempt },
          'marking outbox rows sent failed; retrying',
        );
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }

  /** Marks delivered rows sent, in batches; a row whose revision moved on is delivered again. */
  private async flush(): Promise<void> {
    try {
      while (this.finishing.length) {
        const batch = this.finishing;
        this.finishing = [];
        const done = await this.finishBatch(batch);
        const again = batch.filter((b) => !done.has(b.id)).map((b) => b.id);
        for (const b of batch) if (done.has(b.id)) this.held.delete(b.id);
        if (again.length) {
          const rows = await this.opts.repos.outbox.byIds(again);
          for (const id of again) this.held.delete(id);
          this.accept(rows.filter((r) => r.status === 'pending' && r.claimedBy === this.instanceId));
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  private scheduleSweep(delay: number): void {
    if (this.stopped) return;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    this.sweepTimer = setTimeout(
      () => {
        this.sweeping ??= this.sweepOnce()
          .catch((err: unknown) => this.opts.logger.error({ err }, 'outbox sweep failed'))
          .finally(() => {
            this.sweeping = undefined;
            this.scheduleSweep(this.opts.sweepMs);
          });
      },
      Math.min(delay, this.opts.sweepMs),
    );
    this.sweepTimer.unref();
  }

  private async sweepOnce(): Promise<void> {
    const { repos, clock } = this.opts;
    const now = clock.now();
    const until = new Date(now.getTime() + this.leaseMs);
    if (Date.now() - this.lastRenew > this.leaseMs / 3 && this.held.size) {
      this.lastRenew = Date.now();
      await repos.outbox.renew([...this.held.keys()], this.instanceId, until);
      for (const row of this.held.values()) row.claimedUntil = until;
    }
    const room = this.opts.maxHeld - this.held.size;
    const platforms = this.opts.messengers.list().map((m) => m.platform);
    if (room <= 0 || !platforms.length) return;
    const heads = await repos.outbox.claimHeads(
      now,
      Math.min(room, this.opts.claimBatch),
      platforms,
      this.instanceId,
      until,
    );
    if (!heads.length) return;
    const rest = await repos.outbox.claimFollowers(
      [...new Set(heads.map((h) => h.subject))],
      now,
      this.instanceId,
      until,
    );
    this.accept([...heads, ...rest]);
  }

  // ---------- one row ----------

  private async deliverOne(row: OutboxRow): Promise<Outcome> {
    const now = this.opts.clock.now();
    const messenger = this.opts.messengers.get(row.platform);
    if (!messenger) {
      // Another process runs that platform: leave the row to it, quietly.
      return { kind: 'defer', until: new Date(now.getTime() + this.opts.sweepMs * 5) };
    }
    // A process that was frozen (or starved) past its lease may no longer hold the row: another
    // replica may have claimed and sent it meanwhile. Send only what is still ours.
    if (row.claimedUntil && row.claimedUntil.getTime() <= now.getTime()) {
      const until = new Date(now.getTime() + this.leaseMs);
      const still = await this.opts.repos.outbox.reclaim(row.id, this.instanceId, until).catch(() => false);
      if (!still) return { kind: 'lost' };
      row.claimedUntil = until;
    }
    try {
      // Sends start only while the lease holds (a queued call checks again just before it starts).
      const leftMs = row.claimedUntil ? row.claimedUntil.getTime() - now.getTime() : null;
      if (leftMs === null) await this.ops.perform(row, messenger);
      else await withSendDeadline(Date.now() + leftMs, () => this.ops.perform(row, messenger));
      return { kind: 'sent' };
    } catch (err) {
      return outcomeOf(err, row, now, this.opts.maxAgeMs);
    }
  }
}
