/**
 * Time-zone arithmetic on top of `Intl.DateTimeFormat` (no dependencies, no clock reads).
 *
 * Instants are `Date`s; "local" values are the wall-clock fields a zone's clock shows.
 * Every function is pure: the same inputs give the same outputs, so callers pass time in.
 */

/** Wall-clock fields of an instant in a zone; `weekday` is 0 = Sunday .. 6 = Saturday. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** A wall-clock date and time without a zone (month 1-12, hour 0-23; second defaults to 0). */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
}

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
// en-US with h23 formats as "3/8/2026, 03:00:00"; anything else falls back to formatToParts.
const FAST_FORMAT = /^(\d{1,2})\/(\d{1,2})\/(\d{4}), (\d{2}):(\d{2}):(\d{2})$/;

/** One cached formatter per zone: building an Intl.DateTimeFormat costs far more than using it. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Slow but locale-proof path, used only when the fast string format is not recognised. */
function partsFromFormatToParts(f: Intl.DateTimeFormat, ms: number): number[] {
  const out = [0, 0, 0, 0, 0, 0];
  const order = ['year', 'month', 'day', 'hour', 'minute', 'second'];
  for (const p of f.formatToParts(ms)) {
    const i = order.indexOf(p.type);
    if (i >= 0) out[i] = Number(p.value);
  }
  return out;
}

/** [year, month, day, hour, minute, second] shown by the zone's clock at `ms`, straight from Intl. */
function intlWallFields(ms: number, timeZone: string): number[] {
  const f = formatterFor(timeZone);
  const m = FAST_FORMAT.exec(f.format(ms));
  const fields = m
    ? [Number(m[3]), Number(m[1]), Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6])]
    : partsFromFormatToParts(f, ms);
  if (fields[3] === 24) fields[3] = 0; // some ICU versions print midnight as 24 even with h23
  return fields;
}

/** Offset of the zone at `ms` (whole seconds), from Intl. */
function intlOffsetMs(ms: number, timeZone: string): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = intlWallFields(ms, timeZone);
  const second = Math.floor(ms / 1000) * 1000;
  return naiveMs(y, mo, d, h, mi, s) - second;
}

/**
 * Offsets per zone and quarter hour of UTC. Intl formatting is the one slow step of SLA
 * arithmetic (a deadline walks business days through many conversions), and a zone's offset
 * changes only at its transitions, almost all of which fall on a quarter hour of UTC. A quarter
 * whose two ends disagree holds a transition elsewhere (Newfoundland's at 00:01 local until 2011,
 * local mean time before 1900): it is remembered as such and always asks Intl.
 */
const QUARTER_MS = 900_000;
const OFFSET_CACHE_MAX = 50_000;
const offsets = new Map<string, Map<number, number | null>>();

function cachedOffsetMs(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_MS);
  let offset = offsets.get(timeZone)?.get(quarter);
  if (offset === undefined) {
    const start = intlOffsetMs(quarter * QUARTER_MS, timeZone);
    const end = intlOffsetMs((quarter + 1) * QUARTER_MS - 1000, timeZone);
    offset = start === end ? start : null;
    const zone = offsets.get(timeZone) ?? new Map<number, number | null>();
    if (zone.size >= OFFSET_CACHE_MAX) zone.clear();
    zone.set(quarter, offset);
    offsets.set(timeZone, zone);
  }
  return offset ?? intlOffsetMs(ms, timeZone);
}

/** [year, month, day, hour, minute, second] shown by the zone's clock at `ms`. */
function wallFields(ms: number, timeZone: string): number[] {
  const wall = new Date(Math.floor(ms / 1000) * 1000 + cachedOffsetMs(ms, timeZone));
  return [
    wall.getUTCFullYear(),
    wall.getUTCMonth() + 1,
    wall.getUTCDate(),
    wall.getUTCHours(),
    wall.getUTCMinutes(),
    wall.getUTCSeconds(),
  ];
}

/** UTC milliseconds of the wall-clock fields read as if they were UTC ("naive" local time). */
function naiveMs(year: number, month: number, day: number, hour: number, minute: number, second: number) {
  // Date.UTC maps years 0-99 to 1900-1999; setUTCFullYear keeps them literal.
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  d.setUTCFullYear(year);
  return d.getTime();
}

/**
 * Offset of the zone from UTC at an instant, in ms (e.g. -25_200_000 for PDT).
 * Exists so callers can show "UTC+8" or do their own conversions without re-deriving it.
 */
export function zoneOffsetMs(instant: Date | number, timeZone: string): number {
  return cachedOffsetMs(typeof instant === 'number' ? instant : instant.getTime(), timeZone);
}

/**
 * Wall-clock fields of `instant` in `timeZone`. The building block for anything that reasons in
 * local time (business hours, "today" for a team, digests at 09:00 local).
 */
export function zonedParts(instant: Date, timeZone: string): ZonedParts {
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = wallFields(
    instant.getTime(),
    timeZone,
  );
  const weekday = new Date(naiveMs(year, month, day, 0, 0, 0)).getUTCDay();
  return { year, month, day, hour, minute, second, weekday };
}

/**
 * The instant at which `timeZone`'s wall clock shows `local`: the inverse of `zonedParts`,
 * needed to turn "09:00 on 2026-03-09 in Los Angeles" into a deadline.
 *
 * Wall times that do not map to exactly one instant are resolved like Temporal's "compatible"
 * disambiguation:
 * - Gap (spring forward): the time is read with the offset in force before the gap, which lands
 *   after the gap shifted by its length (LA 2026-03-08 02:30 -> 03:30 PDT, 10:30Z).
 * - Overlap (fall back): the earlier of the two instants (LA 2026-11-01 01:30 -> 01:30 PDT, 08:30Z).
 *
 * Assumes a zone never changes offset twice within two days (true of every real zone).
 */
export function zonedToInstant(local: LocalDateTime, timeZone: string): Date {
  const { year, month, day, hour, minute, second = 0 } = local;
  const naive = naiveMs(year, month, day, hour, minute, second);
  if (Number.isNaN(naive)) throw new RangeError(`Invalid local date-time: ${JSON.stringify(local)}`);
  // Offsets are within +-14h, so these probes are strictly before and after any candidate instant.
  const before = zoneOffsetMs(naive - DAY_MS, timeZone);
  const after = zoneOffsetMs(naive + DAY_MS, timeZone);
  if (before === after) return new Date(naive - before);
  const early = naive - before;
  const late = naive - after;
  const earlyOk = zoneOffsetMs(early, timeZone) === before;
  const lateOk = zoneOffsetMs(late, timeZone) === after;
  if (earlyOk && lateOk) return new Date(Math.min(early, late));
  if (lateOk) return new Date(late);
  // Either `early` is valid, or the wall time is in a gap: both resolve with the earlier offset.
  return new Date(early);
}

/**
 * The zone's calendar date at `instant` as 'YYYY-MM-DD': what "today" means for a team,
 * and the format holiday lists use.
 */
export function localDate(instant: Date, timeZone: string): string {
  const { year, month, day } = zonedParts(instant, timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whether `Intl` knows the zone name: for validating configuration before it reaches a hot loop. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}
