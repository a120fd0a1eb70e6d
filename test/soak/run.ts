/**
 * `npm run soak`: issue 9's reliability table, run again the way it was measured (real sopbot
 * processes, signed requests, a fake Slack Web API, real Postgres), one scenario per row. Each
 * prints its figures; the run fails (exit 1) on any loss, doubling, skipped warning or late
 * timer a scenario finds. `--short` (or SOAK_SHORT=1) runs every scenario in its short form (CI);
 * names on the command line run only those (`npm run soak -- --short kill9 frozen`).
 * Processes are never left behind: every child is killed on exit, failure or interruption.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAll } from './lib/procs.ts';
import type { Figures, Scenario } from './lib/scenario.ts';
import { closeLightStage, lightFailure } from './lib/stage.ts';
import { SCENARIOS } from './scenarios/index.ts';

const args = process.argv.slice(2);
const short = args.includes('--short') || process.env.SOAK_SHORT === '1';
const wanted = args.filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.id === w));
if (unknown.length) {
  process.stderr.write(
    `unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}\n`,
  );
  process.exit(2);
}
const chosen = wanted.length ? SCENARIOS.filter((s) => wanted.includes(s.id)) : SCENARIOS;
/** A scenario still running after this long is stopped and counted as failed. */
const LIMIT_MS = (short ? 4 : 20) * 60_000;

process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}

interface Row {
  scenario: Scenario;
  seconds: number;
  figures: Figures;
  failures: string[];
  notes: string[];
}

async function runOne(scenario: Scenario, dir: string): Promise<Row> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const log = (line: string) =>
    process.stdout.write(`  [${scenario.id} ${elapsed().toFixed(1)} s] ${line}\n`);
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${LIMIT_MS / 60_000} min`)), LIMIT_MS);
  });
  try {
    const result = await Promise.race([scenario.run({ short, dir: join(dir, scenario.id), log }), limit]);
    const failures = result.failures;
    if (failures.length && scenario.light) lightFailure();
    return { scenario, seconds: elapsed(), figures: result.figures, failures, notes: result.notes ?? [] };
  } catch (err) {
    // A scenario that did not finish may have left processes: none survive it (the light one neither).
    killAll();
    await closeLightStage();
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    return { scenario, seconds: elapsed(), figures: {}, failures: [`did not finish: ${message}`], notes: [] };
  } finally {
    clearTimeout(timer);
    log(`done in ${elapsed().toFixed(1)} s`);
  }
}

function table(rows: Row[]): string {
  const out: string[] = [];
  const width = 100;
  for (const r of rows) {
    const verdict = r.failures.length ? 'FAIL' : 'ok';
    out.push(
      `${verdict.padEnd(5)}${r.scenario.id.padEnd(10)}${r.scenario.title}  (${r.seconds.toFixed(0)} s)`,
    );
    let line = '';
    for (const [k, v] of Object.entries(r.figures)) {
      const item = `${k} ${v}`;
      if (line && line.length + item.length + 3 > width) {
        out.push(`               ${line}`);
        line = '';
      }
      line = line ? `${line} · ${item}` : item;
    }
    if (line) out.push(`               ${line}`);
    for (const n of r.notes) out.push(`               note: ${n}`);
    for (const f of r.failures) out.push(`               FAILED: ${f.split('\n')[0]}`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sopbot-soak-'));
  process.stdout.write(
    `sopbot soak (${short ? 'short' : 'long'}): ${chosen.map((s) => s.id).join(', ')}; logs in ${dir}\n`,
  );
  const started = performance.now();
  const rows: Row[] = [];
  for (const scenario of chosen) {
    process.stdout.write(`\n▶ ${scenario.id}: ${scenario.title}\n`);
    const row = await runOne(scenario, dir);
    rows.push(row);
    for (const f of row.failures) process.stdout.write(`  [${scenario.id}] FAILED: ${f}\n`);
  }
  await closeLightStage();
  const total = (performance.now() - started) / 1000;
  const failed = rows.filter((r) => r.failures.length);
  process.stdout.write(
    `\n== soak ${short ? 'short' : 'long'} — ${rows.length} scenarios in ${total.toFixed(0)} s, ${failed.length} failed\n${table(rows)}\n`,
  );
  writeFileSync(
    join(dir, 'figures.json'),
    JSON.stringify(
      rows.map((r) => ({ id: r.scenario.id, seconds: r.seconds, figures: r.figures, failures: r.failures })),
      null,
      2,
    ),
  );
  process.exitCode = failed.length ? 1 : 0;
}

await main();
