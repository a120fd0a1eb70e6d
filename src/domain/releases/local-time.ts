/**
 * Wall-clock helpers shared by due-time resolution and `at <time>` parsing, on top of
 * src/core/zoned-time.ts: calendar-day arithmetic in a zone, and the gap rule for skipped times.
 */
import { type LocalDateTime, zonedParts, zonedToInstant, zoneOffsetMs } from '../../core/zoned-time.ts';

function sameWall(a: LocalDateTime, instant: Date, zone: string): boolean {
  const p = zonedParts(instant, zone);
  return (
    p.year === a.year && p.month === a.month && p.day === a.day && p.hour === a.hour && p.minute === a.minute
  );
}

/**
 * The instant a wall time names in a zone. A skipped wall time (spring forward) resolves to the
 * first valid minute after the gap, flagged `shifted`; a repeated one (fall back) to its first
 * occurrence. zonedToInstant's "compatible" answer for a skipped time lands after the gap, moved
 * by its length; the first valid minute is the transition itself, found by bisecting whole
 * seconds between the two offsets.
 */
export function localToInstant(local: LocalDateTime, zone: string): { at: Date; shifted: boolean } {
  const at = zonedToInstant(local, zone);
  if (sameWall(local, at, zone)) return { at, shifted: false };
  const after = zoneOffsetMs(at, zone);
  let hi = Math.floor(at.getTime() / 1000);
  let lo = hi - Math.ceil(Math.abs(after - zoneOffsetMs(at.getTime() - 86_400_000, zone)) / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zoneOffsetMs(mid * 1000, zone) === after) hi = mid;
    else lo = mid;
  }
  return { at: new Date(hi * 1000), shifted: true };
}

/** `from`'s local calendar date moved by `days`, at a wall time (null: `from`'s own). */
export function localDay(
  t0: Date,
  zone: string,
  days: number,
  time: { hour: number; minute: number } | null,
) {
  const p = zonedParts(t0, zone);
  const shifted = new Date(Date.UTC(2000, 0, 1));
  shifted.setUTCFullYear(p.year, p.month - 1, p.day + days); // overflow rolls months and years
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: time ? time.hour : p.hour,
    minute: time ? time.minute : p.minute,
    second: time ? 0 : p.second,
  };
}
