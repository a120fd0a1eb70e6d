/**
 * A chart as words: the console's text bars (`chartText`) and the one-line alt text
 * (`chartAlt`). Both read the same normalized spec as the picture, so the three never disagree.
 */
import type { Locale } from '../core/i18n/index.ts';
import {
  type CartesianSpec,
  type ChartSpec,
  isEmptySpec,
  localeOf,
  normalizeSpec,
  type ValueFormat,
} from './charts-spec.ts';

/** The renderer's own words (everything else arrives translated), in both locales. */
const WORDS = {
  noData: { en: 'No data', 'zh-CN': '暂无数据' },
  total: { en: 'total', 'zh-CN': '合计' },
  totalRow: { en: 'Total', 'zh-CN': '合计' },
  peak: { en: 'peak', 'zh-CN': '最高' },
  average: { en: 'average', 'zh-CN': '平均' },
  lowest: { en: 'lowest', 'zh-CN': '最低' },
} as const satisfies Record<string, Record<Locale, string>>;

/** One of the renderer's words in a locale (`noData` is also drawn on empty images). */
export function chartWord(key: keyof typeof WORDS, locale: Locale): string {
  return WORDS[key][locale];
}

const PUNCT = {
  en: { colon: ': ', comma: ', ', semi: '; ', open: ' (', close: ')' },
  'zh-CN': { colon: '：', comma: '，', semi: '；', open: '（', close: '）' },
} as const;

const numberFormats = new Map<Locale, Intl.NumberFormat>();

/** A value as people read it: `1,234`, `3.5h`, `87%` (percent values are 0–100). */
export function formatValue(value: number, locale: Locale, format: ValueFormat = 'count', unit = ''): string {
  let nf = numberFormats.get(locale);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
    numberFormats.set(locale, nf);
  }
  const n = nf.format(value);
  return format === 'percent' ? `${n}%` : `${n}${unit}`;
}

/** A slice's share of the whole as a whole percent; a sliver that rounds to 0 reads `<1%`. */
export function shareOf(value: number, sum: number, locale: Locale): string {
  const share = sum > 0 ? (Math.max(0, value) / sum) * 100 : 0;
  if (share > 0 && share < 0.5) return `<${formatValue(1, locale, 'percent')}`;
  return formatValue(Math.round(share), locale, 'percent');
}

const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

/** Terminal columns of a string: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += WIDE.test(ch) ? 2 : /\p{Mn}/u.test(ch) ? 0 : 1;
  return w;
}

const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - displayWidth(s))) + s;

/** Cuts a label to `w` columns with an ellipsis. */
function clip(text: string, w: number): string {
  if (displayWidth(text) <= w) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(`${out}${ch}…`) > w) break;
    out += ch;
  }
  return `${out}…`;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `value / max` of `width` columns, in eighth blocks; any positive value shows. */
