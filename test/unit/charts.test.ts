import { createHook } from 'node:async_hooks';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import * as echarts from 'echarts/dist/echarts.esm.min';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/i18n/index.ts';
import { chartImages } from '../../src/domain/digests/charts.ts';
import {
  type ChartSpec,
  chartAlt,
  chartImage,
  chartText,
  displayWidth,
  prepareCharts,
  renderChart,
  renderCharts,
  SLA_COLORS,
} from '../../src/runtime/charts.ts';
import { isEmptySpec } from '../../src/runtime/charts-spec.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which a PNG must start with. */
function ihdr(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** RGBA pixels of a PNG, decoded independently of the renderer's own canvas. */
async function pixels(png: Uint8Array): Promise<Uint8ClampedArray> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return ctx.getImageData(0, 0, image.width, image.height).data;
}

/** Pixels that differ between two same-sized images. */
function diffCount(a: Uint8ClampedArray, b: Uint8ClampedArray): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2]) n++;
  }
  return n;
}

const titled = (title: string): ChartSpec => ({
  kind: 'bar',
  title,
  categories: ['一', '二'],
  series: [{ name: '工单', values: [3, 5] }],
});

const small = { width: 400, height: 200 };

const openedResolved: ChartSpec = {
  kind: 'bar',
  title: 'Opened vs resolved',
  categories: ['Mon', 'Tue', 'Wed'],
  series: [
    { name: 'opened', values: [12, 6, 0] },
    { name: 'resolved', values: [5, null, 3] },
  ],
};

