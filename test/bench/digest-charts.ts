/**
 * bench:digest's second half: the digest's charts, drawn from the weekly figures the first half
 * measured (the real `digestCharts` specs, every label translated), per chart and all four, in
 * zh-CN and en; and the whole digest as a scheduled run makes it (figures of both periods, the
 * card, its four charts), each next to its target.
 */
import { performance } from 'node:perf_hooks';
import type { Db } from '../../db/client.ts';
import { createDigestsRepository } from '../../db/repositories/digests.repository.ts';
import { type Locale, translator } from '../../src/core/i18n/index.ts';
import { chartImages } from '../../src/domain/digests/charts.ts';
import {
  computeFigures,
  type DigestFigures,
  digestCharts,
  digestMessage,
} from '../../src/domain/digests/index.ts';

const ROUNDS = Number(process.env.BENCH_CHART_ROUNDS ?? 5);
export const TARGET_WHOLE_MS = 1500;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const fmt = (v: number) => `${v.toFixed(0).padStart(5)} ms`;

/** Draws the four charts of `f` ROUNDS times per locale; prints p50 per chart and for the set. */
export async function benchCharts(f: DigestFigures): Promise<void> {
  const charts = await import('../../src/runtime/charts.ts');
  const t0 = performance.now();
  await charts.renderChart(digestCharts(f, translator('en'))[0] as Parameters<typeof charts.renderChart>[0]);
  console.log(
    `\nCharts of the weekly digest (${ROUNDS} rounds, p50; first chart with font loading ${fmt(performance.now() - t0)})`,
  );
  for (const locale of ['zh-CN', 'en'] as Locale[]) {
    const specs = digestCharts(f, translator(locale));
    const each = specs.map(() => [] as number[]);
    const sets: number[] = [];
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      for (const [i, spec] of specs.entries()) {
        const s = performance.now();
        const out = await charts.renderChart(spec, { locale });
        each[i]?.push(performance.now() - s);
        if (round === 0) bytes += out.png.byteLength;
      }
      sets.push(performance.now() - start);
    }
    for (const [i, spec] of specs.entries())
      console.log(`  ${locale.padEnd(5)} ${spec.title.padEnd(34)} ${fmt(median(each[i] ?? []))}`);
    const set = median(sets);
    console.log(
      `  ${locale.padEnd(5)} all four (${(bytes / 1024).toFixed(0)} KiB of PNG)${' '.repeat(12)}${fmt(set)}  [target < ${TARGET_WHOLE_MS} ms with the figures]`,
    );
  }
}

/** The whole scheduled digest, as a run makes it: figures, the card and its charts. */
export async function benchWholeDigest(
  db: Db,
  request: Parameters<typeof computeFigures>[1],
  runs: number,
): Promise<number> {
  const repo = createDigestsRepository({ db });
  const t = translator('zh-CN');
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const f = await computeFigures(repo, request);
    const images = await chartImages(digestCharts(f, t), t);
    digestMessage(f, t, { images });
    samples.push(performance.now() - start);
  }
  const p50 = median(samples);
  console.log(
    `  whole weekly digest (figures + card + 4 charts, zh-CN) p50 ${fmt(p50)} (min ${Math.min(...samples).toFixed(0)}, max ${Math.max(...samples).toFixed(0)})  [target < ${TARGET_WHOLE_MS} ms]  ${p50 < TARGET_WHOLE_MS ? 'OK' : 'MISSED'}`,
  );
  return p50;
}
