/**
 * Digest periods in a zone: the last full day / Monday–Sunday week / month before an instant and
 * the one before it, bounded by local midnights (23 h and 25 h days across LA's DST changes).
 * Every expected instant below is written by hand from the zone's offsets (PST -8, PDT -7).
 */
import { describe, expect, it } from 'vitest';
import { periodOf } from '../../src/domain/digests/period.ts';

const LA = 'America/Los_Angeles';
const SH = 'Asia/Shanghai';
const H = 3_600_000;

const iso = (d: Date) => d.toISOString();

describe('periodOf daily', () => {
  it('is yesterday: the spring-forward day is 23 hours long', () => {
    // 2026-03-09 09:00 PDT = 16:00Z.
    const { current, previous } = periodOf('daily', new Date('2026-03-09T16:00:00Z'), LA);
    expect(iso(current.start)).toBe('2026-03-08T08:00:00.000Z'); // 00:00 PST
    expect(iso(current.end)).toBe('2026-03-09T07:00:00.000Z'); // 00:00 PDT
    expect(current.end.getTime() - current.start.getTime()).toBe(23 * H);
    expect(current.days).toEqual(['2026-03-08']);
    expect(iso(previous.start)).toBe('2026-03-07T08:00:00.000Z');
    expect(iso(previous.end)).toBe('2026-03-08T08:00:00.000Z');
    expect(previous.days).toEqual(['2026-03-07']);
  });

  it('the fall-back day is 25 hours long', () => {
    const { current } = periodOf('daily', new Date('2026-11-02T17:00:00Z'), LA); // 09:00 PST
    expect(iso(current.start)).toBe('2026-11-01T07:00:00.000Z'); // 00:00 PDT
    expect(iso(current.end)).toBe('2026-11-02T08:00:00.000Z'); // 00:00 PST
    expect(current.end.getTime() - current.start.getTime()).toBe(25 * H);
  });

  it('at local midnight exactly, the day that just ended; a second before, the day before it', () => {
    const midnight = new Date('2026-03-09T07:00:00Z'); // 2026-03-09 00:00 PDT
    expect(periodOf('daily', midnight, LA).current.days).toEqual(['2026-03-08']);
    const before = new Date(midnight.getTime() - 1000); // 2026-03-08 23:59:59 PDT
    expect(periodOf('daily', before, LA).current.days).toEqual(['2026-03-07']);
  });

  it('uses the zone, not UTC: 2026-03-09 07:00Z is already the 9th in Shanghai, still the 8th in LA', () => {
    const at = new Date('2026-03-08T20:00:00Z'); // 2026-03-09 04:00 in Shanghai, 2026-03-08 13:00 PDT
    expect(periodOf('daily', at, SH).current).toMatchObject({
      start: new Date('2026-03-07T16:00:00Z'),
      end: new Date('2026-03-08T16:00:00Z'),
      days: ['2026-03-08'],
    });
    expect(periodOf('daily', at, LA).current.days).toEqual(['2026-03-07']);
  });
});

