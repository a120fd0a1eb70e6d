/**
 * `npm run bench:release`: 200 releases of 30 steps started together, all 6,000 steps due within
 * the same minute, against the Slack fake (in a child process, so its work does not share our
 * event loop), with the real app: real clock, the scheduler and outbox loops running, the Slack
 * platform with its real send queues (Slack's pace: about one message per second per channel, a
 * burst of 3). Each release has its own channel and its own owner (Slack's per-channel pacing
 * would otherwise decide the result, not sopbot). It measures, from the fake's receive times:
 *   1. how long after its due time each step's reminder (the ping in the release thread) arrived
 *      (target: every one within 30 s), and that each step was pinged once, with one DM;
 *   2. the shortest interval between two edits of one header (Slack allows one per second).
 * On Postgres with DATABASE_URL (a dedicated `sopbot_bench_release` database, dropped at the end),
 * else on in-memory PGlite. Knobs: BENCH_RUNS, BENCH_STEPS, BENCH_LEAD_S (time to post the plans
 * before T0). Bounded by BENCH_TIMEOUT_S (default 600).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../db/client.ts';
import { buildApp } from '../../src/app.ts';
import { resolveConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { mountSlack } from '../../src/platforms/slack/slack.platform.ts';
import { type ApiCall, startFakeSlack } from '../helpers/fake-slack.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const STEPS = Number(process.env.BENCH_STEPS ?? 30);
const LEAD_S = Number(process.env.BENCH_LEAD_S ?? 90);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 600);
const TARGET_S = 30;
const SLACK_EDIT_MS = 1000;
const DB_NAME = 'sopbot_bench_release';
const SELF = fileURLToPath(import.meta.url);

interface Call {
  method: string;
  channel: string;
  threadTs?: string;
  ts?: string;
  text: string;
  at: number;
}

// ---------- the fake, in a child process ----------

async function runFake(): Promise<void> {
  const fake = await startFakeSlack();
  process.on('message', (msg: { cmd?: string }) => {
    if (msg.cmd !== 'calls') return;
    const out: Call[] = fake.calls
      .filter(
        (c: ApiCall) => c.response?.ok && (c.method === 'chat.postMessage' || c.method === 'chat.update'),
      )
      .map((c) => ({
        method: c.method,
        channel: String(c.response?.channel ?? c.args.channel),
        threadTs: c.args.thread_ts === undefined ? undefined : String(c.args.thread_ts),
        ts: String(c.response?.ts ?? c.args.ts),
        text: String(c.args.text ?? ''),
        at: c.at ?? 0,
      }));
    process.send?.({ calls: out });
  });
  process.send?.({ ready: { apiUrl: fake.apiUrl } });
}

function ask<T>(child: ChildProcess, cmd: string | null, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`fake exited with ${code}`));
    const onMessage = (msg: Record<string, unknown>) => {
      if (!(key in msg)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(msg[key] as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (cmd) child.send({ cmd });
  });
}

// ---------- setup ----------

function template(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sopbot-bench-'));
  const steps = Array.from(
    { length: STEPS },
    (_, k) =>
      `      - { id: s${k + 1}, title: Step ${k + 1}, owner: { role: owner }, due: T+${k * Math.floor(58 / Math.max(1, STEPS - 1))}s }`,
  );
  writeFileSync(
    join(dir, 'bench.yaml'),
    [
      'name: bench',
      'title: { zh-CN: 压测, en: Bench }',
      'sections:',
      '  - title: Steps',
      '    steps:',
      ...steps,
      '',
    ].join('\n'),
  );
  return dir;
}

async function database(): Promise<{ db: Database; drop(): Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const db = await openDatabase({ dataDir: 'memory://' });
    await db.migrate();
    return { db, drop: () => db.close() };
  }
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
  await admin.unsafe(`create database ${DB_NAME}`);
  const url = new URL(base);
  url.pathname = `/${DB_NAME}`;
  const db = await openDatabase({ url: url.toString(), max: 20 });
  await db.migrate();
  return {
    db,
    async drop() {
      await db.close();
      await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`).catch(() => {});
      await admin.end({ timeout: 5 });
    },
  };
}

// ---------- measuring ----------

/** Step numbers a thread note pings (`🔔 12. Step 12 is due`, one or several lines). */
function pinged(text: string): number[] {
  return [...text.matchAll(/(\d+)\. Step \1 is due/g)].map((m) => Number(m[1]));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))] ?? Number.NaN;
}

