/**
 * The delivery journal: what makes an ack a promise. A platform records each delivery here
 * before it acknowledges it, and finishes it when the work behind it is done. While the work runs
 * the journal renews the delivery's lease; if the process dies, the lease runs out and a sweep
 * (here or on another replica) claims the delivery and replays it. The event's unit of work deletes
 * the row together with the work's own changes (dispatcher.ts) and records the event id, so a
 * replay of a delivery whose work committed does nothing, and one whose work was lost does it once.
 */
import { randomBytes } from 'node:crypto';
import type { DeliveryRow, Repositories } from '../../db/repositories/index.ts';
import type { Clock } from '../core/clock.ts';
import type { DeliveryLedger, Replayable, Sweeper } from '../core/delivery.ts';
import type { Logger } from '../core/logger.ts';

export interface JournalOptions {
  /** How long a delivery is held without renewal before another process may replay it. */
  leaseMs: number;
  /** Replays of one delivery before it is given up (logged and dropped). */
  maxAttempts: number;
  /** Deliveries claimed per sweep. */
  batch: number;
}

export const DEFAULT_JOURNAL: JournalOptions = { leaseMs: 60_000, maxAttempts: 5, batch: 50 };

export function createDeliveryJournal(deps: {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  platform: string;
  /** Who holds the leases this journal takes (the process's instance id); a fresh id by default. */
  owner?: string;
  options?: Partial<JournalOptions>;
}) {
  const { repos, clock, logger, platform } = deps;
  const owner = deps.owner ?? `journal:${randomBytes(6).toString('hex')}`;
  const opts = { ...DEFAULT_JOURNAL, ...deps.options };
  const inflight = new Set<string>();
  /** Keys of the journal write in flight: theirs may be committed before `accept` has answered. */
  const accepting = new Set<string>();
  const lease = () => new Date(clock.now().getTime() + opts.leaseMs);

  // Accepts arriving while a write is in flight go together in the next one: under load an ack
  // waits for one round trip however many arrive at once.
  type Waiting = { key: string; body: unknown; done: (fresh: boolean) => void; fail: (err: unknown) => void };
  let waiting: Waiting[] = [];
  let writing: Promise<void> | undefined;
  async function write(): Promise<void> {
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      const seen = new Set<string>();
      const unique = batch.filter((w) => !seen.has(w.key) && seen.add(w.key));
      for (const w of unique) accepting.add(w.key);
      try {
        const fresh = await repos.deliveries.accept(platform, unique, lease(), owner);
        // A key twice in one batch: the first is the delivery, the second its duplicate.
        for (const w of batch) {
          const isNew = fresh.delete(w.key);
          if (isNew) inflight.add(w.key);
          w.done(isNew);
        }
      } catch (err) {
        // The INSERT may have committed all the same (its answer lost): such rows are ours but
        // handled by nobody, and the next renewal hands them back (see renew).
        for (const w of batch) w.fail(err);
      } finally {
        for (const w of unique) accepting.delete(w.key);
      }
    }
    writing = undefined;
  }

  // Finished deliveries are forgotten in batches too: one DELETE for all that finish meanwhile.
  let finished: string[] = [];
  let forgetting: Promise<void> | undefined;
  async function forget(): Promise<void> {
    while (finished.length) {
      const keys = finished;
      finished = [];
      try {
        await repos.deliveries.finish(platform, keys);
        for (const key of keys) inflight.delete(key);
      } catch (err) {
        // Still in flight: the lease keeps being renewed, and the next finish retries these.
        logger.error({ err, count: keys.length }, 'could not finish deliveries');
        finished.push(...keys);
        break;
      }
    }
    forgetting = undefined;
  }

  const journal = {
    options: opts,

    /** Records a delivery before its ack; false when the same delivery is already pending. */
    async accept(key: string, body: unknown): Promise<boolean> {
      return new Promise<boolean>((done, fail) => {
        waiting.push({ key, body, done, fail });
        if (!writing) writing = write();
      });
    },

    /** The delivery's row was deleted in its unit of work: stop renewing it. */
    settled(key: string): void {
      inflight.delete(key);
    },

    /** The work behind a delivery is done (or failed for good): forget it. */
    finish(key: string): Promise<void> {
      finished.push(key);
      forgetting ??= forget();
      return forgetting;
    },

    /**
     * Keeps the leases of deliveries handled here from running out. A row this journal holds but
     * nothing here handles (its INSERT's answer was lost, a claim that failed half-way, a
     * delivery given back) is handed back at once instead: any replica's next sweep replays it.
     */
    async renew(): Promise<void> {
      if (!inflight.size) return;
      const held = await repos.deliveries.renew(platform, owner, lease());
      const strays = held.filter((key) => !inflight.has(key) && !accepting.has(key));
      if (strays.length) {
        logger.warn(
          { platform, deliveries: strays.length },
          'handing back deliveries held here that nothing handles',
        );
        await repos.deliveries.release(platform, owner, strays, clock.now());
      }
    },

    /**
     * The work behind a delivery could not be done now (the database failing): stop holding it,
     * so a sweep replays it (here or on another replica). Best effort: when the database cannot
     * take even this, the next renewal hands it back.
     */
    async release(key: string): Promise<void> {
      inflight.delete(key);
      await repos.deliveries
        .release(platform, owner, [key], clock.now())
        .catch((err: unknown) => logger.warn({ err, key }, 'could not hand back a delivery yet'));
    },

    /** Deliveries whose process died: claimed for replay here (those past maxAttempts are dropped). */
    async claimExpired(): Promise<Replayable[]> {
      const rows: DeliveryRow[] = await repos.deliveries.claimExpired(
        platform,
        clock.now(),
        lease(),
        opts.batch,
        owner,
      );
      const out: Replayable[] = [];
      for (const row of rows) {
        if (inflight.has(row.key)) continue;
        if (row.attempts > opts.maxAttempts) {
          logger.error({ key: row.key, attempts: row.attempts }, 'delivery failed too often; dropping it');
          await repos.deliveries.finish(platform, [row.key]);
          continue;
        }
        inflight.add(row.key);
        out.push({ key: row.key, body: row.body, attempts: row.attempts });
      }
      return out;
    },

    /** Deliveries accepted here and not finished yet. */
    get inflight(): number {
      return inflight.size;
    },

    sweeper(replay: (delivery: Replayable) => Promise<void>): Sweeper {
      let running: Promise<void> | undefined;
      const pass = async () => {
        try {
          await journal.renew();
          // A crashed process can leave hundreds behind: replay a batch at a time (its deliveries
          // run side by side, each in its conversation's lane) until a batch comes back short.
          for (;;) {
            const batch = await journal.claimExpired();
            if (batch.length)
              logger.warn(
                { platform, deliveries: batch.length },
                'replaying deliveries a stopped process left',
              );
            await Promise.all(
              batch.map((d) =>
                replay(d).catch((err: unknown) => logger.error({ err, key: d.key }, 'replay failed')),
              ),
            );
            if (batch.length < opts.batch) break;
            await journal.renew();
          }
        } catch (err) {
          logger.error({ err, platform }, 'delivery sweep failed');
        }
      };
      const sweep = () => {
        running ??= pass().finally(() => {
          running = undefined;
        });
        return running;
      };
      const timer = setInterval(() => void sweep(), Math.max(1_000, opts.leaseMs / 3));
      timer.unref();
      void sweep();
      return {
        sweep,
        idle: async () => {
          await running;
        },
        async stop() {
          clearInterval(timer);
          await running;
        },
      };
    },
  };
  return journal satisfies DeliveryLedger;
}

export type DeliveryJournal = ReturnType<typeof createDeliveryJournal>;