describe('periodOf weekly', () => {
  it('is last Monday–Sunday, 167 hours across spring forward', () => {
    // Monday 2026-03-09 09:00 PDT.
    const { current, previous } = periodOf('weekly', new Date('2026-03-09T16:00:00Z'), LA);
    expect(iso(current.start)).toBe('2026-03-02T08:00:00.000Z'); // Mon 00:00 PST
    expect(iso(current.end)).toBe('2026-03-09T07:00:00.000Z'); // Mon 00:00 PDT
    expect(current.end.getTime() - current.start.getTime()).toBe(167 * H);
    expect(current.days).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
    ]);
    expect(iso(previous.start)).toBe('2026-02-23T08:00:00.000Z');
    expect(iso(previous.end)).toBe('2026-03-02T08:00:00.000Z');
    // Each day starts at its local midnight: PST until the 8th, whose day is 23 hours long.
    expect(current.dayStarts.map(iso)).toEqual([
      '2026-03-02T08:00:00.000Z',
      '2026-03-03T08:00:00.000Z',
      '2026-03-04T08:00:00.000Z',
      '2026-03-05T08:00:00.000Z',
      '2026-03-06T08:00:00.000Z',
      '2026-03-07T08:00:00.000Z',
      '2026-03-08T08:00:00.000Z',
    ]);
  });

  it('mid-week and on Sunday night it is still the week before the current one', () => {
    const wed = periodOf('weekly', new Date('2026-03-11T20:00:00Z'), LA).current;
    expect(wed.days[0]).toBe('2026-03-02');
    // Sunday 2026-03-15 23:59:59 PDT = 2026-03-16T06:59:59Z.
    const sunday = periodOf('weekly', new Date('2026-03-16T06:59:59Z'), LA).current;
    expect(sunday.days[0]).toBe('2026-03-02');
    const monday = periodOf('weekly', new Date('2026-03-16T07:00:00Z'), LA).current;
    expect(monday.days[0]).toBe('2026-03-09');
    expect(iso(monday.end)).toBe('2026-03-16T07:00:00.000Z');
  });

  it('169 hours across fall back; a week can span a year boundary', () => {
    const fall = periodOf('weekly', new Date('2026-11-02T17:00:00Z'), LA).current;
    expect(fall.days[0]).toBe('2026-10-26');
    expect(fall.end.getTime() - fall.start.getTime()).toBe(169 * H);
    const newYear = periodOf('weekly', new Date('2027-01-04T17:00:00Z'), LA);
    expect(newYear.current.days).toEqual([
      '2026-12-28',
      '2026-12-29',
      '2026-12-30',
      '2026-12-31',
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
    ]);
    expect(newYear.previous.days[0]).toBe('2026-12-21');
  });
});

describe('periodOf monthly', () => {
  it('is last month: March 2026 in LA is 31 days minus the lost hour', () => {
    const { current, previous } = periodOf('monthly', new Date('2026-04-01T16:00:00Z'), LA);
    expect(iso(current.start)).toBe('2026-03-01T08:00:00.000Z');
    expect(iso(current.end)).toBe('2026-04-01T07:00:00.000Z');
    expect(current.end.getTime() - current.start.getTime()).toBe((31 * 24 - 1) * H);
    expect(current.days).toHaveLength(31);
    expect(current.days[30]).toBe('2026-03-31');
    expect(iso(previous.start)).toBe('2026-02-01T08:00:00.000Z');
    expect(iso(previous.end)).toBe('2026-03-01T08:00:00.000Z');
    expect(previous.days).toHaveLength(28);
  });

  it('in January, last month is December and the one before is November', () => {
    const { current, previous } = periodOf('monthly', new Date('2027-01-01T17:00:00Z'), LA);
    expect(current.days[0]).toBe('2026-12-01');
    expect(current.days).toHaveLength(31);
    expect(iso(previous.start)).toBe('2026-11-01T07:00:00.000Z'); // 00:00 PDT
    expect(iso(previous.end)).toBe('2026-12-01T08:00:00.000Z'); // 00:00 PST
    expect(previous.end.getTime() - previous.start.getTime()).toBe((30 * 24 + 1) * H);
  });

  it('at the first instant of a month it is the month that just ended', () => {
    const first = new Date('2026-04-01T07:00:00Z'); // 2026-04-01 00:00 PDT
    expect(periodOf('monthly', first, LA).current.days[0]).toBe('2026-03-01');
    expect(periodOf('monthly', new Date(first.getTime() - 1), LA).current.days[0]).toBe('2026-02-01');
  });
});

describe('periodOf in a zone whose midnight falls in a DST gap', () => {
  it('starts the day at the first instant that exists (Santiago springs forward at 24:00)', () => {
    // Chile: 2026-09-06 00:00 does not exist (clocks go from 23:59:59 -04 to 01:00 -03).
    const { current } = periodOf('daily', new Date('2026-09-07T12:00:00Z'), 'America/Santiago');
    expect(current.days).toEqual(['2026-09-06']);
    expect(current.dayStarts).toEqual([current.start]);
    expect(iso(current.start)).toBe('2026-09-06T04:00:00.000Z'); // 01:00 -03
    expect(iso(current.end)).toBe('2026-09-07T03:00:00.000Z');
    expect(current.end.getTime() - current.start.getTime()).toBe(23 * H);
  });
});