describe('renderChart', () => {
  it('returns a PNG whose IHDR matches the requested size', async () => {
    const chart = await renderChart(openedResolved, { width: 640, height: 320 });
    expect(ihdr(chart.png)).toEqual({ width: 640, height: 320 });
    expect({ width: chart.width, height: chart.height }).toEqual({ width: 640, height: 320 });
    expect(chartImage(chart)).toEqual({
      data: chart.png,
      alt: chart.alt,
      width: 640,
      height: 320,
      textFallback: chartText(openedResolved),
    });
    const def = await renderChart({ kind: 'pie', title: 'Split', slices: [{ name: 'a', value: 1 }] });
    expect(ihdr(def.png)).toEqual({ width: 800, height: 400 });
  });

  it('draws Chinese text as real glyphs, not tofu boxes', async () => {
    // Missing glyphs all draw the same box: two different texts with no glyphs in any font
    // (private-use code points) give identical images. That is what tofu would look like.
    const [puaA, puaB] = await Promise.all([
      renderChart(titled('\ue000\ue001\ue002\ue003'), small).then((c) => pixels(c.png)),
      renderChart(titled('\ue010\ue011\ue012\ue013'), small).then((c) => pixels(c.png)),
    ]);
    expect(diffCount(puaA, puaB)).toBe(0);
    // Two different Chinese titles of the same length must rasterize to different shapes ...
    const [zhA, zhB, boxes] = await Promise.all([
      renderChart(titled('新建工单'), small).then((c) => pixels(c.png)),
      renderChart(titled('超时告警'), small).then((c) => pixels(c.png)),
      renderChart(titled('□□□□'), small).then((c) => pixels(c.png)),
    ]);
    expect(diffCount(zhA, zhB)).toBeGreaterThan(200);
    // ... and neither looks like a row of box characters or of missing-glyph boxes.
    expect(diffCount(zhA, boxes)).toBeGreaterThan(200);
    expect(diffCount(zhA, puaA)).toBeGreaterThan(200);
  });

  it('renders empty data as an image with "no data" instead of throwing', async () => {
    const empties: ChartSpec[] = [
      { kind: 'bar', title: 'Backlog', categories: [], series: [] },
      {
        kind: 'line',
        title: '首次响应',
        categories: ['一', '二'],
        series: [{ name: '分钟', values: [0, null] }],
      },
      { kind: 'pie', title: 'Breaches', slices: [{ name: '≤50%', value: 0 }] },
      { kind: 'bar', title: 'Odd', categories: ['a', 'b'], series: [{ name: 'x', values: [Number.NaN] }] },
    ];
    const charts = await renderCharts(empties, small);
    for (const chart of charts) expect(ihdr(chart.png)).toEqual({ width: 400, height: 200 });
    expect(charts.map((c) => c.alt)).toEqual([
      'Backlog: No data',
      '首次响应：暂无数据',
      'Breaches: No data',
      'Odd: No data',
    ]);
    expect(charts[1]?.textFallback).toBe('首次响应\n暂无数据');
    // An empty chart still shows its title and the notice: not a blank canvas.
    const blank = await renderChart({ kind: 'bar', title: '', categories: [], series: [] }, small);
    expect(diffCount(await pixels(charts[0]?.png ?? blank.png), await pixels(blank.png))).toBeGreaterThan(
      200,
    );
  });

  it('draws 0% as a value, not as "no data": a week where every measured target was missed', async () => {
    const missed: ChartSpec = {
      kind: 'bar',
      title: 'SLA compliance',
      categories: ['P0', 'P1'],
      valueFormat: 'percent',
      series: [{ name: 'First response', values: [0, null] }],
    };
    expect(isEmptySpec(missed)).toBe(false);
    const [chart] = await renderCharts([missed], small);
    expect(chart?.alt).not.toContain('No data');
    expect(chart?.textFallback).toContain('0%');
    // In a count chart all zeros is nothing to draw.
    expect(isEmptySpec({ ...missed, valueFormat: 'count' })).toBe(true);
  });

  it('a digest draws only the charts with something to show, NaN counting as nothing', async () => {
    const t = translator('en');
    const nothing: ChartSpec = {
      kind: 'bar',
      title: 'Odd',
      categories: ['a'],
      series: [{ name: 'x', values: [Number.NaN] }],
    };
    const some: ChartSpec = {
      kind: 'bar',
      title: 'Some',
      categories: ['a'],
      series: [{ name: 'x', values: [3] }],
    };
    const images = await chartImages([nothing, some], t);
    expect(images.map((i) => i.alt)).toEqual([expect.stringContaining('Some')]);
    expect(await chartImages([nothing], t)).toEqual([]);
  });

  it('renders every kind: stacked, horizontal, mixed bar and line, percent, pie', async () => {
    const days = Array.from({ length: 31 }, (_, i) => `${i + 1}`);
    const specs: ChartSpec[] = [
      {
        kind: 'bar',
        title: 'Opened / resolved',
        categories: days,
        series: [
          { name: 'opened', values: days.map((_, i) => i % 7) },
          { name: 'resolved', values: days.map((_, i) => i % 5), kind: 'line' },
        ],
      },
      {
        kind: 'bar',
        title: 'Backlog',
        horizontal: true,
        stacked: true,
        categories: ['<1d', '1–3d'],
        series: [
          { name: 'P0', values: [1, 2], color: SLA_COLORS.breach },
          { name: 'P1', values: [3, 0], color: SLA_COLORS.warning },
        ],
      },
      {
        kind: 'line',
        title: 'SLA',
        categories: ['P0', 'P1'],
        valueFormat: 'percent',
        series: [{ name: 'met', values: [99, 87] }],
      },
    ];
    const charts = await renderCharts(specs, small);
    expect(charts.map((c) => ihdr(c.png))).toEqual(specs.map(() => ({ width: 400, height: 200 })));
  });

  it('disposes every chart: 50 renders leave no live ECharts timer behind', async () => {
    // Every timer created from here on is tracked until it is destroyed: a live ECharts instance
    // re-arms its animation-frame timer forever, so a chart that was not disposed shows up here.
    await prepareCharts(); // loads ECharts and the fonts (before tracking starts)
    const alive = new Set<number>();
    const hook = createHook({
      init: (id, type) => void (type === 'Timeout' && alive.add(id)),
      destroy: (id) => void alive.delete(id),
    }).enable();
    const settle = () =>
      new Promise((resolve) => setTimeout(resolve, 50)).then(() => new Promise(setImmediate));
    try {
      // Calibration: an instance that is not disposed keeps a timer alive.
      const root = createCanvas(100, 100) as unknown as Parameters<typeof echarts.init>[0];
      const leaked = echarts.init(root, null, { width: 100, height: 100 });
      await settle();
      expect(alive.size).toBeGreaterThan(0);
      leaked.dispose();
      await settle();
      expect(alive.size).toBe(0);

      const specs = Array.from(
        { length: 50 },
        (_, i): ChartSpec => ({
          kind: 'line',
          title: `t${i}`,
          categories: ['a', 'b', 'c'],
          series: [{ name: 's', values: [i, 1, 2] }],
        }),
      );
      const charts = await renderCharts(specs, { width: 200, height: 120 });
      expect(charts).toHaveLength(50);
      await settle();
      expect(alive.size).toBe(0);
    } finally {
      hook.disable();
    }
  });
});

