/**
 * On-call rotations as pure time arithmetic. Shifts start at the handoff time in the rotation's
 * zone and last `every` of wall-clock time (a 1w rotation hands off every Monday 09:00 local,
 * whatever DST does). The first shift starts at the first handoff on or after `start`
 * (default 2024-01-01), so every replica and every restart agrees on who is on.
 */
import { type LocalDateTime, zonedParts, zonedToInstant } from '../../core/zoned-time.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const DAY_MS = 86_400_000;
const DEFAULT_START = '2024-01-01';

/** A rotation as configured: `teams.<team>.tiers[].rotation`. */
export interface RotationConfig {
  members: string[];
  /** Shift length in ms. */
  every: number;
  /** "mon 09:00" */
  handoff: string;
  timezone?: string;
  /** 'YYYY-MM-DD': the first shift starts at the first handoff on or after this date. */
  start?: string;
}

export interface Rotation {
  members: string[];
  everyMs: number;
  timeZone: string;
  /** Wall-clock start of shift 0, as naive UTC milliseconds. */
  anchorWall: number;
}

export interface Shift {
  /** Shift number since the anchor (negative before it). */
  index: number;
  member: string;
  startsAt: Date;
  endsAt: Date;
}

function wallMs(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second ?? 0);
}

function wallToLocal(ms: number): LocalDateTime {
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** Resolves a configured rotation (validated by the config schema) against the default zone. */
export function compileRotation(config: RotationConfig, defaultTimeZone: string): Rotation {
  const m = /^(\w{3})\s+(\d{2}):(\d{2})$/.exec(config.handoff.trim().toLowerCase());
  const day = DAYS.indexOf((m?.[1] ?? 'mon') as (typeof DAYS)[number]);
  const [y, mo, d] = (config.start ?? DEFAULT_START).split('-').map(Number);
  const startDay = Date.UTC(y ?? 2024, (mo ?? 1) - 1, d ?? 1);
  const offset = ((((day < 0 ? 1 : day) - new Date(startDay).getUTCDay()) % 7) + 7) % 7;
  const anchorWall = startDay + offset * DAY_MS + (Number(m?.[2] ?? 9) * 60 + Number(m?.[3] ?? 0)) * 60_000;
  return {
    members: config.members,
    everyMs: config.every,
    timeZone: config.timezone ?? defaultTimeZone,
    anchorWall,
  };
}

/** The instant shift `index` starts. */
export function shiftStart(rot: Rotation, index: number): Date {
  return zonedToInstant(wallToLocal(rot.anchorWall + index * rot.everyMs), rot.timeZone);
}

/** The shift in force at `at`. */
export function shiftAt(rot: Rotation, at: Date): Shift {
  const p = zonedParts(at, rot.timeZone);
  let index = Math.floor((wallMs(p) - rot.anchorWall) / rot.everyMs);
  // The wall-clock estimate can be one off around DST shifts; the instants decide.
  while (shiftStart(rot, index) > at) index--;
  while (shiftStart(rot, index + 1) <= at) index++;
  const n = rot.members.length;
  return {
    index,
    member: rot.members[((index % n) + n) % n] ?? '',
    startsAt: shiftStart(rot, index),
    endsAt: shiftStart(rot, index + 1),
  };
}
