import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone,
  localDate,
  zonedParts,
  zonedToInstant,
  zoneOffsetMs,
} from '../../src/core/zoned-time.ts';

const LA = 'America/Los_Angeles';
const SH = 'Asia/Shanghai';
const HOUR = 3_600_000;

describe('zonedParts', () => {
  it('reads the wall clock and weekday in the zone', () => {
    const t = new Date('2026-03-06T09:00:00Z'); // Friday 17:00 in Shanghai, Friday 01:00 in LA
    expect(zonedParts(t, SH)).toEqual({
      year: 2026,
      month: 3,
      day: 6,
      hour: 17,
      minute: 0,
      second: 0,
      weekday: 5,
    });
    expect(zonedParts(t, LA)).toEqual({
      year: 2026,
      month: 3,
      day: 6,
      hour: 1,
      minute: 0,
      second: 0,
      weekday: 5,
    });
  });

  it('crosses the date line in the zone, not in UTC', () => {
    const t = new Date('2026-03-07T23:30:45Z'); // Sunday 07:30:45 in Shanghai
    expect(zonedParts(t, SH)).toMatchObject({ day: 8, hour: 7, minute: 30, second: 45, weekday: 0 });
  });

  it('shows midnight as hour 0', () => {
    expect(zonedParts(new Date('2026-01-01T16:00:00Z'), SH)).toMatchObject({ month: 1, day: 2, hour: 0 });
  });

  it('follows LA across both DST transitions', () => {
    expect(zonedParts(new Date('2026-03-08T09:59:00Z'), LA)).toMatchObject({ hour: 1, minute: 59 });
    expect(zonedParts(new Date('2026-03-08T10:00:00Z'), LA)).toMatchObject({ hour: 3, minute: 0 });
    expect(zonedParts(new Date('2026-11-01T08:30:00Z'), LA)).toMatchObject({ hour: 1, minute: 30 });
    expect(zonedParts(new Date('2026-11-01T09:30:00Z'), LA)).toMatchObject({ hour: 1, minute: 30 });
  });
});

describe('zoneOffsetMs', () => {
  it('gives the UTC offset in force', () => {
    expect(zoneOffsetMs(new Date('2026-07-01T00:00:00Z'), SH)).toBe(8 * HOUR);
    expect(zoneOffsetMs(new Date('2026-03-08T09:59:59Z'), LA)).toBe(-8 * HOUR);
    expect(zoneOffsetMs(new Date('2026-03-08T10:00:00Z'), LA)).toBe(-7 * HOUR);
    expect(zoneOffsetMs(Date.parse('2026-03-08T10:00:00.999Z'), LA)).toBe(-7 * HOUR);
  });
});

describe('zonedToInstant', () => {
  it('converts ordinary wall times', () => {
    expect(zonedToInstant({ year: 2026, month: 3, day: 9, hour: 10, minute: 0 }, SH).toISOString()).toBe(
      '2026-03-09T02:00:00.000Z',
    );
    const summer = zonedToInstant({ year: 2026, month: 7, day: 1, hour: 9, minute: 15, second: 30 }, LA);
    expect(summer.toISOString()).toBe('2026-07-01T16:15:30.000Z');
  });

  it('moves a wall time inside the spring-forward gap past the gap (02:30 -> 03:30 PDT)', () => {
    const t = zonedToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, LA);
    expect(t.toISOString()).toBe('2026-03-08T10:30:00.000Z');
    expect(zonedParts(t, LA)).toMatchObject({ hour: 3, minute: 30 });
    expect(zonedToInstant({ year: 2026, month: 3, day: 8, hour: 2, minute: 0 }, LA).toISOString()).toBe(
      '2026-03-08T10:00:00.000Z',
    );
  });

  it('picks the earlier instant for an ambiguous fall-back wall time', () => {
    const t = zonedToInstant({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, LA);
    expect(t.toISOString()).toBe('2026-11-01T08:30:00.000Z'); // 01:30 PDT, not 01:30 PST
    expect(zonedToInstant({ year: 2026, month: 11, day: 1, hour: 2, minute: 0 }, LA).toISOString()).toBe(
      '2026-11-01T10:00:00.000Z',
    );
  });

  it('normalises out-of-range fields like Date.UTC (day 32 is the 1st of next month)', () => {
    expect(zonedToInstant({ year: 2026, month: 1, day: 32, hour: 0, minute: 0 }, SH).toISOString()).toBe(
      '2026-01-31T16:00:00.000Z',
    );
  });

  it('inverts zonedParts every 15 minutes around both LA transitions', () => {
    for (const around of ['2026-03-08T10:00:00Z', '2026-11-01T09:00:00Z']) {
      const center = Date.parse(around);
      for (let t = center - 36 * HOUR; t <= center + 36 * HOUR; t += 15 * 60_000) {
        const back = zonedToInstant(zonedParts(new Date(t), LA), LA).getTime();
        // Only the second pass of the repeated fall-back hour maps to the earlier instant.
        const repeated = t >= Date.parse('2026-11-01T09:00:00Z') && t < Date.parse('2026-11-01T10:00:00Z');
        expect(back, new Date(t).toISOString()).toBe(repeated ? t - HOUR : t);
      }
    }
  });
});

describe('localDate', () => {
  it('is the zone-local calendar date', () => {
    const t = new Date('2026-09-30T16:30:00Z');
    expect(localDate(t, SH)).toBe('2026-10-01');
    expect(localDate(t, LA)).toBe('2026-09-30');
    expect(localDate(t, 'UTC')).toBe('2026-09-30');
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and rejects junk', () => {
    expect(isValidTimeZone(LA)).toBe(true);
    expect(isValidTimeZone(SH)).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
