import { describe, expect, it } from 'vitest';
import { backoffMs, KeyedQueue, type Timer } from '../../src/platforms/feishu/queue.ts';

/** A timer that never waits: it records each sleep and moves its clock forward by it. */
function fakeTimer() {
  const sleeps: number[] = [];
  let now = 1000;
  const timer: Timer = {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
  return { timer, sleeps, advance: (ms: number) => (now += ms) };
}

describe('KeyedQueue (5 QPS per chat / per message)', () => {
  it('runs one key in order, spacing starts by the interval', async () => {
    const { timer, sleeps } = fakeTimer();
    const q = new KeyedQueue(200, timer);
    const started: [string, number][] = [];
    const task = (name: string) => async () => {
      started.push([name, timer.now()]);
      return name;
    };
    const results = await Promise.all([
      q.run('chat:a', task('1')),
      q.run('chat:a', task('2')),
      q.run('chat:a', task('3')),
    ]);
    expect(results).toEqual(['1', '2', '3']);
    expect(started).toEqual([
      ['1', 1000],
      ['2', 1200],
      ['3', 1400],
    ]);
    expect(sleeps).toEqual([200, 200]);
  });

  it('keeps keys independent and does not wait once the interval has passed', async () => {
    const { timer, sleeps, advance } = fakeTimer();
    const q = new KeyedQueue(200, timer);
    await Promise.all([q.run('chat:a', async () => 1), q.run('chat:b', async () => 2)]);
    expect(sleeps).toEqual([]);
    advance(500);
    await q.run('chat:a', async () => 3);
    expect(sleeps).toEqual([]);
  });

  it('a failing call rejects its caller only; the next call still runs', async () => {
    const { timer } = fakeTimer();
    const q = new KeyedQueue(200, timer);
    const failed = q.run('k', async () => {
      throw new Error('boom');
    });
    const next = q.run('k', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
    expect(q.busyKeys()).toEqual([]);
  });
});

describe('backoff', () => {
  const policy = { attempts: 8, baseMs: 500, maxMs: 30_000 };
  it('grows exponentially with jitter and is capped', () => {
    for (let attempt = 1; attempt <= 10; attempt++) {
      const ms = backoffMs(policy, attempt);
      const full = Math.min(30_000, 500 * 2 ** (attempt - 1));
      expect(ms).toBeGreaterThanOrEqual(full / 2);
      expect(ms).toBeLessThanOrEqual(full);
    }
  });
  it('waits at least as long as the platform asked, up to the cap', () => {
    expect(backoffMs(policy, 1, 5_000)).toBe(5_000);
    expect(backoffMs(policy, 1, 120_000)).toBe(30_000);
  });
});
