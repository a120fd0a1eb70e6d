/**
 * `npm run bench:charts`: what charts cost a digest. Renders a realistic monthly digest set
 * (opened vs resolved per day for 31 days, SLA compliance per priority, breaches per overrun
 * bucket, backlog by age) in zh-CN and en, and prints a table of: module load, first-call setup
 * (font registration), the first chart, each chart's steady-state time, the whole set per
 * locale, and the peak RSS the charts added — each next to its target. It is a measurement, not
 * a test: it always exits 0, and says which targets were missed.
 */
import { performance } from 'node:perf_hooks';
import type { Locale } from '../../src/core/i18n/index.ts';
import type { ChartSpec } from '../../src/runtime/charts.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const TARGET = { setMs: 1500, chartMs: 300, firstMs: 1000, rssMb: 200 };
const SLA = { ok: '#2ea043', warning: '#e3a008', breach: '#d93f3f' };

const L = {
  daily: { 'zh-CN': '12 月每日新建与已解决工单', en: 'Opened vs resolved per day, December' },
  opened: { 'zh-CN': '新建', en: 'Opened' },
  resolved: { 'zh-CN': '已解决', en: 'Resolved' },
  sla: { 'zh-CN': 'SLA 达标率（按优先级）', en: 'SLA compliance by priority' },
  first: { 'zh-CN': '首次响应', en: 'First response' },
  resolve: { 'zh-CN': '解决', en: 'Resolution' },
  breaches: { 'zh-CN': '超时工单（按超出目标比例）', en: 'Breaches by overrun' },
  backlog: { 'zh-CN': '未关闭工单（按已开时长）', en: 'Open backlog by age' },
  ages: {
    'zh-CN': ['不到 1 天', '1–3 天', '3–7 天', '7 天以上'],
    en: ['< 1 day', '1–3 days', '3–7 days', '> 7 days'],
  },
} as const;

/** Deterministic "random" numbers so every run draws the same digest. */
function wave(i: number, base: number, spread: number): number {
  return base + Math.round(spread * (0.5 + 0.5 * Math.sin(i * 1.7) * Math.cos(i * 0.3)));
}

function digestSet(locale: Locale): { name: string; spec: ChartSpec }[] {
  const days = Array.from({ length: 31 }, (_, i) => `12-${String(i + 1).padStart(2, '0')}`);
  return [
    {
      name: 'opened vs resolved, 31 days',
      spec: {
        kind: 'bar',
        title: L.daily[locale],
        categories: days,
        series: [
          { name: L.opened[locale], values: days.map((_, i) => wave(i, 8, 14)) },
          { name: L.resolved[locale], values: days.map((_, i) => wave(i + 2, 7, 12)), kind: 'line' },
        ],
      },
    },
    {
      name: 'SLA compliance per priority',
      spec: {
        kind: 'bar',
        title: L.sla[locale],
        categories: ['P0', 'P1', 'P2', 'P3'],
        valueFormat: 'percent',
        series: [
          { name: L.first[locale], values: [100, 93.5, 88, 97] },
          { name: L.resolve[locale], values: [86, 81.2, 91, 99] },
        ],
      },
    },
    {
      name: 'breaches per overrun bucket',
      spec: {
        kind: 'pie',
        title: L.breaches[locale],
        slices: [
          { name: '≤50%', value: 12, color: SLA.warning },
          { name: '50–100%', value: 6, color: '#f0703c' },
          { name: '>100%', value: 5, color: SLA.breach },
        ],
      },
    },
    {
      name: 'backlog by age (stacked)',
      spec: {
        kind: 'bar',
        title: L.backlog[locale],
        horizontal: true,
        stacked: true,
        categories: [...L.ages[locale]],
        series: [
          { name: 'P0', values: [1, 0, 0, 0], color: SLA.breach },
          { name: 'P1', values: [4, 2, 1, 0], color: SLA.warning },
          { name: 'P2', values: [9, 6, 4, 2], color: '#3370ff' },
          { name: 'P3', values: [5, 7, 6, 8], color: '#7f8a99' },
        ],
      },
    },
  ];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const mb = (bytes: number) => bytes / 1024 / 1024;

interface Row {
  measure: string;
  value: string;
  target: string;
  ok?: boolean;
}

function printTable(rows: Row[]): void {
  const w = [0, 0, 0].map((_, c) =>
    Math.max(...rows.map((r) => [r.measure, r.value, r.target][c]?.length ?? 0)),
  );
  const line = (cells: string[], mark: string) =>
    `${cells.map((c, i) => (i === 0 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  ')}  ${mark}`;
  console.log(line(['measure', 'value', 'target'], ''));
  console.log('-'.repeat((w[0] ?? 0) + (w[1] ?? 0) + (w[2] ?? 0) + 8));
  for (const r of rows)
    console.log(line([r.measure, r.value, r.target], r.ok === undefined ? '' : r.ok ? 'ok' : 'MISSED'));
}

async function main(): Promise<void> {
  const rssBefore = process.memoryUsage().rss;
  const rows: Row[] = [];
  const ms = (v: number) => `${v.toFixed(1)} ms`;

  let t = performance.now();
  const charts = await import('../../src/runtime/charts.ts');
  rows.push({ measure: 'module load (charts.ts)', value: ms(performance.now() - t), target: '' });

  t = performance.now();
  await charts.prepareCharts();
  const setup = performance.now() - t;
  rows.push({ measure: 'first chart setup: echarts, canvas, fonts', value: ms(setup), target: '' });

  const sets = { 'zh-CN': digestSet('zh-CN'), en: digestSet('en') } as const;
  t = performance.now();
  await charts.renderChart(sets['zh-CN'][0]?.spec as ChartSpec);
  const first = performance.now() - t;
  rows.push({
    measure: 'first call: fonts + first chart',
    value: ms(setup + first),
    target: `< ${TARGET.firstMs} ms`,
    ok: setup + first < TARGET.firstMs,
  });

  for (const locale of ['zh-CN', 'en'] as const) {
    const set = sets[locale];
    const times = set.map(() => [] as number[]);
    const totals: number[] = [];
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      for (const [i, item] of set.entries()) {
        const s = performance.now();
        const out = await charts.renderChart(item.spec);
        times[i]?.push(performance.now() - s);
        if (round === 0) bytes += out.png.byteLength;
      }
      totals.push(performance.now() - start);
    }
    for (const [i, item] of set.entries()) {
      const m = median(times[i] ?? []);
      rows.push({
        measure: `${locale} ${item.name}`,
        value: ms(m),
        target: `< ${TARGET.chartMs} ms`,
        ok: m < TARGET.chartMs,
      });
    }
    const total = median(totals);
    rows.push({
      measure: `${locale} whole digest set (${set.length} charts, ${(bytes / 1024).toFixed(0)} KiB PNG)`,
      value: ms(total),
      target: `< ${TARGET.setMs} ms`,
      ok: total < TARGET.setMs,
    });
  }

  // ru_maxrss is the process's peak resident set, in KiB on Linux.
  const peakAdded = mb(process.resourceUsage().maxRSS * 1024 - rssBefore);
  rows.push({
    measure: 'peak RSS added by charts',
    value: `${peakAdded.toFixed(0)} MiB`,
    target: `< ${TARGET.rssMb} MiB`,
    ok: peakAdded < TARGET.rssMb,
  });

  console.log(`charts bench: ${ROUNDS} rounds per locale, median per chart; node ${process.version}\n`);
  printTable(rows);
  const missed = rows.filter((r) => r.ok === false).length;
  console.log(missed === 0 ? '\nall targets met' : `\n${missed} target(s) missed`);
}

await main();
