/**
 * Digest periods in a team's zone: the last full day, Monday–Sunday week or calendar month before
 * an instant, and the one before it (for the ▲▼ comparison). Boundaries are local midnights, so a
 * day is 23 or 25 hours long across a DST change and a ticket opened at 23:59:59 local belongs to
 * that day. Pure: time is passed in.
 */
import { zonedParts, zonedToInstant } from '../../core/zoned-time.ts';

export const DIGEST_KINDS = ['daily', 'weekly', 'monthly'] as const;
/** Which digest: seed 003 §11.3 (日报, 周报 每周一, 月报 每月1日). */
export type DigestKind = (typeof DIGEST_KINDS)[number];

/** A half-open period [start, end) of local days in `zone`. */
export interface Period {
  kind: DigestKind;
  zone: string;
  /** Local midnight starting the first day. */
  start: Date;
  /** Local midnight after the last day (exclusive). */
  end: Date;
  /** Its local days, 'YYYY-MM-DD', in order (first to last, inclusive). */
  days: string[];
  /** The instant each of those days begins (local midnight), in the same order. */
  dayStarts: Date[];
}

const DAY_MS = 86_400_000;

/** A local calendar date as a day number (days since 1970-01-01), for plain date arithmetic. */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function isoDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The instant the zone's day number `n` begins (first instant of the day, past any gap). */
function midnight(n: number, zone: string): Date {
  const d = new Date(n * DAY_MS);
  return zonedToInstant(
    { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: 0, minute: 0 },
    zone,
  );
}

function span(kind: DigestKind, zone: string, first: number, afterLast: number): Period {
  const days: string[] = [];
  const dayStarts: Date[] = [];
  for (let n = first; n < afterLast; n++) {
    days.push(isoDay(n));
    dayStarts.push(midnight(n, zone));
  }
  return { kind, zone, start: midnight(first, zone), end: midnight(afterLast, zone), days, dayStarts };
}

/** Day numbers [first, afterLast) of the full period that ends at or before local day `today`. */
function bounds(kind: DigestKind, today: number, back: number): [number, number] {
  if (kind === 'daily') return [today - 1 - back, today - back];
  if (kind === 'weekly') {
    // 1970-01-01 was a Thursday: (n + 3) % 7 is 0 on Mondays.
    const monday = today - ((((today + 3) % 7) + 7) % 7);
    return [monday - 7 * (back + 1), monday - 7 * back];
  }
  const d = new Date(today * DAY_MS);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  return [dayNumber(y, m - 1 - back, 1), dayNumber(y, m - back, 1)];
}

/**
 * The last full period of `kind` before `at` in `zone` (yesterday; last Monday–Sunday; last
 * month) and the period before that. A digest sent at 09:00 on Monday covers the week that ended
 * at Sunday 24:00; one asked for at 00:00:00 exactly covers the period that has just ended.
 */
export function periodOf(kind: DigestKind, at: Date, zone: string): { current: Period; previous: Period } {
  const p = zonedParts(at, zone);
  const today = dayNumber(p.year, p.month, p.day);
  const [first, afterLast] = bounds(kind, today, 0);
  const [prevFirst, prevAfterLast] = bounds(kind, today, 1);
  return {
    current: span(kind, zone, first, afterLast),
    previous: span(kind, zone, prevFirst, prevAfterLast),
  };
}
