/**
 * SLA calendars: which instants count towards a ticket's clock, and the arithmetic on them.
 *
 * A business calendar is open, on each working local date that is not a holiday, during the
 * window [instant of local `start`, instant of local `end`), with both ends converted by
 * `zonedToInstant` (gap -> shifted past the gap, overlap -> earlier instant). On an ordinary day
 * that is plain wall-clock time; on a DST day the window keeps its real length unless it
 * contains the shift (LA 00:00-24:00 is 23 h on 2026-03-08 and 25 h on 2026-11-01, 09:00-18:00
 * stays 9 h). A window whose ends resolve to close <= open on a DST day (e.g. 02:30-03:00 on a
 * spring-forward day) is empty that day.
 *
 * Everything is computed window by window (one iteration per local day at most), never minute by
 * minute, and all functions are pure: time is always passed in.
 */
import { isValidTimeZone, zonedParts, zonedToInstant } from '../../core/zoned-time.ts';

/** Weekday codes, in `Date#getDay` order, so config schemas can reuse the list. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A working day of a business calendar. */
export type Weekday = (typeof WEEKDAYS)[number];

/** When a ticket's SLA clock runs: around the clock, or in a team's local business hours. */
export type Calendar =
  | { kind: '24x7' }
  | {
      kind: 'business';
      /** IANA zone, e.g. 'Asia/Shanghai'. */
      timeZone: string;
      days: Weekday[];
      /** Local opening time "HH:MM". */
      start: string;
      /** Local closing time "HH:MM" (exclusive); "24:00" means midnight at the end of the day. */
      end: string;
      /** Local dates 'YYYY-MM-DD' on which the team is closed. */
      holidays: string[];
    };

/** A span during which the clock is stopped (ticket pending on the reporter); `to: null` = still paused. */
export interface Pause {
  from: Date;
  to: Date | null;
}

const DAY_MS = 86_400_000;
const HHMM = /^(\d{2}):(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

type Compiled =
  | { kind: '24x7' }
  | {
      kind: 'business';
      timeZone: string;
      working: boolean[];
      startMin: number;
      endMin: number;
      holidays: Set<number>;
      /** Days to scan before concluding no window will ever open (cannot happen once validated). */
      scanLimit: number;
    };

interface Window {
  open: number;
  close: number;
}

/** Minutes after midnight for "HH:MM" (00:00-24:00). */
function parseTimeOfDay(value: unknown, field: string): number {
  const m = typeof value === 'string' ? HHMM.exec(value) : null;
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : Number.NaN;
  if (!m || Number(m[2]) > 59 || minutes > 1440) {
    throw new Error(
      `Invalid business calendar: ${field} must be "HH:MM" (00:00-24:00), got ${String(value)}`,
    );
  }
  return minutes;
}

/** Days since 1970-01-01 for a 'YYYY-MM-DD' string, or throws if it is not a real date. */
function parseLocalDate(value: unknown): number {
  const m = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  const back = Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
  if (back !== value) {
    throw new Error(`Invalid business calendar: holiday must be a 'YYYY-MM-DD' date, got ${String(value)}`);
  }
  return ms / DAY_MS;
}

/** Validates a calendar and precomputes what the hot loops need. */
function compile(cal: Calendar): Compiled {
  if (cal.kind === '24x7') return cal;
  if (cal.kind !== 'business') throw new Error(`Unknown calendar kind: ${String((cal as Calendar).kind)}`);
  if (!isValidTimeZone(cal.timeZone)) {
    throw new Error(`Invalid business calendar: unknown time zone ${String(cal.timeZone)}`);
  }
  const working = WEEKDAYS.map(() => false);
  for (const day of cal.days) {
    const i = WEEKDAYS.indexOf(day);
    if (i < 0) throw new Error(`Invalid business calendar: unknown weekday ${String(day)}`);
    working[i] = true;
  }
  if (!working.includes(true)) throw new Error('Invalid business calendar: no working days');
  const startMin = parseTimeOfDay(cal.start, 'start');
  const endMin = parseTimeOfDay(cal.end, 'end');
  if (startMin >= endMin) {
    throw new Error(`Invalid business calendar: start ${cal.start} must be before end ${cal.end}`);
  }
  const holidays = new Set(cal.holidays.map(parseLocalDate));
  // Each week has a working day, and each holiday can cancel at most one; +2 weeks of DST slack.
  const scanLimit = 7 * (holidays.size + 3);
  return { kind: 'business', timeZone: cal.timeZone, working, startMin, endMin, holidays, scanLimit };
}

/**
 * Throws a descriptive Error if the calendar is unusable (bad zone, weekday, "HH:MM", start >= end,
 * holiday date, no working days). Exists so config loading can reject a calendar up front; the
 * arithmetic functions run the same checks.
 */
export function assertValidCalendar(cal: Calendar): void {
  compile(cal);
}

/** The instant of `minutes` after local midnight on day number `day` (days since 1970-01-01). */
function localInstant(timeZone: string, day: number, minutes: number): number {
  const d = new Date((day + Math.floor(minutes / 1440)) * DAY_MS);
  const m = minutes % 1440;
  const local = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: Math.floor(m / 60),
    minute: m % 60,
  };
  return zonedToInstant(local, timeZone).getTime();
}

