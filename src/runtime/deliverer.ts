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
import { DeadlinePassed, withSendDeadline } from '../core/deadline.ts';
import { isCodedError, renderError } from '../core/errors.ts';
import type { Conversation, MessageRef, ReplyTarget } from '../core/events.ts';
import type { Form } from '../core/form.ts';
import { isLocale, translator } from '../core/i18n/index.ts';
import type { Logger } from '../core/logger.ts';
import type { OutgoingMessage, Reply } from '../core/message.ts';
import { DeliveryError, type Messenger, type Urgency } from '../core/messenger.ts';
import type { Counter, Histogram, Registry } from '../core/metrics.ts';
import type { LiveRegistry } from './live.ts';
import type { MessengerDirectory } from './messengers.ts';
import type { OutboxSink, Target } from './outbox.ts';

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

type Outcome =
  | { kind: 'sent' }
  /** The lease ran out and another process holds the row now: it is theirs to send. */
  | { kind: 'lost' }
  | { kind: 'defer'; until: Date }
  | { kind: 'retry'; until: Date; error: string }
  | { kind: 'failed'; error: string; cause?: unknown };

interface Lane {
  rows: OutboxRow[];
  running: boolean;
}

/** Backoff after the n-th failed attempt: 2 s, 4 s, 8 s … capped at 5 minutes, with ±20% jitter. */
export function outboxRetryMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Tries at marking a batch sent before assuming it was (see finishBatch). */
const FINISH_ATTEMPTS = 5;

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

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
    const onFail = (row.payload as { onFail?: { target: ReplyTarget; text: string; locale: string } }).onFail;
    if (!onFail) return;
    const t = translator(isLocale(onFail.locale) ? onFail.locale : 'en');
    const text = `${onFail.text}\n${renderError(cause, t).text}`;
    const now = this.opts.clock.now();
    const lease = { by: this.instanceId, until: new Date(now.getTime() + this.leaseMs) };
    const rows = await this.opts.repos
      .transaction((r) =>
        r.outbox.insert(
          [
            {
              subject: `fail:${row.id}`,
              platform: row.platform,
              op: 'respond',
              payload: { target: onFail.target, reply: { visibility: 'ephemeral', message: { text } } },
              dueAt: now,
            },
          ],
          now,
          lease,
        ),
      )
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
      if (leftMs === null) await this.perform(row, messenger);
      else await withSendDeadline(Date.now() + leftMs, () => this.perform(row, messenger));
      return { kind: 'sent' };
    } catch (err) {
      if (err instanceof Deferred) return { kind: 'defer', until: err.until };
      if (err instanceof DeadlinePassed) return { kind: 'lost' };
      const permanent = (err instanceof DeliveryError && err.permanent) || isCodedError(err);
      const error = describe(err);
      if (permanent) return { kind: 'failed', error, cause: err };
      if (now.getTime() - row.createdAt.getTime() > this.opts.maxAgeMs) {
        return {
          kind: 'failed',
          error: `still failing after ${Math.round(this.opts.maxAgeMs / 3_600_000)} h: ${error}`,
        };
      }
      const asked = err instanceof DeliveryError ? (err.retryAfterMs ?? 0) : 0;
      const wait = Math.max(asked, outboxRetryMs(row.attempts + 1));
      return { kind: 'retry', until: new Date(now.getTime() + wait), error };
    }
  }

  private async perform(row: OutboxRow, m: Messenger): Promise<void> {
    const p = row.payload as Record<string, unknown>;
    switch (row.op) {
      case 'post':
        await m.post(await this.where(p.to as Target, row), await this.hydrate(p.message as OutgoingMessage));
        return;
      case 'update':
        await m.update(p.ref as MessageRef, await this.hydrate(p.message as OutgoingMessage));
        return;
      case 'ephemeral':
        await m.ephemeral(
          await this.where(p.to as Target, row),
          String(p.userId),
          await this.hydrate(p.message as OutgoingMessage),
        );
        return;
      case 'direct':
        await m.direct(
          String(p.userId),
          await this.hydrate(p.message as OutgoingMessage),
          (p.urgency as Urgency) ?? 'normal',
        );
        return;
      case 'respond': {
        const reply = p.reply as Reply;
        await m.respond(p.target as ReplyTarget, { ...reply, message: await this.hydrate(reply.message) });
        return;
      }
      case 'form': {
        const form = await this.opts.loadForm(String(p.sessionId));
        if (!form) return; // the form was withdrawn: nothing to send
        await m.sendForm(
          p.to as { userId: string },
          form,
          String(p.sessionId),
          await this.hydrate(p.intro as OutgoingMessage),
        );
        return;
      }
      case 'live':
        await this.live(row, m, p);
        return;
      default:
        throw new DeliveryError(`unknown outbox operation ${row.op}`, true);
    }
  }

  private async live(row: OutboxRow, m: Messenger, p: Record<string, unknown>): Promise<void> {
    const { repos, clock, live } = this.opts;
    const subject = String(p.live);
    const renderer = live.of(subject);
    if (!renderer) throw new DeliveryError(`no live renderer for ${subject}`, true);
    const existing = await repos.live.get(subject);
    if (existing && existing.platform !== row.platform) return;
    if (!existing && p.mode !== 'post') return; // not posted yet: its post renders the latest state
    const now = clock.now();
    if (existing?.editedAt) {
      const next = existing.editedAt.getTime() + m.editIntervalMs;
      if (next > now.getTime()) throw new Deferred(new Date(next));
    }
    const rendered = await renderer.render(subject, row.platform);
    if (!rendered) return; // the subject is gone
    const message = await this.hydrate(rendered.message);
    if (existing) {
      const ref: MessageRef = { channelId: existing.channelId, messageId: existing.messageId };
      if (existing.threadId) ref.threadId = existing.threadId;
      await m.update(ref, message);
      await repos.live.edited(subject, clock.now());
      return;
    }
    const target = (p.to as Target | undefined) ?? rendered.to;
    if (!target) throw new DeliveryError(`live message ${subject} has nowhere to go`, true);
    const to = await this.where(target, row);
    const ref = await m.post(to, message);
    const fresh = await repos.live.insert({
      subject,
      platform: row.platform,
      channelId: ref.channelId,
      messageId: ref.messageId,
      threadId: to.threadId ?? null,
      postedAt: clock.now(),
    });
    if (!fresh) this.opts.logger.warn({ subject }, 'live message was posted twice');
    await renderer.posted?.(subject, ref, row.platform);
  }

  /** A target as a conversation: `threadOf` is the thread of that subject's live message. */
  private async where(target: Target, row: OutboxRow): Promise<Conversation> {
    if (!('threadOf' in target)) return target;
    const found = await this.opts.repos.live.get(target.threadOf);
    if (found) return { channelId: found.channelId, threadId: found.threadId ?? found.messageId };
    const fallback = await this.opts.live.of(target.threadOf)?.conversation?.(target.threadOf);
    if (fallback) return fallback;
    if (row.attempts >= 3) throw new DeliveryError(`${target.threadOf} has no thread to post in`, true);
    throw new Error(`${target.threadOf} has no thread yet`);
  }

  /** Loads the bytes of the message's images (stored as blobs). */
  private async hydrate(message: OutgoingMessage): Promise<OutgoingMessage> {
    const blocks = message.card?.blocks;
    const ids = blocks?.flatMap((b) =>
      b.kind === 'image' && b.image.blobId && !b.image.data ? [b.image.blobId] : [],
    );
    if (!ids?.length || !message.card) return message;
    const rows = new Map((await this.opts.repos.blobs.getMany(ids)).map((b) => [b.id, b.bytes]));
    const filled = (blocks ?? []).map((b) =>
      b.kind === 'image' && b.image.blobId
        ? { ...b, image: { ...b.image, data: rows.get(b.image.blobId) } }
        : b,
    );
    return { ...message, card: { ...message.card, blocks: filled } };
  }
}

/** Thrown inside a delivery that must wait without counting as a failure (an edit's rate limit). */
class Deferred extends Error {
  constructor(readonly until: Date) {
    super('deferred');
  }
}
