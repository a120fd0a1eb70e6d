import { checkSendDeadline, currentSendDeadline } from '../../core/deadline.ts';

/**
 * Outgoing pacing for the Feishu Messenger. The open platform allows 5 sends per second per
 * chat and 5 card updates per second per message; a KeyedQueue runs the calls for one key
 * (a chat, a message, a user) one after the other, in order, at most one start per interval,
 * so a burst is delayed instead of refused. The retry policy turns 429s and 5xx into waits.
 */

/** Time as the queue and retries see it; tests pass a recording fake instead of sleeping. */
export interface Timer {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

interface Lane {
  tail: Promise<unknown>;
  lastStart: number;
  pending: number;
}

/** Per-key FIFO with a minimum spacing between the starts of consecutive calls. */
export class KeyedQueue {
  private readonly lanes = new Map<string, Lane>();

  constructor(
    private readonly intervalMs: number,
    private readonly timer: Timer = realTimer,
  ) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const lane = this.lanes.get(key) ?? { tail: Promise.resolve(), lastStart: -Infinity, pending: 0 };
    this.lanes.set(key, lane);
    lane.pending++;
    const until = currentSendDeadline();
    const result = lane.tail.then(async () => {
      const wait = lane.lastStart + this.intervalMs - this.timer.now();
      if (wait > 0) await this.timer.sleep(wait);
      checkSendDeadline(until);
      lane.lastStart = this.timer.now();
      return task();
    });
    lane.tail = result
      .catch(() => undefined)
      .finally(() => {
        lane.pending--;
        this.sweep();
      });
    return result;
  }

  /** Forgets idle lanes whose spacing has run out, so per-message keys do not pile up. */
  private sweep(): void {
    if (this.lanes.size < 256) return;
    const now = this.timer.now();
    for (const [key, lane] of this.lanes) {
      if (lane.pending === 0 && now - lane.lastStart >= this.intervalMs) this.lanes.delete(key);
    }
  }

  /** Keys with work queued or running (for tests and metrics). */
  busyKeys(): string[] {
    return [...this.lanes].filter(([, lane]) => lane.pending > 0).map(([key]) => key);
  }
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseMs: 500, maxMs: 30_000 };

/** Exponential backoff with jitter, never shorter than what the platform asked for. */
export function backoffMs(policy: RetryPolicy, attempt: number, askedMs?: number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + Math.random() * (exp / 2);
  return Math.max(jittered, Math.min(askedMs ?? 0, policy.maxMs));
}
