import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/core/duration.ts';

describe('durations', () => {
  it('parses the config forms', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration('1w')).toBe(604_800_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration(' 2H ')).toBe(7_200_000);
  });

  it('parses units spelled out, in Chinese, and decimal amounts', () => {
    const cases: [string, number][] = [
      ['90min', 90 * 60_000],
      ['2hours', 7_200_000],
      ['1hr30mins', 5_400_000],
      ['3days', 259_200_000],
      ['45secs', 45_000],
      ['2weeks', 1_209_600_000],
      ['30分钟', 1_800_000],
      ['2小时', 7_200_000],
      ['2个小时', 7_200_000],
      ['1小时30分', 5_400_000],
      ['3天', 259_200_000],
      ['1周', 604_800_000],
      ['1个星期', 604_800_000],
      ['10秒', 10_000],
      ['1.5h', 5_400_000],
      ['0.5天', 43_200_000],
      ['1.5小时', 5_400_000],
    ];
    for (const [text, ms] of cases) expect(parseDuration(text), text).toBe(ms);
  });

  it('rejects what is not a duration', () => {
    // `2时` and `3日` read as a time of day and a date in Chinese, so they are not durations.
    for (const bad of [
      '',
      '15',
      'm',
      '15x',
      '-5m',
      '0s',
      '0.0001s',
      'two hours',
      '5ms',
      '2时',
      '3日',
      '1.h',
      '2h30',
    ])
      expect(parseDuration(bad), bad).toBeNull();
  });

  it('reads zero only when asked to', () => {
    for (const zero of ['0m', '0min', '0分钟', '0.0h']) {
      expect(parseDuration(zero, true), zero).toBe(0);
      expect(parseDuration(zero), zero).toBeNull();
    }
    expect(parseDuration('0x', true)).toBeNull();
  });

  it('formats back to the shortest exact form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_061_000)).toBe('1d1h1m1s');
    expect(formatDuration(0)).toBe('0s');
    for (const s of ['15m', '2h', '3d', '1h30m']) expect(formatDuration(parseDuration(s) ?? 0)).toBe(s);
  });
});
