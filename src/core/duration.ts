/**
 * Durations as written in the config and commands: `30s`, `15m`, `2h`, `3d`, `1w`, or combined
 * (`1h30m`). The units may also be spelled out (`90min`, `2hours`) or Chinese (`30分钟`, `2小时`,
 * `1小时30分`, `3天`, `1周`), and an amount may have decimals (`1.5h`, `0.5天`; rounded to the
 * second). Returns milliseconds, or null when the text is not a duration, or is zero (`0m`, `0分钟`)
and `allowZero` is not set.
 */
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** Every spelling of each unit, longest first within a unit so the alternation takes it whole. */
const SPELLINGS: [Unit, string[]][] = [
  ['s', ['seconds', 'second', 'secs', 'sec', 's', '秒钟', '秒']],
  ['m', ['minutes', 'minute', 'mins', 'min', 'm', '分钟', '分']],
  ['h', ['hours', 'hour', 'hrs', 'hr', 'h', '个小时', '小时']],
  ['d', ['days', 'day', 'd', '天']],
  ['w', ['weeks', 'week', 'wks', 'wk', 'w', '个星期', '星期', '周']],
];
const UNIT_OF = new Map(SPELLINGS.flatMap(([unit, names]) => names.map((n) => [n, unit] as const)));
const PART = `(\\d+(?:\\.\\d+)?)(${SPELLINGS.flatMap(([, names]) => names).join('|')})`;
const WHOLE = new RegExp(`^(?:${PART})+$`);
const PARTS = new RegExp(PART, 'g');

export function parseDuration(text: string, allowZero = false): number | null {
  const trimmed = text.trim().toLowerCase();
  if (!WHOLE.test(trimmed)) return null;
  let total = 0;
  for (const [, n, name] of trimmed.matchAll(PARTS)) {
    total += Number(n) * UNIT_MS[UNIT_OF.get(name as string) as Unit];
  }
  total = Math.round(total / 1000) * 1000;
  return total > 0 || (allowZero && total === 0) ? total : null;
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