describe('chartText', () => {
  it('prints aligned text bars, names and numbers, at most 60 columns', () => {
    expect(chartText(openedResolved)).toBe(
      [
        'Opened vs resolved',
        'Mon  opened   ███████████████ 12  resolved ██████▎         5',
        'Tue  opened   ███████▌         6  resolved                 -',
        'Wed  opened                    0  resolved ███▊            3',
      ].join('\n'),
    );
  });

  it('shows percent series as 87% on a 0–100 scale, CJK counted as two columns', () => {
    const text = chartText({
      kind: 'bar',
      title: 'SLA 达标率',
      categories: ['P0', '紧急'],
      valueFormat: 'percent',
      series: [{ name: '首次响应', values: [100, 87] }],
    });
    expect(text).toBe(
      ['SLA 达标率', `P0    ${'█'.repeat(49)} 100%`, `紧急  ${'█'.repeat(42)}▋${' '.repeat(6)}  87%`].join(
        '\n',
      ),
    );
    for (const line of text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(60);
  });

  it('prints pie slices with their share and a total row', () => {
    expect(
      chartText({
        kind: 'pie',
        title: 'Breaches by overrun',
        slices: [
          { name: '≤50%', value: 12 },
          { name: '50–100%', value: 6 },
          { name: '>100%', value: 5 },
        ],
      }),
    ).toBe(
      [
        'Breaches by overrun',
        `≤50%     ${'█'.repeat(43)} 12  52%`,
        `50–100%  ${'█'.repeat(21)}▌${' '.repeat(21)}  6  26%`,
        `>100%    ${'█'.repeat(17)}▉${' '.repeat(25)}  5  22%`,
        `Total    ${' '.repeat(43)} 23`,
      ].join('\n'),
    );
  });

  it('prints stacked bars as one shaded bar with the total and the parts', () => {
    expect(
      chartText({
        kind: 'bar',
        title: '积压工单',
        stacked: true,
        categories: ['<1天', '>7天'],
        series: [
          { name: 'P0', values: [2, 0] },
          { name: 'P1', values: [2, 1] },
        ],
      }),
    ).toBe(
      [
        '积压工单',
        '█ P0  ▓ P1',
        `<1天  ${'█'.repeat(23)}${'▓'.repeat(22)} 4  2 / 2`,
        `>7天  ${'▓'.repeat(11)}${' '.repeat(34)} 1  0 / 1`,
      ].join('\n'),
    );
  });
});

describe('chartAlt', () => {
  it('reads short series point by point, in the labels’ language', () => {
    expect(chartAlt(openedResolved)).toBe(
      'Opened vs resolved: Mon opened 12, resolved 5; Tue opened 6, resolved -; Wed opened 0, resolved 3',
    );
  });

  it('sums long series up: total and peak for counts, average and lowest for percents', () => {
    const days = Array.from({ length: 10 }, (_, i) => `12-${String(i + 1).padStart(2, '0')}`);
    expect(
      chartAlt({
        kind: 'bar',
        title: '每日工单',
        categories: days,
        series: [{ name: '新建', values: [1, 2, 3, 4, 15, 1, 1, 1, 1, 1] }],
      }),
    ).toBe('每日工单（12-01–12-10）：新建 合计 30，最高 15（12-05）');
    expect(
      chartAlt({
        kind: 'line',
        title: 'SLA met',
        valueFormat: 'percent',
        categories: days,
        series: [{ name: 'P1', values: [90, 90, 90, 90, 90, 90, 90, 90, 70, 100] }],
      }),
    ).toBe('SLA met (12-01–12-10): P1 average 89%, lowest 70% (12-09)');
  });

  it('takes the language from the title, so Chinese names in an English digest stay English', () => {
    const people = ['王小明', 'Bob', '李娜', 'Dan', 'Eve', 'Ann', 'Cat', 'Fay', 'Gus'];
    expect(
      chartAlt({
        kind: 'bar',
        title: 'Resolved by assignee',
        horizontal: true,
        categories: people,
        series: [{ name: 'resolved', values: [9, 8, 7, 6, 5, 4, 3, 2, 1] }],
      }),
    ).toBe('Resolved by assignee: resolved total 45, peak 9 (王小明)');
  });

  it('gives slivers of a pie as <1%, never 0%', () => {
    const spec: ChartSpec = {
      kind: 'pie',
      title: 'By category',
      slices: [
        { name: 'technical', value: 999 },
        { name: 'spam', value: 1 },
      ],
    };
    expect(chartAlt(spec)).toBe('By category: technical 999 (100%), spam 1 (<1%)');
  });

  it('formats numbers for the given locale', () => {
    const spec: ChartSpec = { kind: 'pie', title: 'Tickets', slices: [{ name: 'open', value: 12345 }] };
    expect(chartAlt(spec, { locale: 'en' })).toBe('Tickets: open 12,345 (100%)');
  });
});
