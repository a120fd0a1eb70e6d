/**
 * Durations as written in the config and commands: `30s`, `15m`, `2h`, `3d`, `1w`, or combined
 * (`1h30m`). Returns milliseconds, or null when the text is not a duration.
 */
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

export function parseDuration(text: string): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!/^(\d+(s|m|h|d|w))+$/.test(trimmed)) return null;
  let total = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)(s|m|h|d|w)/g)) {
    total += Number(n) * UNIT_MS[unit as keyof typeof UNIT_MS];
  }
  return total > 0 ? total : null;
}

/** The shortest exact rendering: 5400000 → `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0s';
  let rest = Math.round(ms / 1000) * 1000;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_MS[unit];
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out || '0s';
}