/**
 * The first window (clipped to start at `t`) that ends after `t`. For 24x7 that is [t, forever).
 * With a "24:00" end that falls in a midnight DST gap, yesterday's window runs past today's local
 * midnight, so that case starts one local day early.
 */
function windowAtOrAfter(c: Compiled, t: number): Window {
  if (c.kind === '24x7') return { open: t, close: Number.POSITIVE_INFINITY };
  const p = zonedParts(new Date(t), c.timeZone);
  const today = Date.UTC(p.year, p.month - 1, p.day) / DAY_MS;
  // Only a "24:00" end can reach into the next local day, so only then is yesterday worth a look.
  for (let day = c.endMin === 1440 ? today - 1 : today; day <= today + c.scanLimit; day++) {
    // 1970-01-01 (day 0) was a Thursday.
    if (!c.working[(((day + 4) % 7) + 7) % 7] || c.holidays.has(day)) continue;
    const close = localInstant(c.timeZone, day, c.endMin);
    if (close <= t) continue;
    const open = localInstant(c.timeZone, day, c.startMin);
    if (close <= open) continue;
    return { open: Math.max(open, t), close };
  }
  throw new Error(`Business calendar never opens after ${new Date(t).toISOString()}`);
}

/** Pauses as sorted, merged, non-empty [from, to) ms spans; an open pause runs to +Infinity. */
function normalizePauses(pauses: readonly Pause[]): Window[] {
  const spans = pauses
    .map((p) => ({
      open: toMs(p.from, 'pause.from'),
      close: p.to === null ? Number.POSITIVE_INFINITY : toMs(p.to, 'pause.to'),
    }))
    .filter((s) => s.close > s.open)
    .sort((a, b) => a.open - b.open);
  const merged: Window[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.open <= last.close) last.close = Math.max(last.close, s.close);
    else merged.push({ ...s });
  }
  return merged;
}

/**
 * Business time that counts, in order, from `from`: calendar windows minus pauses. Ends when an
 * open pause is reached (nothing after it counts); otherwise it is infinite.
 */
function* countingSpans(c: Compiled, from: number, pauses: Window[]): Generator<Window> {
  let t = from;
  let i = 0;
  while (t < Number.POSITIVE_INFINITY) {
    const w = windowAtOrAfter(c, t);
    while (i < pauses.length && (pauses[i]?.close ?? 0) <= w.open) i++;
    const pause = pauses[i];
    if (pause && pause.open <= w.open) {
      t = pause.close; // skip the paused stretch; stops the loop for an open pause
      continue;
    }
    const close = pause ? Math.min(w.close, pause.open) : w.close;
    yield { open: w.open, close };
    t = close;
  }
}

/** Milliseconds of a Date argument; throws on anything that is not a valid Date. */
function toMs(d: Date, name: string): number {
  const ms = d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new TypeError(`${name} must be a valid Date`);
  return ms;
}

/**
 * Business milliseconds elapsed in [from, to), excluding closed hours, holidays and pauses.
 * This is "how much of the SLA has been used"; an empty or reversed range gives 0.
 */
export function elapsedBusinessMs(cal: Calendar, from: Date, to: Date, pauses: Pause[] = []): number {
  const c = compile(cal);
  const start = toMs(from, 'from');
  const end = toMs(to, 'to');
  let total = 0;
  if (end <= start) return total;
  for (const span of countingSpans(c, start, normalizePauses(pauses))) {
    if (span.open >= end) break;
    total += Math.min(span.close, end) - span.open;
    if (span.close >= end) break;
  }
  return total;
}

/**
 * The instant when `durationMs` of business time has elapsed since `start`, skipping pauses: a
 * ticket's deadline. It is the first instant t with elapsedBusinessMs(start, t) = durationMs, so a
 * target met exactly at closing time is that closing time, not the next opening.
 * A zero duration returns `start` itself (even when closed or paused), for every calendar.
 * Returns null if an open pause is reached before the target is met (the deadline is unknown).
 */
export function addBusinessMs(
  cal: Calendar,
  start: Date,
  durationMs: number,
  pauses: Pause[] = [],
): Date | null {
  const c = compile(cal);
  const from = toMs(start, 'start');
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`durationMs must be a finite number >= 0, got ${durationMs}`);
  }
  if (durationMs === 0) return new Date(from);
  let remaining = durationMs;
  for (const span of countingSpans(c, from, normalizePauses(pauses))) {
    const length = span.close - span.open;
    if (length >= remaining) return new Date(span.open + remaining);
    remaining -= length;
  }
  return null;
}

/**
 * The next instant >= `at` inside business hours (`at` itself if open): when a clock that was
 * waiting for the office to open starts running, and what to show as "next business hour".
 */
export function nextOpen(cal: Calendar, at: Date): Date {
  return new Date(windowAtOrAfter(compile(cal), toMs(at, 'at')).open);
}

/** Whether the calendar is open at `at` (pauses aside): e.g. whether to page now or wait. */
export function isOpen(cal: Calendar, at: Date): boolean {
  const t = toMs(at, 'at');
  return windowAtOrAfter(compile(cal), t).open === t;
}
