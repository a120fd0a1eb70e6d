/**
 * The digest's charts as neutral specs, every label in the reader's language: opened vs resolved
 * per local day, SLA compliance per priority (one series per target), breaches per overrun bucket
 * (stacked by target) and the open backlog by age. Rendering them
 * (ECharts on a Skia canvas) is src/runtime/charts.ts's; it is loaded on first use, so a process
 * that never draws a chart never loads the renderer.
 */
import './catalog.ts';
import type { Translator } from '../../core/i18n/index.ts';
import type { CardImage } from '../../core/message.ts';
import type { ChartSpec } from '../../runtime/charts.ts';
import { isEmptySpec, normalizeSpec } from '../../runtime/charts-spec.ts';
import { TARGETS, targetName } from '../sla/index.ts';
import { PRIORITIES } from '../tickets/index.ts';
import { type DigestFigures, OVERRUN_BUCKETS } from './figures.ts';
import { targetShown } from './render.ts';

/** One color per SLA target, the same in both charts that split by target. */
const TARGET_COLORS = { first_response: '#3370ff', resolve: '#f5871f', restore: '#8e5bd8' } as const;
const AGES = ['lt1d', 'd1to3', 'd3to7', 'gte7d'] as const;

/** `03-08` for a day of the period (the year is in the card's period line). */
const shortDay = (day: string) => day.slice(5);

const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** The four charts of a digest. */
export function digestCharts(f: DigestFigures, t: Translator): ChartSpec[] {
  const targets = TARGETS.filter((target) => targetShown(f, target));
  const sla = (target: (typeof TARGETS)[number]) => f.sla.find((s) => s.target === target);
  return [
    {
      kind: 'bar',
      title: t('digests.chart.flow'),
      categories: f.series.map((d) => shortDay(d.day)),
      series: [
        { name: t('digests.chart.opened'), values: f.series.map((d) => d.opened) },
        { name: t('digests.chart.resolved'), values: f.series.map((d) => d.resolved), kind: 'line' },
      ],
    },
    {
      kind: 'bar',
      title: t('digests.chart.sla'),
      categories: [...PRIORITIES],
      valueFormat: 'percent',
      series: targets.map((target) => ({
        name: targetName(target, t),
        color: TARGET_COLORS[target],
        values: PRIORITIES.map((p) => pct(sla(target)?.byPriority[p].rate.value ?? null)),
      })),
    },
    {
      kind: 'bar',
      title: t('digests.chart.breaches'),
      categories: OVERRUN_BUCKETS.map((b) => t(`digests.bucket.${b}`)),
      stacked: true,
      series: targets.map((target) => ({
        name: targetName(target, t),
        color: TARGET_COLORS[target],
        values: OVERRUN_BUCKETS.map((b) => f.breaches.byTarget[target][b].value ?? 0),
      })),
    },
    {
      kind: 'bar',
      title: t('digests.chart.backlog'),
      horizontal: true,
      categories: AGES.map((a) => t(`digests.age.${a}`)),
      series: [{ name: t('digests.chart.open_tickets'), values: AGES.map((a) => f.backlogAge[a]) }],
    },
  ];
}

/**
 * Draws the specs that have something to show (the renderer is imported on first use) as card
 * pictures. An empty one (a quiet day's flow, a week without breaches) is left out rather than
 * uploaded as a picture saying "no data": the card's text already says so.
 */
export async function chartImages(specs: ChartSpec[], t: Translator): Promise<CardImage[]> {
  const shown = specs.filter((spec) => !isEmptySpec(normalizeSpec(spec)));
  if (!shown.length) return [];
  const charts = await import('../../runtime/charts.ts');
  const rendered = await charts.renderCharts(shown, { locale: t.locale });
  return rendered.map((r) => charts.chartImage(r));
}
