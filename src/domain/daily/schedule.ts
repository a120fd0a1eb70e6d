/**
 * When daily reports are asked for, as pure time arithmetic on local dates ('YYYY-MM-DD') and
 * IANA zones: which dates are report days, the instant of a member's prompt on a date, the next
 * prompt after an instant, and the `/daily off` date grammar. Time is always passed in.
 *
 * Wall times that DST makes odd, decided here:
 * - a time that does not exist (LA 2026-03-08 02:30, inside the spring-forward gap) resolves to
 *   the first valid minute after it: 03:00 PDT, the moment the gap ends (core `zonedToInstant`
 *   alone would give 03:30; a prompt should not come later than the first moment it can).
 * - a time that happens twice (LA 2026-11-01 01:30) resolves to its first occurrence (PDT).
 */
import { localDate, zonedParts, zonedToInstant, zoneOffsetMs } from '../../core/zoned-time.ts';
import { DAILY_WEEKDAYS, type DailyWeekday } from './fields.ts';

/** A member's days off, inclusive local dates. */
export interface DayOff {
  from: string;
  to: string;
  reason?: string;
}

export interface ReportDayRules {
  days: readonly DailyWeekday[];
  /** The calendar's holidays (no-report days for everyone). */
  holidays?: readonly string[];
  /** The member's own days off. */
  daysOff?: readonly DayOff[];
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/** Days since 1970-01-01 of a real calendar date, or null. */
function dayNumber(date: string): number | null {
  const m = ISO.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return ms / DAY_MS;
}

function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

function mustDay(date: string): number {
  const n = dayNumber(date);
  if (n === null) throw new RangeError(`not a date: ${date}`);
  return n;
}

/** The date `n` days after `date` (negative: before). */
export function addDays(date: string, n: number): string {
  return fromDayNumber(mustDay(date) + n);
}

/** Whole days from `from` to `to` (0 on the same date, negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return mustDay(to) - mustDay(from);
}

/** The weekday code of a local date. */
export function weekdayOf(date: string): DailyWeekday {
  return DAILY_WEEKDAYS[new Date(mustDay(date) * DAY_MS).getUTCDay()] as DailyWeekday;
}

/** The day off covering `date`, if any. */
export function dayOffOn(date: string, daysOff: readonly DayOff[] = []): DayOff | null {
  return daysOff.find((d) => d.from <= date && date <= d.to) ?? null;
}

/** A working day of the block, not a holiday of its calendar and not one of the member's days off. */
export function isReportDay(date: string, rules: ReportDayRules): boolean {
  if (!rules.days.includes(weekdayOf(date))) return false;
  if (rules.holidays?.includes(date)) return false;
  return dayOffOn(date, rules.daysOff) === null;
}

/** The zone's local date at an instant: which day a report filed then belongs to. */
export function localDayOf(instant: Date, zone: string): string {
  return localDate(instant, zone);
}

/** Local wall clock of an instant as naive ms (the wall time read as if UTC). */
const wallMs = (ms: number, zone: string) => ms + zoneOffsetMs(ms, zone);

/**
 * The instant of `time` ('HH:MM') on local `date` in `zone`: a nonexistent time → the first
 * valid minute after it (the end of the gap), an ambiguous one → its first occurrence.
 */
export function promptInstant(date: string, time: string, zone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const at = zonedToInstant({ year, month, day, hour, minute }, zone);
  const p = zonedParts(at, zone);
  if (p.day === day && p.hour === hour && p.minute === minute) return at;
  // In a gap: `at` lies after it. Find the first minute whose wall clock is at or past the asked
  // time (wall time only moves forward across a gap, so the search is monotonic).
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let lo = at.getTime() - 4 * 60 * MINUTE_MS;
  let hi = at.getTime();
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (wallMs(mid, zone) >= wanted) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/**
 * The first prompt strictly after `after`: the local date and instant of `time` on the next
 * report day in `zone`. Null when none comes within a year (every day a holiday or off).
 */
export function nextPromptSlot(
  after: Date,
  zone: string,
  time: string,
  days: readonly DailyWeekday[],
  holidays: readonly string[] = [],
  daysOff: readonly DayOff[] = [],
): { date: string; at: Date } | null {
  let date = localDate(after, zone);
  for (let i = 0; i < 370; i++, date = addDays(date, 1)) {
    if (!isReportDay(date, { days, holidays, daysOff })) continue;
    const at = promptInstant(date, time, zone);
    if (at.getTime() > after.getTime()) return { date, at };
  }
  return null;
}

/** What `/daily off` accepts as one end of a range: a date or a day word. */
const DAY_WORDS: Record<string, number> = {
  yesterday: -1,
  昨天: -1,
  today: 0,
  今天: 0,
  tomorrow: 1,
  明天: 1,
  后天: 2,
};

/** Limits of `/daily off`: the longest range, how far ahead and how far back it may reach. */
export const DAYS_OFF_LIMITS = { maxDays: 60, aheadDays: 366, backDays: 31 } as const;

export type DaysOffResult =
  | { from: string; to: string; days: number; reason?: string }
  | { error: { key: string; params: Record<string, string | number> } };

const RANGE = /^(\S+?)\s*(?:\.\.|~|～|至|到|\s[-–—]\s)\s*(\S+)(?:\s+([\s\S]*))?$/;
const SINGLE = /^(\S+)(?:\s+([\s\S]*))?$/;

/** The offset from today a day word means, or undefined (`constructor` is not one). */
function dayWordOffset(word: string): number | undefined {
  const key = word.toLowerCase();
  return Object.hasOwn(DAY_WORDS, key) ? DAY_WORDS[key] : undefined;
}

/** Weekday words, 0 = Sunday: `friday`, `fri`, `周五`, `星期五`, `礼拜五` (with `日` / `天` for Sunday). */
const WEEKDAY_NUMBERS: Record<string, number> = Object.fromEntries([
  ...['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].flatMap((name, i) => [
    [name, i],
    [name.slice(0, 3), i],
  ]),
  ...['周', '星期', '礼拜'].flatMap((prefix) =>
    ['日', '一', '二', '三', '四', '五', '六', '天'].map((d, i) => [`${prefix}${d}`, i % 7]),
  ),
]);
const WEEKDAY_WORD = /^(下|本|这|next-|this-)?(.+)$/;

/**
 * `周五` / `friday`: the next such day from `from` (that day itself when it is one); `下周五` /
 * `next-friday`: that day of next week; `本周五` / `这周五` / `this-friday`: of this week (weeks
 * start on Monday, as seed 003's 周一 reports do). `from` is today, or for the end of a range
 * its start (`下周一到周五`: the Friday after that Monday).
 */
function weekdayDay(word: string, today: string, from: string): string | null {
  const [, which, rest] = WEEKDAY_WORD.exec(word.toLowerCase()) ?? [];
  if (rest === undefined || !Object.hasOwn(WEEKDAY_NUMBERS, rest)) return null;
  const target = WEEKDAY_NUMBERS[rest] as number;
  if (!which) return addDays(from, (target - DAILY_WEEKDAYS.indexOf(weekdayOf(from)) + 7) % 7);
  const monday = addDays(today, -((DAILY_WEEKDAYS.indexOf(weekdayOf(today)) + 6) % 7));
  return addDays(monday, ((target + 6) % 7) + (which === '下' || which === 'next-' ? 7 : 0));
}

/**
 * `12月24日`, `12月24号`, `12-24`, `12/24`: the occurrence of that day nearest to today within
 * the reach of `/daily off` (a month back, a year ahead: `1月3日` typed in December is next
 * year's, `12/31` typed on January 2nd last year's); for the end of a range, the first on or
 * after its start (`12/20..1/2`).
 */
function monthDay(word: string, today: string, from: string | null): string | null {
  const m = /^(\d{1,2})(?:月(\d{1,2})[日号]?|[-/](\d{1,2}))$/.exec(word);
  if (!m) return null;
  const [month, day] = [Number(m[1]), Number(m[2] ?? m[3])];
  const base = mustDay(from ?? today);
  const year = Number((from ?? today).slice(0, 4));
  const days = [year - 1, year, year + 1]
    .map((y) => dayNumber(`${y}-${month}-${day}`))
    .filter((n): n is number => n !== null);
  const pick = from
    ? days.find((n) => n >= base)
    : days
        .filter((n) => base - n <= DAYS_OFF_LIMITS.backDays && n - base <= DAYS_OFF_LIMITS.aheadDays)
        .sort((a, b) => Math.abs(a - base) - Math.abs(b - base))[0];
  return pick === undefined ? null : fromDayNumber(pick);
}

/** A day as `/daily off` reads it; `from`: the start, when this is the end of a range. */
function resolveDay(word: string, today: string, from: string | null = null): string | null {
  const offset = dayWordOffset(word);
  if (offset !== undefined) return addDays(today, offset);
  const n = dayNumber(word);
  if (n !== null) return fromDayNumber(n);
  return weekdayDay(word, today, from ?? today) ?? monthDay(word, today, from);
}

/**
 * A Chinese day at the start of the text, which people write with no space before what follows
 * (`周五看病`, `明天出差`, `12月24日年假`).
 */
const HAN_DAY =
  /^((?:下|本|这)?(?:周|星期|礼拜)[一二三四五六日天]|\d{1,2}月\d{1,2}[日号]?|昨天|今天|明天|后天)/;

/** Whether the text starts with a date (a digit) or a day word (`yesterday`, `明天`, ...). */
export function startsWithDay(text: string): boolean {
  if (/^\d/.test(text)) return true;
  const first = /^[^\s.~～至到]+/.exec(text)?.[0] ?? '';
  return Boolean(resolveDay(first, '2000-01-03')) || HAN_DAY.test(text);
}

/**
 * Whether the text is only a date or a range of dates (`2026-12-24`, `today..2026-12-31`,
 * `明天`), with no other words: what `/daily back` takes. Syntax only; any date will do as today.
 */
export function isDaysText(text: string): boolean {
  const input = text.trim();
  const range = RANGE.exec(input);
  if (range && !range[3])
    return Boolean(resolveDay(range[1] ?? '', '2000-01-01') && resolveDay(range[2] ?? '', '2000-01-01'));
  const single = SINGLE.exec(input);
  return Boolean(single && !single[2] && resolveDay(single[1] ?? '', '2000-01-01'));
}

/**
 * `/daily off <date|from..to> [reason]`: `2026-12-24`, `2026-12-24..2026-12-31 年假`, `today`,
 * `明天`, `today..2026-12-31`. Dates are the member's local dates; `now` and `zone` say which date
 * today is. Refusals are coded: a date that does not exist (`2026-13-01`), a range that ends
 * before it starts, one longer than 60 days, or reaching more than a year ahead or a month back.
 */
export function parseDaysOff(text: string, zone: string, now: Date): DaysOffResult {
  // `周五看病` is `周五 看病`; `下周一到周五` becomes `下周一 到周五`, still a range.
  const input = text
    .trim()
    .replace(HAN_DAY, (day: string, _: string, at: number, all: string) =>
      /^\S/.test(all.slice(at + day.length)) ? `${day} ` : day,
    );
  if (!input) return { error: { key: 'daily.off.missing', params: {} } };
  const today = localDate(now, zone);
  const single = SINGLE.exec(input);
  let range = RANGE.exec(input);
  // `2026-12-24 到上海出差` (and `周五到上海出差`) is one date and a reason, not a range to "上海出差".
  if (range && !resolveDay(range[2] ?? '', today) && resolveDay(single?.[1] ?? '', today)) range = null;
  const [fromWord, toWord, reason] = range
    ? [range[1] ?? '', range[2] ?? '', range[3]]
    : [single?.[1] ?? '', single?.[1] ?? '', single?.[2]];
  const from = resolveDay(fromWord, today);
  if (!from) return { error: { key: 'daily.off.bad_date', params: { value: fromWord } } };
  const to = range ? resolveDay(toWord, today, from) : from;
  if (!to) return { error: { key: 'daily.off.bad_date', params: { value: toWord } } };
  const days = daysBetween(from, to) + 1;
  if (days < 1) return { error: { key: 'daily.off.end_before_start', params: { from, to } } };
  if (days > DAYS_OFF_LIMITS.maxDays) {
    return { error: { key: 'daily.off.too_long', params: { days, max: DAYS_OFF_LIMITS.maxDays } } };
  }
  if (daysBetween(today, from) > DAYS_OFF_LIMITS.aheadDays) {
    return { error: { key: 'daily.off.too_far', params: { from, max: DAYS_OFF_LIMITS.aheadDays } } };
  }
  if (daysBetween(to, today) > DAYS_OFF_LIMITS.backDays) {
    return { error: { key: 'daily.off.too_old', params: { to, max: DAYS_OFF_LIMITS.backDays } } };
  }
  const why = reason?.trim();
  if (why && why.length > 200) return { error: { key: 'daily.off.reason_too_long', params: { max: 200 } } };
  return why ? { from, to, days, reason: why } : { from, to, days };
}

/** A stored day-off range, as `cutDaysOff` reads it. */
export interface StoredDayOff {
  id: number;
  from: string;
  to: string;
  reason: string | null;
}

/** What cancelling `from`..`to` does to a member's stored days off (`/daily back`). */
export interface DaysOffCut {
  /** Ranges wholly inside the cancelled days. */
  remove: number[];
  /** Ranges that keep one side: their new bounds. */
  shorten: { id: number; from: string; to: string }[];
  /** The far side of a range the cancelled days split in two (same reason). */
  add: { from: string; to: string; reason: string | null }[];
  /** The dates that were days off and no longer are, in order. */
  cancelled: string[];
}

/**
 * Cancels the days `from`..`to` (inclusive) out of a member's ranges: a range inside them goes, one
 * overlapping an end is shortened, one around them is split in two. Ranges that do not overlap are
 * left alone; overlapping ranges count each cancelled date once.
 */
export function cutDaysOff(ranges: readonly StoredDayOff[], from: string, to: string): DaysOffCut {
  const cut: DaysOffCut = { remove: [], shorten: [], add: [], cancelled: [] };
  const dates = new Set<string>();
  for (const r of ranges) {
    if (r.to < from || r.from > to) continue;
    const start = r.from > from ? r.from : from;
    const end = r.to < to ? r.to : to;
    for (let d = start; d <= end; d = addDays(d, 1)) dates.add(d);
    const keepBefore = r.from < from;
    const keepAfter = r.to > to;
    if (keepBefore && keepAfter) {
      cut.shorten.push({ id: r.id, from: r.from, to: addDays(from, -1) });
      cut.add.push({ from: addDays(to, 1), to: r.to, reason: r.reason });
    } else if (keepBefore) cut.shorten.push({ id: r.id, from: r.from, to: addDays(from, -1) });
    else if (keepAfter) cut.shorten.push({ id: r.id, from: addDays(to, 1), to: r.to });
    else cut.remove.push(r.id);
  }
  cut.cancelled = [...dates].sort();
  return cut;
}
