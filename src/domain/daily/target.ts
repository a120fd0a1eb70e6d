/**
 * KPI targets of numeric daily-report fields (seed 002 §5.1: 新增好友数 ≥100人/日, 朋友圈发布数
 * ≥5条/日): parsing the config's target expression, checking a value against it, describing it in
 * the reader's language, and the completion rate (完成率) the weekly review and the monthly board
 * show.
 *
 * The expressions, decided here:
 * - `>=100` / `≥100`: at least 100; `>100`: more than 100.
 * - `<=5` / `≤5`: at most 5; `<5`: less than 5 (lower is better: bugs, complaints).
 * - `=100`: exactly 100.
 * - a bare `100` (or a YAML number): **at least 100**, the way seed 002 writes its targets
 *   (目标值 ≥100人/日) and the way people say "the target is 100".
 * - `80..120` (also `80~120`): between 80 and 120, both included.
 * A trailing `%` is allowed and ignored (the unit is the field's `unit`).
 *
 * Completion rate (a fraction, 1 = 100%):
 * - lower bounds and `=`: actual / target (120 against ≥100 → 1.2; can exceed 1).
 * - upper bounds (`<=`, `<`): 1 while the value is within the limit, then limit / actual
 *   (10 against ≤5 → 0.5): being under a ceiling is "done", going over it erodes the rate.
 * - ranges: 1 inside, actual / min below, max / actual above.
 * A target of 0 gives 1 when met and 0 when not (no division by zero).
 */
import type { MessageKey, Translator } from '../../core/i18n/index.ts';

/** A parsed target: a bound (`op` + `value`) or an inclusive range `value..max`. */
export type Target =
  | { op: '>=' | '>' | '<=' | '<' | '='; value: number }
  | { op: 'range'; value: number; max: number };

const NUM = String.raw`-?\d[\d,]*(?:\.\d+)?`;
const BOUND = new RegExp(String.raw`^(>=|≥|>|<=|≤|<|==?)?\s*(${NUM})\s*%?$`);
const RANGE = new RegExp(String.raw`^(${NUM})\s*%?\s*(?:\.\.|~|～)\s*(${NUM})\s*%?$`);

const toNumber = (text: string): number => Number(text.replace(/,/g, ''));

/** Parses a target expression (see the file comment), or null when it is not one. */
export function parseTarget(input: string | number): Target | null {
  if (typeof input === 'number') return Number.isFinite(input) ? { op: '>=', value: input } : null;
  const text = input.trim();
  const range = RANGE.exec(text);
  if (range) {
    const min = toNumber(range[1] ?? '');
    const max = toNumber(range[2] ?? '');
    return Number.isFinite(min) && Number.isFinite(max) && min <= max
      ? { op: 'range', value: min, max }
      : null;
  }
  const bound = BOUND.exec(text);
  if (!bound) return null;
  const value = toNumber(bound[2] ?? '');
  if (!Number.isFinite(value)) return null;
  const sign = bound[1] ?? '>=';
  const op = sign === '≥' ? '>=' : sign === '≤' ? '<=' : sign === '==' ? '=' : sign;
  return { op: op as '>=' | '>' | '<=' | '<' | '=', value };
}

/** Whether a value meets the target; a missing value never does. */
export function meetsTarget(value: number | null | undefined, target: Target): boolean {
  if (value === null || value === undefined || !Number.isFinite(value)) return false;
  switch (target.op) {
    case '>=':
      return value >= target.value;
    case '>':
      return value > target.value;
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
    case '=':
      return value === target.value;
    case 'range':
      return value >= target.value && value <= target.max;
  }
}

/**
 * The completion rate as a fraction (1 = 100%), defined in the file comment; null without a
 * value.
 */
export function completionRate(actual: number | null | undefined, target: Target): number | null {
  if (actual === null || actual === undefined || !Number.isFinite(actual)) return null;
  const ratio = (num: number, den: number) => (den === 0 ? (num >= 0 ? 1 : 0) : num / den);
  switch (target.op) {
    case '>=':
    case '>':
    case '=':
      return target.value === 0 ? (meetsTarget(actual, target) ? 1 : 0) : actual / target.value;
    case '<=':
    case '<':
      if (meetsTarget(actual, target)) return 1;
      return actual <= 0 ? 0 : ratio(target.value, actual);
    case 'range':
      if (actual < target.value) return target.value === 0 ? 0 : actual / target.value;
      if (actual > target.max) return ratio(target.max, actual);
      return 1;
  }
}

/**
 * The target over several days or members: a daily ≥100 over 5 report days is ≥500 for the
 * week (the weekly review compares weekly totals; the compiled report compares the team's sum).
 */
export function scaleTarget(target: Target, times: number): Target {
  if (target.op === 'range') return { op: 'range', value: target.value * times, max: target.max * times };
  return { op: target.op, value: target.value * times };
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A number for people: `1,234`, `12.5`. */
export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

/** A value with its unit: `120人`, `45%`, `3 calls` (a space before units written in letters). */
export function withUnit(value: number, unit?: string): string {
  const n = formatNumber(value);
  if (!unit) return n;
  return /^[A-Za-z]/.test(unit) ? `${n} ${unit}` : `${n}${unit}`;
}

/** A rate as a percentage: `104%`, `87.5%`; `—` when there is none. */
export function formatRate(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return '—';
  return `${formatNumber(Math.round(rate * 1000) / 10)}%`;
}

/** The target in the reader's language: `≥ 100人`, `at most 5`, `80–120 calls`. */
export function describeTarget(target: Target, unit: string | undefined, t: Translator): string {
  if (target.op === 'range') {
    return t('daily.target.range', { min: formatNumber(target.value), max: withUnit(target.max, unit) });
  }
  const keys: Record<typeof target.op, MessageKey> = {
    '>=': 'daily.target.at_least',
    '>': 'daily.target.more_than',
    '<=': 'daily.target.at_most',
    '<': 'daily.target.less_than',
    '=': 'daily.target.exactly',
  };
  const key = keys[target.op];
  return t(key, { value: withUnit(target.value, unit) });
}
