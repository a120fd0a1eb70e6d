/**
 * `npm run bench:start`: how fast `npm start`'s process (the compiled build, `node dist/src/main.js`)
 * is healthy and how much memory it holds idle, on Postgres and on embedded PGlite, next to the
 * targets (issue 9: healthy < 2 s on Postgres, < 4 s on PGlite on a warm install; idle RSS < 150 MB
 * on Postgres, < 300 MB on PGlite). Warm: the database exists and is migrated (a first start that
 * creates and migrates it is measured separately). Each figure is the median of BENCH_RUNS (3).
 * The machine's load average is printed: on a shared box every figure is inflated by it.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchUrl, recreateDatabase } from './seed.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IDLE_MS = 5_000;
const ROOT = new URL('../../', import.meta.url).pathname;
const DB_NAME = 'sopbot_bench_start';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function healthy(port: number, child: ChildProcess, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`sopbot exited with ${child.exitCode}`);
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('sopbot did not become healthy');
}

/** One start: ms to healthy, RSS after IDLE_MS idle; then SIGTERM and ms until the process is gone. */
async function once(env: NodeJS.ProcessEnv): Promise<{ readyMs: number; rss: number; stopMs: number }> {
  const port = await freePort();
  const t = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, 'dist/src/main.js')], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await healthy(port, child, Date.now() + 120_000);
  const readyMs = performance.now() - t;
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const rss = rssMb(child.pid as number);
  const stopped = performance.now();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { readyMs, rss, stopMs: performance.now() - stopped };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function series(label: string, env: NodeJS.ProcessEnv, targets: { readyMs: number; rss: number }) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(env));
  const ready = median(runs.map((r) => r.readyMs));
  const rss = median(runs.map((r) => r.rss));
  const stop = median(runs.map((r) => r.stopMs));
  const mark = (ok: boolean) => (ok ? 'meets' : 'MISSES');
  console.log(
    `${label.padEnd(10)} healthy ${(ready / 1000).toFixed(2)} s (target < ${targets.readyMs / 1000} s: ${mark(ready < targets.readyMs)})` +
      ` · idle RSS ${rss.toFixed(0)} MB (target < ${targets.rss} MB: ${mark(rss < targets.rss)})` +
      ` · SIGTERM → gone ${(stop / 1000).toFixed(2)} s`,
  );
  return { ready, rss };
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'src/build.mjs')], { stdio: 'inherit', cwd: ROOT });
  console.log(
    `bench:start — load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}, ${RUNS} runs each (median)`,
  );
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  await recreateDatabase(base, DB_NAME);
  const pg = { DATABASE_URL: benchUrl(base, DB_NAME) };
  const dataDir = mkdtempSync(join(tmpdir(), 'sopbot-bench-start-'));
  const pglite = { DATA_DIR: dataDir, DATABASE_URL: '' };
  try {
    const firstPg = await once(pg);
    const firstLite = await once(pglite);
    console.log(
      `first start (creates and migrates the database): Postgres ${(firstPg.readyMs / 1000).toFixed(2)} s, ` +
        `PGlite ${(firstLite.readyMs / 1000).toFixed(2)} s (${firstLite.rss.toFixed(0)} MB)`,
    );
    await series('Postgres', pg, { readyMs: 2000, rss: 150 });
    await series('PGlite', pglite, { readyMs: 4000, rss: 300 });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await recreateDatabase(base, DB_NAME, true);
  }
}

await main();
