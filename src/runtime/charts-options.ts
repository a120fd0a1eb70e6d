/**
 * Spec → ECharts option: the design decisions of a digest chart (sizes, label thinning, value
 * labels, legend, empty state) in one pure function, so they can be read and changed in one place.
 */
import type { EChartsOption } from 'echarts';
import type { Locale } from '../core/i18n/index.ts';
import { type CartesianSpec, type ChartSpec, type ChartTheme, colorAt, isEmptySpec } from './charts-spec.ts';
import { chartWord, formatValue, shareOf } from './charts-text.ts';

/** What the option builder needs from its surroundings: sizes, words and text measurement. */
export interface OptionContext {
  theme: ChartTheme;
  locale: Locale;
  width: number;
  height: number;
  /** Width in pixels of `text` at `fontSize` in the chart font. */
  measure: (text: string, fontSize: number) => number;
}

const PAD = 20;
type Option = EChartsOption;

function titleOf(spec: ChartSpec, ctx: OptionContext) {
  const { theme } = ctx;
  return {
    text: spec.title,
    left: PAD,
    top: 14,
    textStyle: {
      fontSize: theme.fontSize.title,
      fontWeight: 'bold' as const,
      color: theme.text,
      width: ctx.width - 2 * PAD,
      overflow: 'truncate' as const,
    },
  };
}

function base(spec: ChartSpec, ctx: OptionContext): Option {
  return {
    animation: false,
    backgroundColor: ctx.theme.background,
    textStyle: { fontFamily: ctx.theme.fontFamily, color: ctx.theme.text },
    title: titleOf(spec, ctx),
  };
}

/** Title and a centred "no data": what a quiet day's chart says instead of a flat line. */
function emptyOption(spec: ChartSpec, ctx: OptionContext): Option {
  const { theme } = ctx;
  return {
    ...base(spec, ctx),
    title: [
      titleOf(spec, ctx),
      {
        text: chartWord('noData', ctx.locale),
        left: 'center',
        top: 'middle',
        textStyle: { fontSize: theme.fontSize.empty, fontWeight: 'normal', color: theme.muted },
      },
    ],
  };
}

/**
 * Category labels: all of them when they fit, on two lines or rotated when few and long, thinned
 * when many (31 days).
 */
function categoryLabels(spec: CartesianSpec, ctx: OptionContext, horizontal: boolean) {
  const size = ctx.theme.fontSize.label;
  const common = { fontSize: size, color: ctx.theme.muted, hideOverlap: true };
  if (horizontal)
    return { ...common, interval: 0, width: Math.round(ctx.width * 0.28), overflow: 'truncate' as const };
  const n = Math.max(1, spec.categories.length);
  const slot = (ctx.width - 2 * PAD - 60) / n;
  const widest = spec.categories.reduce((w, c) => Math.max(w, ctx.measure(c, size)), 0);
  if (widest + 10 <= slot) return { ...common, interval: 0 };
  if (n > 12) return { ...common, interval: 'auto' as const };
  if (widest <= 2 * (slot - 10)) {
    const lines = { lineHeight: Math.round(size * 1.2), height: Math.round(size * 2.5) };
    return {
      ...common,
      ...lines,
      interval: 0,
      width: slot - 10,
      overflow: 'break' as const,
      lineOverflow: 'truncate' as const,
    };
  }
  return {
    ...common,
    interval: 0,
    rotate: 35,
    width: Math.round(ctx.height * 0.4),
    overflow: 'truncate' as const,
  };
}

function valueAxis(spec: CartesianSpec, ctx: OptionContext) {
  const values = spec.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const percent = spec.valueFormat === 'percent';
  const integral = values.every((v) => Number.isInteger(v));
  const upTo100 = percent && values.every((v) => v <= 100);
  // Bars need a zero baseline; lines show a trend, so a line-only percent chart zooms in on it.
  const linesOnly = spec.series.every((s) => (s.kind ?? spec.kind) === 'line');
  const low = Math.min(...values);
  const zoom = percent && linesOnly && upTo100 && low >= 40;
  return {
    type: 'value' as const,
    min: zoom ? Math.floor((low - 5) / 10) * 10 : 0,
    ...(upTo100 ? { max: 100, interval: zoom ? undefined : 25 } : {}),
    minInterval: !percent && integral ? 1 : undefined,
    splitNumber: 4,
    axisLabel: {
      fontSize: ctx.theme.fontSize.value,
      color: ctx.theme.muted,
      formatter: (v: number) => formatValue(v, ctx.locale, spec.valueFormat, spec.unit ?? ''),
    },
    splitLine: { lineStyle: { color: ctx.theme.gridLine } },
  };
}

