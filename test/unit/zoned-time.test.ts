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

/** The zone's wall clock at `ms`, asked of Intl directly, as the cached path must reproduce it. */
function intlWall(ms: number, timeZone: string): number[] {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return [get('year'), get('month'), get('day'), get('hour') % 24, get('minute'), get('second')];
}

describe('cached offsets', () => {
  // Quarter-hour zones, half-hour DST (Lord Howe), negative DST (Dublin), Newfoundland's
  // transitions at 00:01 local, and pre-1900 local mean time with odd seconds: the cache must
  // never show a wall clock Intl would not.
  const zones = [
    LA,
    SH,
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'Europe/Dublin',
    'Pacific/Chatham',
    'America/St_Johns',
    'America/New_York',
  ];

  it('agrees with Intl second by second around transitions and at random instants', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const from = Date.UTC(1850, 0, 1);
    const to = Date.UTC(2040, 0, 1);
    for (const zone of zones) {
      const instants: number[] = [];
      for (let i = 0; i < 400; i++) instants.push(Math.floor(from + random() * (to - from)));
      // Every 7 minutes and 13 seconds across 2026's transitions in both hemispheres.
      for (let t = Date.UTC(2026, 2, 25); t < Date.UTC(2026, 3, 8); t += 433_000) instants.push(t);
      for (let t = Date.UTC(2026, 9, 1); t < Date.UTC(2026, 9, 8); t += 433_000) instants.push(t);
      for (const ms of instants) {
        const p = zonedParts(new Date(ms), zone);
        expect(
          [p.year, p.month, p.day, p.hour, p.minute, p.second],
          `${zone} ${new Date(ms).toISOString()}`,
        ).toEqual(intlWall(ms, zone));
      }
    }
  });

  it('is exact across transitions off the quarter hour (Goose Bay at 00:01 local, New York leaving LMT)', () => {
    const GOOSE = 'America/Goose_Bay';
    // 1990-04-01 00:01 AST (04:01Z): clocks went to 01:01 ADT.
    expect(zoneOffsetMs(Date.UTC(1990, 3, 1, 4, 0, 59), GOOSE)).toBe(-4 * HOUR);
    expect(zoneOffsetMs(Date.UTC(1990, 3, 1, 4, 1), GOOSE)).toBe(-3 * HOUR);
    for (let t = Date.UTC(1990, 3, 1, 3, 50); t < Date.UTC(1990, 3, 1, 4, 20); t += 7_000) {
      const p = zonedParts(new Date(t), GOOSE);
      expect([p.year, p.month, p.day, p.hour, p.minute, p.second]).toEqual(intlWall(t, GOOSE));
    }
    // Local mean time with odd seconds: New York was UTC-4:56:02 until 1883-11-18.
    expect(zoneOffsetMs(Date.UTC(1883, 10, 18, 12), 'America/New_York')).toBe(
      -(4 * 3600 + 56 * 60 + 2) * 1000,
    );
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
