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

  it('rejects what is not a duration', () => {
    for (const bad of ['', '15', 'm', '15x', '-5m', '1.5h', '0s', 'two hours'])
      expect(parseDuration(bad), bad).toBeNull();
  });

  it('formats back to the shortest exact form', () => {
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_061_000)).toBe('1d1h1m1s');
    expect(formatDuration(0)).toBe('0s');
    for (const s of ['15m', '2h', '3d', '1h30m']) expect(formatDuration(parseDuration(s) ?? 0)).toBe(s);
  });
});