/** Value labels on bars (and on lines) only while there are few enough points to read them. */
function seriesOf(spec: CartesianSpec, ctx: OptionContext) {
  const horizontal = spec.kind === 'bar' && spec.horizontal === true;
  const stacked = spec.kind === 'bar' && spec.stacked === true;
  const n = spec.categories.length;
  const bars = spec.series.filter((s) => (s.kind ?? spec.kind) === 'bar').length;
  const fmt = (v: unknown) =>
    typeof v === 'number' && v !== 0 ? formatValue(v, ctx.locale, spec.valueFormat, spec.unit ?? '') : '';
  const valueLabel = (show: boolean, position: string, color: string) => ({
    show,
    position,
    color,
    fontSize: ctx.theme.fontSize.value,
    formatter: (p: { value: unknown }) => fmt(Array.isArray(p.value) ? p.value.at(-1) : p.value),
  });
  return spec.series.map((s, i) => {
    const color = colorAt(ctx.theme, i, s.color);
    if ((s.kind ?? spec.kind) === 'line') {
      return {
        type: 'line' as const,
        name: s.name,
        data: s.values,
        color,
        z: 3,
        symbol: 'circle',
        symbolSize: n > 20 ? 5 : 8,
        lineStyle: { width: 3 },
        label: valueLabel(n <= 12, 'top', ctx.theme.text),
        labelLayout: { hideOverlap: true },
      };
    }
    const few = n * (stacked ? 1 : bars) <= (horizontal ? 30 : 20);
    return {
      type: 'bar' as const,
      name: s.name,
      data: s.values,
      color,
      stack: stacked ? 'total' : undefined,
      barMaxWidth: horizontal ? 36 : 56,
      labelLayout: { hideOverlap: true },
      label: stacked
        ? valueLabel(few, 'inside', '#ffffff')
        : valueLabel(few, horizontal ? 'right' : 'top', ctx.theme.text),
    };
  });
}

function cartesianOption(spec: CartesianSpec, ctx: OptionContext): Option {
  const horizontal = spec.kind === 'bar' && spec.horizontal === true;
  const legend = spec.series.length > 1;
  const category = {
    type: 'category' as const,
    data: spec.categories,
    inverse: horizontal,
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: ctx.theme.muted } },
    axisLabel: categoryLabels(spec, ctx, horizontal),
  };
  const value = valueAxis(spec, ctx);
  return {
    ...base(spec, ctx),
    legend: legend
      ? {
          top: 62,
          left: PAD,
          itemWidth: 22,
          itemHeight: 12,
          itemGap: 24,
          textStyle: { fontSize: ctx.theme.fontSize.label, color: ctx.theme.text },
        }
      : undefined,
    grid: {
      left: PAD,
      right: PAD + 12,
      top: legend ? 116 : 82,
      bottom: 16,
      outerBoundsMode: 'same',
      outerBoundsContain: 'axisLabel',
    },
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: seriesOf(spec, ctx),
  } as Option;
}

/** A donut with its slices labelled `name · value · share` and the total in the hole. */
function pieOption(spec: Extract<ChartSpec, { kind: 'pie' }>, ctx: OptionContext): Option {
  const { theme } = ctx;
  const total = spec.slices.reduce((a, s) => a + Math.max(0, s.value), 0);
  const data = spec.slices.flatMap((s, i) =>
    s.value > 0 ? [{ name: s.name, value: s.value, itemStyle: { color: colorAt(theme, i, s.color) } }] : [],
  );
  const center = ['50%', '58%'];
  return {
    ...base(spec, ctx),
    title: [
      titleOf(spec, ctx),
      {
        text: formatValue(total, ctx.locale),
        left: center[0],
        top: center[1],
        textAlign: 'center',
        textVerticalAlign: 'middle',
        textStyle: { fontSize: theme.fontSize.title + 6, fontWeight: 'bold', color: theme.text },
      },
    ],
    series: [
      {
        type: 'pie',
        radius: ['36%', '62%'],
        center,
        data,
        avoidLabelOverlap: true,
        itemStyle: { borderColor: theme.background, borderWidth: 2 },
        labelLine: { length: 14, length2: 14 },
        label: {
          fontSize: theme.fontSize.label,
          color: theme.text,
          formatter: (p: { name: string; value: number }) =>
            `${p.name}  ${formatValue(p.value, ctx.locale)} · ${shareOf(p.value, total, ctx.locale)}`,
        },
      },
    ],
  } as Option;
}

/** The ECharts option for a normalized spec (see `normalizeSpec`). */
export function chartOption(spec: ChartSpec, ctx: OptionContext): Option {
  if (isEmptySpec(spec)) return emptyOption(spec, ctx);
  return spec.kind === 'pie' ? pieOption(spec, ctx) : cartesianOption(spec, ctx);
}