function report(calls: Call[], t0: number, dueOffsets: number[]) {
  const headers = new Map<string, string>(); // channel → header ts
  for (const c of calls)
    if (c.method === 'chat.postMessage' && !c.threadTs && c.channel.startsWith('C'))
      headers.set(c.channel, String(c.ts));
  const latency: number[] = [];
  const seen = new Map<string, number>();
  for (const c of calls) {
    if (c.method !== 'chat.postMessage' || !c.threadTs || headers.get(c.channel) !== c.threadTs) continue;
    for (const n of pinged(c.text)) {
      const key = `${c.channel}:${n}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      latency.push(c.at - (t0 + (dueOffsets[n - 1] ?? 0)));
    }
  }
  const dms = calls
    .filter((c) => c.method === 'chat.postMessage' && c.channel.startsWith('D'))
    .reduce((n, c) => n + pinged(c.text).length, 0);
  const edits = new Map<string, number[]>();
  for (const c of calls) {
    if (c.method !== 'chat.update' || headers.get(c.channel) !== c.ts) continue;
    edits.set(`${c.channel}:${c.ts}`, [...(edits.get(`${c.channel}:${c.ts}`) ?? []), c.at]);
  }
  let minGap = Number.POSITIVE_INFINITY;
  let editCount = 0;
  for (const list of edits.values()) {
    list.sort((a, b) => a - b);
    editCount += list.length;
    for (let i = 1; i < list.length; i++)
      minGap = Math.min(minGap, (list[i] as number) - (list[i - 1] as number));
  }
  latency.sort((a, b) => a - b);
  return {
    pinged: seen.size,
    twice: [...seen.values()].filter((n) => n > 1).length,
    dms,
    p50: percentile(latency, 0.5),
    p99: percentile(latency, 0.99),
    max: latency.at(-1) ?? Number.NaN,
    edits: editCount,
    minGap,
  };
}

// ---------- the driver ----------

async function drive(): Promise<void> {
  const killer = setTimeout(() => {
    process.stderr.write(`bench:release: timed out after ${TIMEOUT_S} s\n`);
    process.exit(2);
  }, TIMEOUT_S * 1000);
  killer.unref();
  const fake = spawn(process.execPath, ['--import', 'tsx', SELF, '--fake'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { apiUrl } = await ask<{ apiUrl: string }>(fake, null, 'ready');
  const { db, drop } = await database();
  const config = resolveConfig({ locale: 'en', timezone: 'UTC', releases: { templates: template() } }, null, {
    port: 0,
    dataDir: 'memory://',
    logLevel: 'silent',
    slack: { signingSecret: 'bench', botToken: 'xoxb-bench', apiUrl },
  });
  const app = await buildApp({ config, database: db, logger: silentLogger });
  const slack = await mountSlack(app);
  app.messengers.set('slack', slack.messenger);
  await app.start();
  const t0 = Math.ceil((Date.now() + LEAD_S * 1000) / 1000) * 1000;
  const dueOffsets =
    app.config.releases.templates.get('bench')?.steps.map((s) => (s.due?.kind === 'offset' ? s.due.ms : 0)) ??
    [];
  const started = performance.now();
  const start = (i: number) =>
    app.services.releases.start({
      platform: 'slack',
      workspaceId: null,
      channelId: `C0BENCH${String(i).padStart(4, '0')}`,
      starterId: 'U0LEAD',
      template: 'bench',
      name: `B-${i}`,
      assignments: { owner: [`U0OWNER${i}`] },
      locale: 'en',
      t0: new Date(t0),
    });
  // Started together: several at once on Postgres (PGlite is one session: one at a time).
  const together = app.database.kind === 'pglite' ? 1 : 8;
  for (let i = 0; i < RUNS; i += together) {
    await Promise.all(Array.from({ length: Math.min(together, RUNS - i) }, (_, j) => start(i + j)));
  }
  const startMs = performance.now() - started;
  const lastDue = t0 + Math.max(...dueOffsets);
  process.stdout.write(
    `started ${RUNS} releases of ${STEPS} steps in ${(startMs / 1000).toFixed(1)} s (${app.database.kind}); T0 in ${((t0 - Date.now()) / 1000).toFixed(0)} s\n`,
  );
  const deadline = lastDue + 60_000;
  let result = report([], t0, dueOffsets);
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 5_000));
    if (Date.now() < lastDue) continue;
    const calls = await ask<Call[]>(fake, 'calls', 'calls');
    result = report(calls, t0, dueOffsets);
    if (process.env.BENCH_DEBUG) {
      const kinds = { header: 0, thread: 0, dm: 0, update: 0 };
      for (const c of calls) {
        if (c.method === 'chat.update') kinds.update++;
        else if (c.channel.startsWith('D')) kinds.dm++;
        else if (c.threadTs) kinds.thread++;
        else kinds.header++;
      }
      const outbox = await app.runtime.repos.outbox.pendingSummary();
      process.stdout.write(
        `${new Date().toISOString()} ${JSON.stringify(kinds)} outbox ${JSON.stringify(outbox)}\n`,
      );
    }
    if (result.pinged >= RUNS * STEPS && result.dms >= RUNS * STEPS) break;
  }
  await app.stop();
  await slack.stop();
  fake.kill('SIGTERM');
  await drop();
  const all = RUNS * STEPS;
  const ok =
    result.pinged === all &&
    result.twice === 0 &&
    result.dms === all &&
    result.max <= TARGET_S * 1000 &&
    result.minGap >= SLACK_EDIT_MS;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  process.stdout.write(
    [
      `reminders: ${result.pinged}/${all} steps pinged in their thread (${result.twice} twice), ${result.dms}/${all} in a DM to their owner`,
      `reminder latency after the due time: p50 ${s(result.p50)}, p99 ${s(result.p99)}, max ${s(result.max)} (target ≤ ${TARGET_S} s)`,
      `header edits: ${result.edits}, shortest interval between two edits of one header ${s(result.minGap)} (Slack: ≥ 1 s)`,
      ok ? 'PASS' : 'FAIL',
      '',
    ].join('\n'),
  );
  process.exit(ok ? 0 : 1);
}

if (process.argv.includes('--fake')) void runFake();
else
  drive().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
