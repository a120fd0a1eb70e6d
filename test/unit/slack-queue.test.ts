import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DeadlinePassed, withSendDeadline } from '../../src/core/deadline.ts';
import { KeyedQueue } from '../../src/platforms/feishu/queue.ts';
import { DEFAULT_QUEUE, isRetryable, SendQueues, type Timing } from '../../src/platforms/slack/queue.ts';
import { parseSlackBody, verifySlackSignature } from '../../src/platforms/slack/receiver.ts';

/** Virtual time: sleeping records the delay and moves the clock, or parks until released. */
function virtualTiming(park = false) {
  let now = 0;
  const slept: number[] = [];
  const parked: (() => void)[] = [];
  const timing: Timing = {
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return park ? new Promise((resolve) => parked.push(resolve)) : Promise.resolve();
    },
    random: () => 0.5,
  };
  return { timing, slept, parked };
}

const rateLimited = (s: number) =>
  Object.assign(new Error('429'), { code: 'slack_webapi_rate_limited_error', retryAfter: s });
const http500 = () => Object.assign(new Error('500'), { code: 'slack_webapi_http_error', statusCode: 500 });
const platform = (error: string) =>
  Object.assign(new Error(error), { code: 'slack_webapi_platform_error', data: { error } });

describe('slack send queue', () => {
  it('waits exactly Retry-After on 429 and backs off exponentially on 5xx', async () => {
    const { timing, slept } = virtualTiming();
    const queues = new SendQueues({ ...DEFAULT_QUEUE, timing });
    const failures = [rateLimited(3), http500(), http500()];
    let calls = 0;
    const result = await queues.run('C1', false, async () => {
      calls += 1;
      const f = failures.shift();
      if (f) throw f;
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(slept).toEqual([3000, 2000, 4000]);
  });

  it('does not retry errors that will not heal, and gives up after maxAttempts', async () => {
    const { timing } = virtualTiming();
    const queues = new SendQueues({ ...DEFAULT_QUEUE, timing, maxAttempts: 3 });
    await expect(queues.run('C1', false, () => Promise.reject(platform('invalid_blocks')))).rejects.toThrow(
      'invalid_blocks',
    );
    let calls = 0;
    await expect(
      queues.run('C1', false, () => {
        calls += 1;
        return Promise.reject(http500());
      }),
    ).rejects.toThrow('500');
    expect(calls).toBe(3);
    expect(isRetryable(platform('ratelimited'))).toBe(true);
    expect(isRetryable(Object.assign(new Error('t'), { code: 'slack_webapi_request_error' }))).toBe(true);
  });

  it('paces one channel after a burst, keeps order, and never delays another channel', async () => {
    const { timing, slept, parked } = virtualTiming(true);
    const queues = new SendQueues({ ...DEFAULT_QUEUE, timing, burst: 2, intervalMs: 1000 });
    const order: string[] = [];
    const send = (key: string, id: string) =>
      queues.run(key, true, async () => {
        order.push(id);
        return id;
      });
    const a = [send('C1', 'a1'), send('C1', 'a2'), send('C1', 'a3')];
    const b = send('C2', 'b1');
    await Promise.all([a[0], a[1], b]);
    // C1 is now parked on its pacing delay; C2 went out regardless.
    expect([...order].sort()).toEqual(['a1', 'a2', 'b1']);
    expect(order.indexOf('a1')).toBeLessThan(order.indexOf('a2'));
    expect(slept).toEqual([1000]);
    parked.shift()?.();
    await a[2];
    expect(order.at(-1)).toBe('a3');
    await queues.idle();
    expect(queues.pending).toBe(0);
  });
});

describe('slack request verification', () => {
  const secret = 'shh';
  const body = Buffer.from('token=x&text=hi');
  const sign = (ts: string, b = body) =>
    `v0=${createHmac('sha256', secret).update(`v0:${ts}:${b.toString()}`).digest('hex')}`;

  it('accepts a fresh correct signature and refuses wrong, stale, future or missing ones', () => {
    expect(verifySlackSignature(secret, '1000', sign('1000'), body, 1000 + 299)).toBe(true);
    expect(verifySlackSignature('other', '1000', sign('1000'), body, 1000)).toBe(false);
    expect(verifySlackSignature(secret, '1000', sign('1000'), body, 1000 + 301)).toBe(false);
    expect(verifySlackSignature(secret, '1000', sign('1000'), body, 1000 - 301)).toBe(false);
    expect(verifySlackSignature(secret, '1000', sign('1000'), Buffer.from('token=x&text=ho'), 1000)).toBe(
      false,
    );
    expect(verifySlackSignature(secret, undefined, sign('1000'), body, 1000)).toBe(false);
    expect(verifySlackSignature(secret, '1e3', sign('1e3'), body, 1000)).toBe(false);
  });

  it('parses JSON, forms and payload= forms; refuses other types', () => {
    expect(parseSlackBody(Buffer.from('{"type":"event_callback"}'), 'application/json')).toEqual({
      type: 'event_callback',
    });
    expect(parseSlackBody(body, 'application/x-www-form-urlencoded')).toEqual({ token: 'x', text: 'hi' });
    const payload = `payload=${encodeURIComponent('{"type":"block_actions"}')}`;
    expect(parseSlackBody(Buffer.from(payload), 'application/x-www-form-urlencoded; charset=utf-8')).toEqual({
      type: 'block_actions',
    });
    expect(parseSlackBody(body, 'text/plain')).toBeNull();
    expect(parseSlackBody(Buffer.from('{bad'), 'application/json')).toBeNull();
  });

  it('does not start a call queued under a deadline that has passed (a lease that ran out)', async () => {
    const queues = new SendQueues({ ...DEFAULT_QUEUE, intervalMs: 200, burst: 1 });
    const made: string[] = [];
    const call = (name: string) => async () => {
      made.push(name);
    };
    // Three posts in one channel, paced 200 ms apart; their sends must start within 300 ms.
    const until = Date.now() + 300;
    const results = await withSendDeadline(until, () =>
      Promise.allSettled([
        queues.run('C1', true, call('a')),
        queues.run('C1', true, call('b')),
        queues.run('C1', true, call('c')),
      ]),
    );
    expect(made).toEqual(['a', 'b']);
    expect(results[2]?.status === 'rejected' && results[2].reason).toBeInstanceOf(DeadlinePassed);
    // Outside any deadline nothing is held back.
    await queues.run('C1', true, call('d'));
    expect(made).toEqual(['a', 'b', 'd']);
  });
});

describe('feishu send queue', () => {
  it('does not start a call queued under a deadline that has passed', async () => {
    const queue = new KeyedQueue(200);
    const made: string[] = [];
    const results = await withSendDeadline(Date.now() + 300, () =>
      Promise.allSettled(['a', 'b', 'c'].map((n) => queue.run('chat:1', async () => void made.push(n)))),
    );
    expect(made).toEqual(['a', 'b']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  });
});
