import { describe, expect, it } from 'vitest';
import { LaneQueue } from '../../src/runtime/lanes.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('lane queue (the work behind the acks, per conversation)', () => {
  it('keeps one lane in order, and a quiet lane does not wait behind a busy one', async () => {
    const queue = new LaneQueue({ concurrency: 1, maxUtilization: 1, windowMs: 50 });
    const log: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    void queue.push('busy', async () => {
      log.push('busy 1 start');
      await gate;
      log.push('busy 1 end');
    });
    for (const n of [2, 3, 4]) void queue.push('busy', async () => void log.push(`busy ${n}`));
    void queue.push('quiet', async () => void log.push('quiet'));
    await tick();
    release();
    await queue.idle();
    // Round robin: after busy's first job, the quiet lane runs before busy's backlog.
    expect(log).toEqual(['busy 1 start', 'busy 1 end', 'quiet', 'busy 2', 'busy 3', 'busy 4']);
  });

  it('runs interactive work ahead of background work, and a failing job does not stop its lane', async () => {
    const queue = new LaneQueue({ concurrency: 1, maxUtilization: 1, windowMs: 50 });
    const log: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    void queue.push('a', async () => {
      await gate;
      log.push('first');
    });
    void queue.push('b', async () => void log.push('intake'), 'background');
    void queue.push('c', async () => void log.push('click'), 'interactive');
    void queue.push('a', async () => {
      log.push('boom');
      throw new Error('boom');
    });
    void queue.push('a', async () => void log.push('after boom'));
    expect(queue.size).toBe(5);
    await tick();
    release();
    await queue.idle();
    expect(log.indexOf('click')).toBeLessThan(log.indexOf('intake'));
    expect(log.slice(-2)).toEqual(['boom', 'after boom']);
    expect(queue.size).toBe(0);
  });
});
