/**
 * Cron expressions and their occurrences in a time zone. node-cron validates the expression and
 * expands its fields; the occurrences are computed here, on the zone's wall clock, with the rules
 * an operator expects around daylight-saving changes:
 * - a local time that does not exist (spring forward: 02:30 in Los Angeles on 2026-03-08) runs once,
 *   at the first valid minute after the gap (03:00);
 * - a local time that happens twice (fall back: 01:30 on 2026-11-01) runs once, the first time.
 * Day-of-month and day-of-week follow cron's rule: when both are restricted, either matches.
 */
import cron from 'node-cron';
import { cronProblem } from '../core/cron-expression.ts';
import { zonedParts, zonedToInstant, zoneOffsetMs } from '../core/zoned-time.ts';

export { cronProblem } from '../core/cron-expression.ts';

export interface CronSchedule {
  expression: string;
  minutes: number[];
  hours: number[];
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  /** Whether the day-of-month / day-of-week fields were restricted (not `*`). */
  domRestricted: boolean;
  dowRestricted: boolean;
}

/** Compiles a valid 5-field expression (see `cronProblem`). */
export function compileCron(expression: string): CronSchedule {
  const problem = cronProblem(expression);
  if (problem) throw new Error(`invalid cron expression "${expression}": ${problem}`);
  const raw = expression.trim().split(/\s+/);
  const f = cron.parse(expression.trim());
  const nums = (list: (number | string)[]) => list.map(Number).filter((n) => Number.isFinite(n));
  return {
    expression: expression.trim(),
    minutes: [...new Set(nums(f.minute))].sort((a, b) => a - b),
    hours: [...new Set(nums(f.hour))].sort((a, b) => a - b),
    days: new Set(nums(f.dayOfMonth)),
    months: new Set(nums(f.month)),
    weekdays: new Set(nums(f.dayOfWeek).map((d) => d % 7)),
    domRestricted: !['*', '?'].includes(raw[2] ?? '*'),
    dowRestricted: !['*', '?'].includes(raw[4] ?? '*'),
  };
}

function dayMatches(s: CronSchedule, year: number, month: number, day: number): boolean {
  if (!s.months.has(month)) return false;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  const dom = s.days.has(day);
  const dow = s.weekdays.has(weekday);
  if (s.domRestricted && s.dowRestricted) return dom || dow;
  if (s.domRestricted) return dom;
  if (s.dowRestricted) return dow;
  return true;
}

/**
 * The instant a local wall time means for a schedule: the earlier one when it happens twice, the
 * first valid minute after the gap when it does not happen at all.
 */
export function cronInstant(
  local: { year: number; month: number; day: number; hour: number; minute: number },
  timeZone: string,
): Date {
  const at = zonedToInstant(local, timeZone);
  const back = zonedParts(at, timeZone);
  if (back.hour === local.hour && back.minute === local.minute && back.day === local.day) return at;
  // In a gap: `at` landed past it, shifted by the gap's length. The gap ends at the last offset
  // change before `at`; find it to the minute (offsets change on minute boundaries).
  let lo = at.getTime() - 6 * 3_600_000;
  let hi = at.getTime();
  const offsetAtHi = zoneOffsetMs(hi, timeZone);
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 2 / 60_000) * 60_000;
    if (zoneOffsetMs(mid, timeZone) === offsetAtHi) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The first occurrence strictly after `after`, in `timeZone` (searches up to 8 years ahead). */
export function nextOccurrence(schedule: CronSchedule, timeZone: string, after: Date): Date {
  const start = zonedParts(after, timeZone);
  const cursor = new Date(Date.UTC(start.year, start.month - 1, start.day));
  for (let i = 0; i < 366 * 8; i++) {
    const year = cursor.getUTCFullYear();
    const month = cursor.getUTCMonth() + 1;
    const day = cursor.getUTCDate();
    if (dayMatches(schedule, year, month, day)) {
      for (const hour of schedule.hours) {
        for (const minute of schedule.minutes) {
          const at = cronInstant({ year, month, day, hour, minute }, timeZone);
          if (at.getTime() > after.getTime()) return at;
        }
      }
    }
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  throw new Error(`cron expression "${schedule.expression}" has no occurrence within 8 years`);
}

/** Occurrences in (after, until], at most `limit` (tests, previews). */
export function occurrences(
  schedule: CronSchedule,
  timeZone: string,
  after: Date,
  until: Date,
  limit = 1000,
): Date[] {
  const out: Date[] = [];
  let at = after;
  while (out.length < limit) {
    at = nextOccurrence(schedule, timeZone, at);
    if (at > until) break;
    out.push(at);
  }
  return out;
}
