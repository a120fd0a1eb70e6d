/**
 * Charts for digest messages: a neutral `ChartSpec` in, PNG bytes plus alt text and a text
 * fallback out, all in-process (no browser, nothing downloaded at install or run time).
 *
 * How: ECharts lays the chart out and paints it with its canvas renderer onto a Skia canvas
 * (`@napi-rs/canvas`, a prebuilt binary from the npm registry); the PNG is encoded off the main
 * thread. Chinese text needs a CJK font that no server can be assumed to have, so the bundled
 * Noto Sans SC (`@expo-google-fonts/noto-sans-sc`, OFL-1.1; it covers Latin too) is registered
 * once per process, memory-mapped by Skia rather than copied. Each chart gets its own canvas and
 * ECharts instance and is disposed in a `finally`: an undisposed instance keeps a timer alive and
 * the process would never exit.
 */
import { createRequire } from 'node:module';
import type { SKRSContext2D } from '@napi-rs/canvas';
import type * as Echarts from 'echarts/dist/echarts.esm.min';
import type { Locale } from '../core/i18n/index.ts';
import type { CardImage } from '../core/message.ts';
import { chartOption } from './charts-options.ts';
import {
  CHART_FONT_FAMILY,
  type ChartSpec,
  type ChartTheme,
  defaultTheme,
  localeOf,
  normalizeSpec,
  type RenderOptions,
} from './charts-spec.ts';
import { chartAlt, chartText } from './charts-text.ts';

export {
  type CartesianSpec,
  CHART_FONT_FAMILY,
  type ChartSeries,
  type ChartSlice,
  type ChartSpec,
  type ChartTheme,
  defaultTheme,
  type RenderOptions,
  SLA_COLORS,
  type ValueFormat,
} from './charts-spec.ts';
export { chartAlt, chartText, displayWidth, formatValue } from './charts-text.ts';

/** A rendered chart, ready to become a `CardImage` (png → data, alt, width, height, textFallback). */
export interface RenderedChart {
  png: Uint8Array;
  width: number;
  height: number;
  alt: string;
  textFallback: string;
}

/** The bundled font files, resolved from node_modules (regular for labels, bold for titles). */
const FONT_FILES = [
  '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
];

/** ECharts types its canvas and root as DOM elements; Skia's canvas stands in for both. */
type EchartsCanvas = ReturnType<NonNullable<Parameters<typeof Echarts.setPlatformAPI>[0]['createCanvas']>>;
type EchartsRoot = Parameters<typeof Echarts.init>[0];

interface ChartLibs {
  echarts: typeof Echarts;
  createCanvas: typeof import('@napi-rs/canvas').createCanvas;
  measure: SKRSContext2D;
}

let libs: Promise<ChartLibs> | undefined;

/**
 * One-time process setup, on the first chart (ECharts and Skia weigh ~65 MB: a sopbot that never
 * draws a chart never loads them): loads both, registers the fonts and hands ECharts a canvas for
 * measuring text (so label thinning sees the real glyph widths). Idempotent; throws when the font
 * package is missing: a broken install must be loud.
 */
export function prepareCharts(): Promise<ChartLibs> {
  libs ??= loadCharts().catch((err: unknown) => {
    libs = undefined;
    throw err;
  });
  return libs;
}

async function loadCharts(): Promise<ChartLibs> {
  // The single-file ECharts build: it loads in a tenth of the time of the tree-shakable modules
  // (see charts-echarts.d.ts) and registers every chart type and both renderers itself.
  const [echarts, { createCanvas, GlobalFonts }] = await Promise.all([
    import('echarts/dist/echarts.esm.min'),
    import('@napi-rs/canvas'),
  ]);
  const require = createRequire(import.meta.url);
  for (const file of FONT_FILES) {
    const path = require.resolve(file);
    if (!GlobalFonts.registerFromPath(path, CHART_FONT_FAMILY)) {
      throw new Error(`charts: could not load the chart font ${path}`);
    }
  }
  // ECharts measures text on a canvas it creates itself: give it a Skia one (a Node process has
  // no DOM). This is the only process-wide ECharts setting, and it is the same for every chart.
  echarts.setPlatformAPI({ createCanvas: () => createCanvas(1, 1) as unknown as EchartsCanvas });
  return { echarts, createCanvas, measure: createCanvas(1, 1).getContext('2d') };
}

const clampSize = (v: number | undefined, fallback: number) =>
  Math.round(Math.min(4000, Math.max(120, Number.isFinite(v) ? (v as number) : fallback)));

/** 400 px, or taller for horizontal bars with many categories (one ~36 px row each). */
function defaultHeight(spec: ChartSpec): number {
  if (spec.kind !== 'bar' || !spec.horizontal) return 400;
  return Math.min(1200, Math.max(400, 130 + spec.categories.length * 36));
}

function themeOf(partial: Partial<ChartTheme> | undefined): ChartTheme {
  return { ...defaultTheme, ...partial, fontSize: { ...defaultTheme.fontSize, ...partial?.fontSize } };
}

/**
 * Renders one chart to a PNG (default 800×400, white background, title on the image). Empty
 * data draws the title and "no data"; bad numbers become gaps; it does not throw for data.
 */
export async function renderChart(input: ChartSpec, opts: RenderOptions = {}): Promise<RenderedChart> {
  const { echarts, createCanvas, measure: ctx2d } = await prepareCharts();
  const spec = normalizeSpec(input);
  const locale: Locale = localeOf(spec, opts.locale);
  const width = clampSize(opts.width, 800);
  const height = clampSize(opts.height, defaultHeight(spec));
  const theme = themeOf(opts.theme);
  const measure = (text: string, fontSize: number) => {
    ctx2d.font = `${fontSize}px ${theme.fontFamily}`;
    return ctx2d.measureText(text).width;
  };
  const canvas = createCanvas(width, height);
  const chart = echarts.init(canvas as unknown as EchartsRoot, null, { width, height, devicePixelRatio: 1 });
  let png: Uint8Array;
  try {
    chart.setOption(chartOption(spec, { theme, locale, width, height, measure }));
    png = await canvas.encode('png');
  } finally {
    chart.dispose();
  }
  return {
    png,
    width,
    height,
    alt: chartAlt(spec, { locale }),
    textFallback: chartText(spec, { locale }),
  };
}

/**
 * The chart as the picture of a card's image block. No caption: the title is on the image and is
 * the first line of the text fallback, so the console does not print it twice.
 */
export function chartImage(chart: RenderedChart): CardImage {
  const { png, alt, width, height, textFallback } = chart;
  return { data: png, alt, width, height, textFallback };
}

/** Renders a digest's charts one after the other (fonts are loaded once, on the first). */
export async function renderCharts(specs: ChartSpec[], opts: RenderOptions = {}): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const spec of specs) out.push(await renderChart(spec, opts));
  return out;
}
