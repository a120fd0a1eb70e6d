import { zonedParts } from './zoned-time.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** `2026-11-22 09:30` in the given zone: the one way sopbot prints a time. */
export function formatDateTime(at: Date, timeZone: string): string {
  const p = zonedParts(at, timeZone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}
