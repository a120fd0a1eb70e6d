/**
 * Cron occurrences on a zone's wall clock, around the daylight-saving changes of
 * America/Los_Angeles in 2026 (spring forward 2026-03-08 02:00 → 03:00, fall back 2026-11-01
 * 02:00 → 01:00). Expected instants are written out by hand from the zone's offsets
 * (PST = UTC-8, PDT = UTC-7).
 */
import { describe, expect, it } from 'vitest';
import { compileCron, cronProblem, nextOccurrence, occurrences } from '../../src/runtime/cron-time.ts';

const LA = 'America/Los_Angeles';
const iso = (d: Date) => d.toISOString();

describe('cron occurrences in a zone', () => {
  it('a daily 02:30 job runs once on a spring-forward day, at the first valid minute after the gap', () => {
    const s = compileCron('30 2 * * *');
    const got = occurrences(s, LA, new Date('2026-03-06T12:00:00Z'), new Date('2026-03-10T00:00:00Z')).map(
      iso,
    );
    expect(got).toEqual([
      '2026-03-07T10:30:00.000Z', // 02:30 PST
      '2026-03-08T10:00:00.000Z', // 02:30 does not exist: 03:00 PDT
      '2026-03-09T09:30:00.000Z', // 02:30 PDT
    ]);
  });

  it('a job every 30 minutes through the gap runs at 01:00, 01:30, then 03:00 once', () => {
    const s = compileCron('*/30 * * * *');
    const got = occurrences(s, LA, new Date('2026-03-08T08:45:00Z'), new Date('2026-03-08T10:45:00Z')).map(
      iso,
    );
    expect(got).toEqual([
      '2026-03-08T09:00:00.000Z', // 01:00 PST
      '2026-03-08T09:30:00.000Z', // 01:30 PST
      '2026-03-08T10:00:00.000Z', // 02:00 and 02:30 fall in the gap: 03:00 PDT, once
      '2026-03-08T10:30:00.000Z', // 03:30 PDT
    ]);
  });

  it('a daily 01:30 job runs once on a fall-back day, the first time', () => {
    const s = compileCron('30 1 * * *');
    const got = occurrences(s, LA, new Date('2026-10-31T00:00:00Z'), new Date('2026-11-03T00:00:00Z')).map(
      iso,
    );
    expect(got).toEqual([
      '2026-10-31T08:30:00.000Z', // 01:30 PDT
      '2026-11-01T08:30:00.000Z', // 01:30 PDT, the first of two; not again at 09:30Z (PST)
      '2026-11-02T09:30:00.000Z', // 01:30 PST
    ]);
  });

  it('a daily 02:30 job runs once on a fall-back day', () => {
    const s = compileCron('30 2 * * *');
    const got = occurrences(s, LA, new Date('2026-10-31T00:00:00Z'), new Date('2026-11-02T00:00:00Z')).map(
      iso,
    );
    expect(got).toEqual(['2026-10-31T09:30:00.000Z', '2026-11-01T10:30:00.000Z']);
  });

  it('weekly and monthly digests land on the zone’s Monday and 1st, across the change', () => {
    const weekly = compileCron('0 9 * * 1');
    expect(
      occurrences(weekly, LA, new Date('2026-02-28T00:00:00Z'), new Date('2026-03-17T00:00:00Z')).map(iso),
    ).toEqual(['2026-03-02T17:00:00.000Z', '2026-03-09T16:00:00.000Z', '2026-03-16T16:00:00.000Z']);
    const monthly = compileCron('0 9 1 * *');
    expect(
      occurrences(monthly, LA, new Date('2026-10-15T00:00:00Z'), new Date('2027-01-02T00:00:00Z')).map(iso),
    ).toEqual(['2026-11-01T17:00:00.000Z', '2026-12-01T17:00:00.000Z', '2027-01-01T17:00:00.000Z']);
    // Asia/Shanghai has no DST: Monday 09:00 is 01:00Z (2026-12-01 is a Tuesday).
    expect(iso(nextOccurrence(weekly, 'Asia/Shanghai', new Date('2026-12-01T00:00:00Z')))).toBe(
      '2026-12-07T01:00:00.000Z',
    );
  });

  it('a restricted day-of-month and day-of-week match either (cron’s rule)', () => {
    const s = compileCron('0 12 13 * 5'); // the 13th, or any Friday
    const got = occurrences(s, 'UTC', new Date('2026-11-01T00:00:00Z'), new Date('2026-11-21T00:00:00Z')).map(
      (d) => d.toISOString().slice(0, 10),
    );
    expect(got).toEqual(['2026-11-06', '2026-11-13', '2026-11-20']);
  });

  it('refuses bad expressions with a reason', () => {
    expect(cronProblem('0 9 * * 1')).toBeNull();
    expect(cronProblem('0 9 * *')).toBe('expected 5 fields (minute hour day month weekday), got 4');
    expect(cronProblem('61 9 * * *')).not.toBeNull();
    expect(cronProblem('0 9 * * mon-fri')).toBeNull();
    expect(() => compileCron('0 24 * * *')).toThrow(/invalid cron expression "0 24 \* \* \*"/);
  });
});
