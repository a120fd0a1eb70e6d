/**
 * The neutral chart spec and its theme: what a digest asks to draw, with no renderer types in
 * it. Callers pass labels already translated; the renderer adds no words of its own except the
 * "no data" line and the connecting words of alt texts (both per locale, see charts-text.ts).
 */
import type { Locale } from '../core/i18n/index.ts';

/**
 * One series of a bar or line chart: a value per category (`null` = no value, drawn as a gap).
 * `kind` mixes a line into a bar chart (opened as bars, backlog as a line); `color` pins the
 * series' color (red/amber/green SLA buckets) instead of taking the next palette color.
 */
export interface ChartSeries {
  name: string;
  values: (number | null)[];
  color?: string;
  kind?: 'bar' | 'line';
}

/** How values read: `count` (12, 3.5) or `percent`, where 87 means 87% (0–100, not 0–1). */
export type ValueFormat = 'count' | 'percent';

/**
 * What a digest wants drawn. `unit` is appended to the numbers of count charts (`h`, `小时`);
 * a bar chart may be `stacked` (series add up per category) or `horizontal` (long category
 * labels such as assignees read better down the side).
 */
export type ChartSpec =
  | {
      kind: 'bar';
      title: string;
      categories: string[];
      series: ChartSeries[];
      stacked?: boolean;
      horizontal?: boolean;
      unit?: string;
      valueFormat?: ValueFormat;
    }
  | {
      kind: 'line';
      title: string;
      categories: string[];
      series: ChartSeries[];
      unit?: string;
      valueFormat?: ValueFormat;
    }
  | { kind: 'pie'; title: string; slices: ChartSlice[] };

/** One slice of a pie; zero slices are left out of the picture but kept in the text. */
export interface ChartSlice {
  name: string;
  value: number;
  color?: string;
}

/** A bar or line spec: the two kinds share categories, series and value formatting. */
export type CartesianSpec = Extract<ChartSpec, { kind: 'bar' | 'line' }>;

/**
 * Colors and type sizes. Sizes are in PNG pixels for an 800 px wide image, chosen so the text is
 * still ~11 px tall when Slack or Feishu scale the preview down to 400–500 px.
 */
export interface ChartTheme {
  /** Series / slice colors in order, used when a series or slice brings no color of its own. */
  palette: string[];
  /** Opaque: transparent PNGs turn unreadable in dark mode. */
  background: string;
  text: string;
  muted: string;
  gridLine: string;
  fontFamily: string;
  fontSize: { title: number; label: number; value: number; empty: number };
}

/** The family name the bundled CJK font is registered under (see charts.ts). */
export const CHART_FONT_FAMILY = 'Noto Sans SC';

/** A calm palette with distinct neighbours (blue/orange first: opened vs resolved). */
export const defaultTheme: ChartTheme = {
  palette: ['#3370ff', '#f5871f', '#2ea043', '#8e5bd8', '#14a9b8', '#e0457b', '#9c7b4f', '#7f8a99'],
  background: '#ffffff',
  text: '#1f2329',
  muted: '#5c6470',
  gridLine: '#e4e7ec',
  fontFamily: `"${CHART_FONT_FAMILY}", sans-serif`,
  fontSize: { title: 30, label: 22, value: 20, empty: 28 },
};

/**
 * Traffic-light colors for SLA buckets (met / close to the target / breached): callers pass
 * them as a series' or slice's `color`, so every digest paints the buckets the same way.
 */
export const SLA_COLORS = { ok: '#2ea043', warning: '#e3a008', breach: '#d93f3f' } as const;

/** Options of one rendering. `locale` picks number formatting and the few built-in words. */
export interface RenderOptions {
  /** PNG width in pixels (default 800). */
  width?: number;
  /** PNG height in pixels (default 400). */
  height?: number;
  theme?: Partial<ChartTheme>;
  /** Default: zh-CN when the spec's text has Chinese characters, else en. */
  locale?: Locale;
}

const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]/;

/** Every text of a spec: the title, categories, series and slice names. */
export function specTexts(spec: ChartSpec): string[] {
  if (spec.kind === 'pie') return [spec.title, ...spec.slices.map((s) => s.name)];
  return [spec.title, ...spec.categories, ...spec.series.map((s) => s.name)];
}

/**
 * The locale the labels are written in, when the caller did not say: the title's script decides
 * (people's names in an English digest may well be Chinese), then the other labels'.
 */
export function localeOf(spec: ChartSpec, locale?: Locale): Locale {
  if (locale) return locale;
  if (CJK.test(spec.title)) return 'zh-CN';
  if (/\p{L}/u.test(spec.title)) return 'en';
  return specTexts(spec).some((t) => CJK.test(t)) ? 'zh-CN' : 'en';
}

const finite = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * The spec with every series cut or padded to the categories and non-finite values turned into
 * gaps, so neither the picture nor the text ever meets NaN or a ragged series.
 */
export function normalizeSpec(spec: ChartSpec): ChartSpec {
  if (spec.kind === 'pie') {
    const slices = (spec.slices ?? []).map((s) => ({
      ...s,
      name: String(s.name),
      value: finite(s.value) ?? 0,
    }));
    return { ...spec, title: String(spec.title ?? ''), slices };
  }
  const categories = (spec.categories ?? []).map(String);
  const series = (spec.series ?? []).map((s) => ({
    ...s,
    name: String(s.name),
    values: categories.map((_, i) => finite(s.values?.[i])),
  }));
  return { ...spec, title: String(spec.title ?? ''), categories, series };
}

/**
 * True when there is nothing to draw: no categories, no series, or every value missing or, in a
 * count chart, 0. In a percent chart 0 is a value (0% compliance is the week to see, not "no data").
 */
export function isEmptySpec(spec: ChartSpec): boolean {
  if (spec.kind === 'pie') return !spec.slices.some((s) => s.value > 0);
  if (spec.categories.length === 0) return true;
  const zeroCounts = spec.valueFormat === 'percent';
  return !spec.series.some((s) => s.values.some((v) => v !== null && (zeroCounts || v !== 0)));
}

/** The color of the i-th series or slice: its own, else the palette's, cycling. */
export function colorAt(theme: ChartTheme, i: number, own?: string): string {
  return own ?? theme.palette[i % theme.palette.length] ?? '#3370ff';
}
