import { checkSendDeadline, currentSendDeadline } from '../../core/deadline.ts';

/**
 * Outgoing Slack calls, one FIFO queue per conversation: posts are paced to Slack's ~1 message
 * per second per channel (with a small burst), a 429 waits exactly its Retry-After, and a 5xx,
 * timeout or network failure is retried with exponential backoff. A slow or rate-limited channel
 * only delays its own queue; every other channel keeps moving. Nothing is dropped until the
 * attempts run out, and then the caller gets the error.
 */

export interface Timing {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** 0..1; spreads retries so replicas do not retry in lockstep. */
  random(): number;
}

export interface QueueOptions {
  /** Minimum spacing of paced calls (chat.postMessage) in one channel. */
  intervalMs: number;
  /** How many paced calls may go out back to back before spacing applies. */
  burst: number;
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Calls in flight at once over all conversations (paced waits do not count). */
  maxInFlight: number;
  timing: Timing;
  onRetry?(info: { key: string; attempt: number; delayMs: number; error: unknown }): void;
}

export const realTiming: Timing = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      // Unref'd: a pending retry must not keep a stopping process alive.
      setTimeout(resolve, ms).unref();
    }),
  random: Math.random,
};

/**
 * A few quick attempts only: what still fails goes back to the outbox, which retries durably with
 * its own backoff (a call here never holds a message hostage for minutes in memory).
 */
export const DEFAULT_QUEUE: QueueOptions = {
  intervalMs: 1000,
  burst: 3,
  maxAttempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxInFlight: 64,
  timing: realTiming,
};

const RETRYABLE_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Seconds to wait when the error is a rate limit; undefined otherwise. */
function retryAfterSeconds(err: unknown): number | undefined {
  const e = err as { code?: string; retryAfter?: unknown; statusCode?: unknown; retryAfterSec?: unknown };
  if (e?.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number') return e.retryAfter;
  if (typeof e?.retryAfterSec === 'number') return e.retryAfterSec;
  return undefined;
}

/** True for failures worth another try: rate limits, 5xx/408, timeouts, network errors. */
export function isRetryable(err: unknown): boolean {
  if (retryAfterSeconds(err) !== undefined) return true;
  const e = err as { code?: string; statusCode?: unknown; data?: { error?: unknown } };
  switch (e?.code) {
    case 'slack_webapi_request_error':
      return true;
    case 'slack_webapi_http_error':
      return typeof e.statusCode === 'number' && (e.statusCode >= 500 || e.statusCode === 408);
    case 'slack_webapi_platform_error':
      return RETRYABLE_PLATFORM_ERRORS.has(String(e.data?.error));
    default:
      return typeof e?.statusCode === 'number' && (e.statusCode >= 500 || e.statusCode === 429);
  }
}

/** The delay before attempt `attempt + 1`, or null to give up. */
export function retryDelay(err: unknown, attempt: number, opts: QueueOptions): number | null {
  if (attempt >= opts.maxAttempts || !isRetryable(err)) return null;
  const after = retryAfterSeconds(err);
  if (after !== undefined) return Math.max(after, 1) * 1000;
  const exp = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exp * (0.8 + 0.4 * opts.timing.random()));
}

export class SendQueues {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** GCRA "theoretical arrival time" per key: when the next paced call is due without burst. */
  private readonly due = new Map<string, number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private calling = 0;
  private readonly slots: (() => void)[] = [];

  constructor(private readonly opts: QueueOptions = DEFAULT_QUEUE) {}

  /** Waits for one of the `maxInFlight` call slots. */
  private async slot(): Promise<() => void> {
    const limit = this.opts.maxInFlight ?? Number.POSITIVE_INFINITY;
    if (this.calling >= limit) await new Promise<void>((resolve) => this.slots.push(resolve));
    this.calling++;
    return () => {
      this.calling--;
      this.slots.shift()?.();
    };
  }

  /** Runs `call` after everything queued before it under `key`; `paced` calls obey the per-channel rate. */
  run<T>(key: string, paced: boolean, call: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const until = currentSendDeadline();
    const job = previous.then(() => this.attempt(key, paced, call, until));
    const tail = job.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    this.inFlight.add(tail);
    void tail.then(() => {
      this.inFlight.delete(tail);
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return job;
  }

  /** Resolves once every queued call has finished (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private async attempt<T>(key: string, paced: boolean, call: () => Promise<T>, until?: number): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      if (paced) await this.pace(key);
      const free = await this.slot();
      try {
        checkSendDeadline(until);
      } catch (err) {
        free();
        throw err;
      }
      let outcome: { ok: true; value: T } | { ok: false; error: unknown };
      try {
        outcome = { ok: true, value: await call() };
      } catch (error) {
        outcome = { ok: false, error };
      } finally {
        free();
      }
      if (outcome.ok) return outcome.value;
      const delayMs = retryDelay(outcome.error, attempt, this.opts);
      if (delayMs === null) throw outcome.error;
      this.opts.onRetry?.({ key, attempt, delayMs, error: outcome.error });
      await this.opts.timing.sleep(delayMs);
    }
  }

  private async pace(key: string): Promise<void> {
    const { intervalMs, burst, timing } = this.opts;
    const now = timing.now();
    const due = Math.max(this.due.get(key) ?? now, now);
    this.due.set(key, due + intervalMs);
    const wait = due - now - (burst - 1) * intervalMs;
    if (wait > 0) await timing.sleep(wait);
  }
}