function bar(value: number | null, max: number, width: number): string {
  if (value === null || value <= 0 || max <= 0) return '';
  const eighths = Math.max(1, Math.round((Math.min(value, max) / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

const WIDTH = 60;
const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);

/** The bar scale: percent charts run to 100%, counts to their largest value. */
function scaleOf(spec: CartesianSpec): number {
  const top = maxOf(spec.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  return spec.valueFormat === 'percent' ? Math.max(100, top) : top;
}

const SHADES = ['█', '▓', '▒', '░'];

/** Stacked bars of 2–4 series: one shaded bar per category, its total and the parts. */
function stackedLines(spec: CartesianSpec, locale: Locale): string[] {
  const fmt = (v: number | null) => formatValue(v ?? 0, locale, spec.valueFormat, spec.unit ?? '');
  const labelW = Math.min(12, maxOf(spec.categories.map(displayWidth)));
  const totals = spec.categories.map((_, i) =>
    spec.series.reduce((a, s) => a + Math.max(0, s.values[i] ?? 0), 0),
  );
  const totalW = maxOf(totals.map((t) => displayWidth(fmt(t))));
  const partW = spec.series.map((s) => maxOf(s.values.map((v) => displayWidth(fmt(v)))));
  const partsW = partW.reduce((a, w) => a + w, 0) + 3 * (partW.length - 1);
  const barW = Math.max(10, WIDTH - labelW - 2 - 1 - totalW - 2 - partsW);
  const scale = maxOf(totals);
  const legend = spec.series.map((s, si) => `${SHADES[si]} ${s.name}`).join('  ');
  const rows = spec.categories.map((c, i) => {
    let cum = 0;
    let drawn = 0;
    const segments = spec.series.map((s, si) => {
      cum += Math.max(0, s.values[i] ?? 0);
      const end = scale > 0 ? Math.round((cum / scale) * barW) : 0;
      const seg = (SHADES[si] ?? '█').repeat(end - drawn);
      drawn = end;
      return seg;
    });
    const parts = spec.series.map((s, si) => padStart(fmt(s.values[i] ?? null), partW[si] ?? 0)).join(' / ');
    return `${padEnd(clip(c, labelW), labelW)}  ${padEnd(segments.join(''), barW)} ${padStart(fmt(totals[i] ?? 0), totalW)}  ${parts}`;
  });
  return [legend, ...rows];
}

function cartesianLines(spec: CartesianSpec, locale: Locale): string[] {
  const stacked = spec.kind === 'bar' && spec.stacked === true;
  if (stacked && spec.series.length >= 2 && spec.series.length <= SHADES.length)
    return stackedLines(spec, locale);
  const fmt = (v: number | null) =>
    v === null ? '-' : formatValue(v, locale, spec.valueFormat, spec.unit ?? '');
  const labelW = Math.min(12, maxOf(spec.categories.map(displayWidth)));
  const named = spec.series.length > 1;
  const nameW = named ? Math.min(10, maxOf(spec.series.map((s) => displayWidth(s.name)))) : 0;
  const cells = spec.series.map((s) => s.values.map(fmt));
  const valW = cells.map((c) => maxOf(c.map(displayWidth)));
  const scale = scaleOf(spec);
  const cell = (si: number, i: number, barW: number) => {
    const s = spec.series[si];
    const name = named && s ? `${padEnd(clip(s.name, nameW), nameW)} ` : '';
    return `${name}${padEnd(bar(s?.values[i] ?? null, scale, barW), barW)} ${padStart(cells[si]?.[i] ?? '', valW[si] ?? 0)}`;
  };
  const fixed = labelW + valW.reduce((sum, w) => sum + w + 3 + (named ? nameW + 1 : 0), 0);
  const inlineW = Math.floor((WIDTH - fixed) / Math.max(1, spec.series.length));
  if (spec.series.length <= 2 && inlineW >= 10) {
    const barW = inlineW;
    return spec.categories.map((c, i) => {
      const parts = spec.series.map((_, si) => cell(si, i, barW));
      return `${padEnd(clip(c, labelW), labelW)}  ${parts.join('  ')}`;
    });
  }
  const barW = Math.max(3, WIDTH - 2 - nameW - 2 - maxOf(valW));
  return spec.categories.flatMap((c, i) => [
    clip(c, WIDTH),
    ...spec.series.map((_, si) => `  ${cell(si, i, barW)}`),
  ]);
}

function pieLines(spec: Extract<ChartSpec, { kind: 'pie' }>, locale: Locale): string[] {
  const sum = spec.slices.reduce((a, s) => a + Math.max(0, s.value), 0);
  const total = chartWord('totalRow', locale);
  const labelW = Math.min(16, maxOf([total, ...spec.slices.map((s) => s.name)].map(displayWidth)));
  const vals = spec.slices.map((s) => formatValue(s.value, locale));
  const shares = spec.slices.map((s) => shareOf(s.value, sum, locale));
  const sumText = formatValue(sum, locale);
  const valW = maxOf([...vals, sumText].map(displayWidth));
  const shareW = maxOf(shares.map(displayWidth));
  const barW = Math.max(3, WIDTH - labelW - 2 - 1 - valW - 2 - shareW);
  const top = maxOf(spec.slices.map((s) => s.value));
  const lines = spec.slices.map(
    (s, i) =>
      `${padEnd(clip(s.name, labelW), labelW)}  ${padEnd(bar(s.value, top, barW), barW)} ${padStart(vals[i] ?? '', valW)}  ${padStart(shares[i] ?? '', shareW)}`,
  );
  return [...lines, `${padEnd(clip(total, labelW), labelW)}  ${' '.repeat(barW)} ${padStart(sumText, valW)}`];
}

/**
 * The chart as aligned text bars, at most ~60 columns (CJK counted as two): the console shows
 * it where a chat shows the picture. First line the title; `87%` for percent charts.
 */
export function chartText(input: ChartSpec, opts: { locale?: Locale } = {}): string {
  const spec = normalizeSpec(input);
  const locale = localeOf(spec, opts.locale);
  if (isEmptySpec(spec)) return `${spec.title}\n${chartWord('noData', locale)}`;
  const lines = spec.kind === 'pie' ? pieLines(spec, locale) : cartesianLines(spec, locale);
  return [spec.title, ...lines].map((l) => l.trimEnd()).join('\n');
}

/** Long series are summed up (total and peak, or average and lowest for percents). */
function seriesSummary(spec: CartesianSpec, locale: Locale): string {
  const p = PUNCT[locale];
  const fmt = (v: number) => formatValue(v, locale, spec.valueFormat, spec.unit ?? '');
  return spec.series
    .map((s) => {
      const points = s.values.flatMap((v, i) => (v === null ? [] : [{ v, at: spec.categories[i] ?? '' }]));
      if (points.length === 0) return `${s.name} -`;
      const pick = (better: (a: number, b: number) => boolean) =>
        points.reduce((best, x) => (better(x.v, best.v) ? x : best));
      const sum = points.reduce((a, x) => a + x.v, 0);
      if (spec.valueFormat === 'percent') {
        const low = pick((a, b) => a < b);
        return `${s.name} ${chartWord('average', locale)} ${fmt(sum / points.length)}${p.comma}${chartWord('lowest', locale)} ${fmt(low.v)}${p.open}${low.at}${p.close}`;
      }
      const high = pick((a, b) => a > b);
      return `${s.name} ${chartWord('total', locale)} ${fmt(sum)}${p.comma}${chartWord('peak', locale)} ${fmt(high.v)}${p.open}${high.at}${p.close}`;
    })
    .join(p.semi);
}

/** Short series are read out point by point. */
function seriesPoints(spec: CartesianSpec, locale: Locale): string {
  const p = PUNCT[locale];
  const fmt = (v: number | null) =>
    v === null ? '-' : formatValue(v, locale, spec.valueFormat, spec.unit ?? '');
  const named = spec.series.length > 1;
  return spec.categories
    .map(
      (c, i) =>
        `${c} ${spec.series.map((s) => (named ? `${s.name} ` : '') + fmt(s.values[i] ?? null)).join(p.comma)}`,
    )
    .join(p.semi);
}

/**
 * A one-line description (title and the key numbers) in the labels' language: screen readers,
 * notifications and platforms that show text where the image failed.
 */
export function chartAlt(input: ChartSpec, opts: { locale?: Locale } = {}): string {
  const spec = normalizeSpec(input);
  const locale = localeOf(spec, opts.locale);
  const p = PUNCT[locale];
  if (isEmptySpec(spec)) return `${spec.title}${p.colon}${chartWord('noData', locale)}`;
  if (spec.kind === 'pie') {
    const sum = spec.slices.reduce((a, s) => a + Math.max(0, s.value), 0);
    const parts = spec.slices.map(
      (s) => `${s.name} ${formatValue(s.value, locale)}${p.open}${shareOf(s.value, sum, locale)}${p.close}`,
    );
    return `${spec.title}${p.colon}${parts.join(p.comma)}`;
  }
  if (spec.categories.length <= 8) return `${spec.title}${p.colon}${seriesPoints(spec, locale)}`;
  // A range reads well for days and weeks (`12-01–12-31`), not for names: only when both ends
  // carry a number.
  const [first, last] = [spec.categories[0] ?? '', spec.categories.at(-1) ?? ''];
  const range = /\d/.test(first) && /\d/.test(last) ? `${p.open}${first}–${last}${p.close}` : '';
  return `${spec.title}${range}${p.colon}${seriesSummary(spec, locale)}`;
}
