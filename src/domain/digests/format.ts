/**
 * How a digest's numbers read, in the reader's language: counts, shares as percentages, durations
 * humanised (the SLA module's `1h 20m` / `1小时20分钟`), and each figure's change against the
 * previous period as ▲ / ▼ / = with the size of the change (rates in percentage points). Pure.
 */
import type { Locale, Translator } from '../../core/i18n/index.ts';
import { humanDuration } from '../sla/index.ts';
import type { Compared } from './figures.ts';

const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: Locale, digits: number): Intl.NumberFormat {
  const key = `${locale}|${digits}`;
  let nf = formats.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
    formats.set(key, nf);
  }
  return nf;
}

/** How a figure's value reads: a count, a share (0–1), a duration in ms, or a 1–5 score. */
export type Measure = 'count' | 'rate' | 'duration' | 'score';

/** `1,234` */
export function count(n: number, locale: Locale): string {
  return numberFormat(locale, 0).format(n);
}

/** A share 0–1 as `87.5%`. */
export function percent(share: number, locale: Locale): string {
  return `${numberFormat(locale, 1).format(share * 100)}%`;
}

/** One value in its measure; `—` when there is none. */
export function value(v: number | null, measure: Measure, t: Translator): string {
  if (v === null) return t('digests.none');
  switch (measure) {
    case 'count':
      return count(v, t.locale);
    case 'rate':
      return percent(v, t.locale);
    case 'duration':
      return humanDuration(v, t);
    case 'score':
      return numberFormat(t.locale, 2).format(v);
  }
}

/** The size of a change in the measure's unit (a rate's in percentage points, no sign). */
function magnitude(delta: number, measure: Measure, t: Translator): string {
  const d = Math.abs(delta);
  if (measure === 'rate') return numberFormat(t.locale, 1).format(d * 100);
  if (measure === 'duration') return humanDuration(d, t);
  if (measure === 'score') return numberFormat(t.locale, 2).format(d);
  return count(d, t.locale);
}

/** `▲3`, `▼2.5`, `=`; empty when there is nothing to compare with. */
export function change(c: Compared, measure: Measure, t: Translator): string {
  if (c.delta === null || c.direction === null) return '';
  if (c.direction === 'same') return '=';
  const arrow = c.direction === 'up' ? '▲' : '▼';
  const size = magnitude(c.delta, measure, t);
  // A change too small to show at this precision reads as none.
  return /[1-9]/.test(size) ? `${arrow}${size}` : '=';
}

/** The value followed by its change: `12 ▲3`, `93.5% ▼1.2`, `2h 10m ▲15m`. */
export function compared(c: Compared, measure: Measure, t: Translator): string {
  const delta = change(c, measure, t);
  return delta ? `${value(c.value, measure, t)} ${delta}` : value(c.value, measure, t);
}
