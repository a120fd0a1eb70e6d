/**
 * `/release start <template> <name> at <time>`: the T0 a person means, read in the release's
 * zone. Pure (now is passed in). Accepted:
 * - `14:30` — today in the zone; a time already past is refused (`releases.at_past`) rather than
 *   moved to tomorrow, so a typo never schedules a release a day late. The current minute counts
 *   as now (`14:30` typed at 14:30:20 starts at 14:30:00).
 * - `2026-12-03 14:30` (also `2026-12-03T14:30`, `2026/12/03 14:30`)
 * - `today|今天|tomorrow|明天|后天 09:00`
 * - `+2h`, `+1h30m`, `+30分钟` — from now; `now` / `现在`
 * - a time of day may also be written the Chinese way (`9点`, `9点30`, `下午3点半`, `明天上午9点`)
 *   or with am / pm (`3pm`, `3:30pm`, `tomorrow 9am`)
 * Skipped wall times (spring forward) move to the first valid minute after; repeated ones take
 * the first occurrence (see due.ts).
 */
import { parseDuration } from '../../core/duration.ts';
import type { Params } from '../../core/i18n/index.ts';
import { zonedParts } from '../../core/zoned-time.ts';
import type { ReleasesKey } from './catalog.ts';
import { localDay, localToInstant } from './local-time.ts';

export type StartAt =
  | { readonly ok: true; readonly at: Date }
  | { readonly ok: false; readonly key: ReleasesKey; readonly params: Params };

const CLOCK = '([01]?\\d|2[0-3])[:：]([0-5]\\d)';
const DATE_TIME = new RegExp(`^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:\\s+|T)${CLOCK}$`, 'i');
const DAY_WORD = new RegExp(`^(today|tomorrow|今天|明天|后天)\\s*${CLOCK}$`, 'i');
const TIME_ONLY = new RegExp(`^${CLOCK}$`);
const DAY_OFFSET: Record<string, number> = { today: 0, 今天: 0, tomorrow: 1, 明天: 1, 后天: 2 };

const CN_CLOCK =
  /(?:(上午|早上|早晨|中午|下午|晚上)\s*)?([01]?\d|2[0-3])\s*(?:[点點時时](?:(半)|([0-5]?\d)分?)?|[:：]([0-5]\d))/g;
const AM_PM = /\b(1[0-2]|0?\d)(?:[:：]([0-5]\d))?\s*(am|pm)\b/gi;

/** `下午3点半` → `15:30`, `9点` → `9:00`, `3:30pm` → `15:30`; other text is left as it is. */
function clockWords(text: string): string {
  const cn = text.replace(
    CN_CLOCK,
    (all: string, part?: string, h?: string, half?: string, m?: string, hm?: string) => {
      let hour = Number(h);
      // `晚上12点` is midnight, which day's is a guess: refused as not a time (write 00:00).
      if (part === '晚上' && (hour === 0 || hour === 12)) return `${all}?`;
      if ((part === '下午' || part === '晚上') && hour < 12) hour += 12;
      if (part === '中午' && hour < 11) hour += 12;
      return `${hour}:${half ? '30' : pad(Number(m ?? hm ?? 0))}`;
    },
  );
  return cn.replace(AM_PM, (_, h: string, m: string | undefined, half: string) => {
    const hour = (Number(h) % 12) + (half.toLowerCase() === 'pm' ? 12 : 0);
    return `${hour}:${m ?? '00'}`;
  });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function wallText(instant: Date, zone: string): string {
  const p = zonedParts(instant, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** A real calendar date (2026-02-30 is not), or null. */
function calendarDate(year: number, month: number, day: number) {
  const d = new Date(Date.UTC(2000, 0, 1));
  d.setUTCFullYear(year, month - 1, day);
  const ok = d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  return ok ? { year, month, day } : null;
}

function wallInstant(text: string, zone: string): Date | null | 'bad' {
  const dt = DATE_TIME.exec(text);
  if (dt) {
    const date = calendarDate(Number(dt[1]), Number(dt[2]), Number(dt[3]));
    if (!date) return 'bad';
    return localToInstant({ ...date, hour: Number(dt[4]), minute: Number(dt[5]) }, zone).at;
  }
  return null;
}

function relativeInstant(text: string, zone: string, now: Date): Date | null {
  const word = DAY_WORD.exec(text);
  const time = word ? null : TIME_ONLY.exec(text);
  const days = word ? (DAY_OFFSET[(word[1] ?? '').toLowerCase()] ?? 0) : 0;
  const hour = word ? word[2] : time?.[1];
  const minute = word ? word[3] : time?.[2];
  if (hour === undefined || minute === undefined) return null;
  return localToInstant(localDay(now, zone, days, { hour: Number(hour), minute: Number(minute) }), zone).at;
}

/** Reads `text` (what follows `at`) as an instant, or says why not. */
export function parseStartAt(text: string, zone: string, now: Date): StartAt {
  const value = text.trim().replace(/\s+/g, ' ');
  const bad: StartAt = { ok: false, key: 'releases.at_bad', params: { value } };
  if (/^(now|现在)$/i.test(value)) return { ok: true, at: now };
  if (value.startsWith('+')) {
    const ms = parseDuration(value.slice(1));
    const at = new Date(now.getTime() + (ms ?? 0));
    return ms === null || Number.isNaN(at.getTime()) ? bad : { ok: true, at };
  }
  const clock = clockWords(value);
  const exact = wallInstant(clock, zone);
  if (exact === 'bad') return bad;
  const at = exact ?? relativeInstant(clock, zone, now);
  if (!at) return bad;
  const minute = Math.floor(now.getTime() / 60_000) * 60_000;
  if (at.getTime() < minute) {
    return { ok: false, key: 'releases.at_past', params: { value, now: wallText(now, zone), zone } };
  }
  return { ok: true, at };
}
