/**
 * `npm run bench:slack`: how fast sopbot acknowledges Slack slash commands while doing the real
 * work behind them, next to a bare Bolt app that only acks, in the same run.
 *
 * Three child processes on loopback: the fake Slack Web API, sopbot itself (`src/main.ts`, on the
 * Postgres of DATABASE_URL, in a fresh `sopbot_bench` database), and the bare Bolt app. This
 * process signs `/ticket new` commands like Slack and measures ack latency at a fixed rate
 * (open loop) and the most commands/s each app acknowledges (closed loop). Bounded in count and
 * time; after sopbot's fixed-rate phase it waits for the work behind those acks (tickets, cards,
 * replies) to drain so it never overlaps the bare app's turn, and sopbot's closed-loop phase
 * comes last. Commands are spread over many channels so Slack's per-channel pacing never holds
 * the cards back: every command costs its full work. Knobs: BENCH_RATE, BENCH_SECONDS,
 * BENCH_SOPBOT_NODE_ARGS (e.g. `--cpu-prof`), BENCH_DURABLE=0 (sopbot with `deliveries.durable: false`).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { startFakeSlack } from '../helpers/fake-slack.ts';
import { signedHeaders, slashCommand } from '../helpers/slack-sign.ts';

const SECRET = 'bench-signing-secret';
const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** The closed loop: also the burst whose work is timed after its last ack (issue 9: 3,000). */
const SATURATION = { concurrency: 32, count: 3000, maxSeconds: 10 };
const CHANNELS = 2000;
const SELF = fileURLToPath(import.meta.url);
/** Durable acks are the default (as in production); BENCH_DURABLE=0 measures the opt-out. */
const DURABLE = process.env.BENCH_DURABLE !== '0';

type Mode = 'driver' | 'fake' | 'bare';
const mode: Mode = process.argv.includes('--fake')
  ? 'fake'
  : process.argv.includes('--bare')
    ? 'bare'
    : 'driver';

// ---------- children ----------

async function runFake(): Promise<void> {
  const fake = await startFakeSlack();
  process.on('message', (msg: { cmd?: string }) => {
    if (msg.cmd !== 'stats') return;
    const counts: Record<string, number> = {};
    for (const c of fake.calls) counts[c.method] = (counts[c.method] ?? 0) + 1;
    fake.calls.length = 0;
    process.send?.({ stats: counts });
  });
  process.send?.({ ready: { apiUrl: fake.apiUrl, responseUrl: fake.responseUrl('bench') } });
}

async function runBare(port: number): Promise<void> {
  const { App, LogLevel } = await import('@slack/bolt');
  const app = new App({
    signingSecret: SECRET,
    token: 'xoxb-bare',
    botId: 'B0BARE',
    botUserId: 'U0BARE',
    logLevel: LogLevel.ERROR,
  });
  app.command(/.*/, async ({ ack }) => {
    await ack();
  });
  await app.start(port);
  process.send?.({ ready: { port } });
}

function spawnChild(args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): ChildProcess {
  // sopbot runs as `npm start` runs it: the compiled build (no loader); the helpers run from source.
  const loader = args[0]?.startsWith('dist/') ? [] : ['--import', 'tsx'];
  return spawn(process.execPath, [...nodeArgs, ...loader, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function firstMessage<T>(child: ChildProcess, key: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited with ${code}`));
    const onMessage = (msg: Record<string, unknown>) => {
      if (!(key in msg)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(msg[key] as T);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Stops a child and waits (at most 15 s) until it is gone. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function freshDatabase(base: string): Promise<string> {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe('drop database if exists sopbot_bench with (force)');
  await admin.unsafe('create database sopbot_bench');
  await admin.end({ timeout: 5 });
  const url = new URL(base);
  url.pathname = '/sopbot_bench';
  return url.toString();
}

async function dropDatabase(base: string): Promise<void> {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe('drop database if exists sopbot_bench with (force)').catch(() => {});
  await admin.end({ timeout: 5 });
}

async function waitHealthy(port: number, deadline = Date.now() + 90_000): Promise<void> {
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('sopbot did not become healthy in 90 s');
}

// ---------- load ----------

const agent = new Agent({ keepAlive: true, maxSockets: 128 });
let seq = 0;

function sendCommand(url: string, responseUrl: string): Promise<number> {
  seq += 1;
  const req = slashCommand('/ticket', `new P2 Bench ticket ${seq}`, {
    channel: `C${seq % CHANNELS}`,
    user: `U${seq % 50}`,
    trigger: `bench.${process.pid}.${seq}`,
    responseUrl,
  });
  const headers = { ...signedHeaders(req, SECRET), 'content-length': String(Buffer.byteLength(req.body)) };
  const started = performance.now();
  return new Promise((resolve) => {
    const r = request(url, { method: 'POST', headers, agent, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : -1));
    });
    r.on('timeout', () => r.destroy(new Error('timeout')));
    r.on('error', () => resolve(-1));
    r.end(req.body);
  });
}

interface Result {
  label: string;
  latencies: number[];
  errors: number;
  seconds: number;
}

async function fixedRate(
  label: string,
  url: string,
  responseUrl: string,
  rate: number,
  seconds: number,
): Promise<Result> {
  const total = rate * seconds;
  const pending: Promise<number>[] = [];
  const start = performance.now();
  while (pending.length < total) {
    const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
    while (pending.length < due) pending.push(sendCommand(url, responseUrl));
    await new Promise((r) => setTimeout(r, 1));
  }
  const results = await Promise.all(pending);
  return summarize(label, results, (performance.now() - start) / 1000);
}

async function saturate(label: string, url: string, responseUrl: string): Promise<Result> {
  const results: number[] = [];
  const start = performance.now();
  const stopAt = start + SATURATION.maxSeconds * 1000;
  const worker = async () => {
    while (results.length < SATURATION.count && performance.now() < stopAt) {
      results.push(await sendCommand(url, responseUrl));
    }
  };
  await Promise.all(Array.from({ length: SATURATION.concurrency }, worker));
  return summarize(label, results, (performance.now() - start) / 1000);
}

function summarize(label: string, results: number[], seconds: number): Result {
  return {
    label,
    latencies: results.filter((r) => r >= 0).sort((a, b) => a - b),
    errors: results.filter((r) => r < 0).length,
    seconds,
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function row(r: Result): string {
  const f = (n: number) => n.toFixed(2).padStart(8);
  const rate = (r.latencies.length / r.seconds).toFixed(0).padStart(7);
  return `${r.label.padEnd(34)}${f(pct(r.latencies, 50))}${f(pct(r.latencies, 99))}${f(r.latencies.at(-1) ?? Number.NaN)}${rate}${String(r.errors).padStart(7)}`;
}

// ---------- driver ----------

/** A process's `comm` and CPU seconds (user + system) so far, from /proc/<pid>/stat (Linux). */
function procCpu(pid: number | string): { comm: string; seconds: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime in USER_HZ ticks
  return { comm: stat.slice(stat.indexOf('(') + 1, close), seconds: ticks / 100 };
}

/** CPU seconds a child has used so far; NaN where /proc is not there. */
function cpuSeconds(child: ChildProcess): number {
  try {
    return procCpu(child.pid as number).seconds;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds used so far by every local `postgres` process (the server and its backends); NaN elsewhere. */
function postgresCpuSeconds(): number {
  try {
    let seconds = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const proc = procCpu(pid);
        if (proc.comm === 'postgres') seconds += proc.seconds;
      } catch {
        // the process ended meanwhile
      }
    }
    return seconds;
  } catch {
    return Number.NaN;
  }
}

async function stats(fake: ChildProcess): Promise<Record<string, number>> {
  fake.send({ cmd: 'stats' });
  return firstMessage(fake, 'stats');
}

/** Waits until sopbot has answered every command it acked (one response_url post each). */
async function drain(fake: ChildProcess, expected: number): Promise<{ seconds: number; done: number }> {
  const start = performance.now();
  let done = 0;
  while (done < expected && performance.now() - start < 180_000) {
    done += (await stats(fake)).response_url ?? 0;
    if (done < expected) await new Promise((r) => setTimeout(r, 250));
  }
  return { seconds: (performance.now() - start) / 1000, done };
}

async function driver(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('bench:slack needs DATABASE_URL (a Postgres to create sopbot_bench in)');
  const children: ChildProcess[] = [];
  try {
    const fake = spawnChild([SELF, '--fake']);
    children.push(fake);
    const { apiUrl, responseUrl } = await firstMessage<{ apiUrl: string; responseUrl: string }>(
      fake,
      'ready',
    );
    const [sopbotPort, barePort, dbUrl] = await Promise.all([freePort(), freePort(), freshDatabase(base)]);
    const config = join(mkdtempSync(join(tmpdir(), 'sopbot-bench-')), 'sopbot.yaml');
    writeFileSync(config, `deliveries:\n  durable: ${DURABLE}\n`);
    execFileSync(process.execPath, ['src/build.mjs'], { stdio: 'inherit' });
    const sopbot = spawnChild(
      ['dist/src/main.js'],
      {
        SOPBOT_CONFIG: config,
        PORT: String(sopbotPort),
        DATABASE_URL: dbUrl,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_API_URL: apiUrl,
        SLACK_APP_TOKEN: '',
        FEISHU_APP_ID: '',
        LOG_LEVEL: 'warn',
      },
      (process.env.BENCH_SOPBOT_NODE_ARGS ?? '').split(' ').filter(Boolean),
    );
    children.push(sopbot);
    const bare = spawnChild([SELF, '--bare', String(barePort)]);
    children.push(bare);
    await Promise.all([waitHealthy(sopbotPort), firstMessage(bare, 'ready')]);
    const sopbotUrl = `http://127.0.0.1:${sopbotPort}/slack/events`;
    const bareUrl = `http://127.0.0.1:${barePort}/slack/events`;

    await fixedRate('warmup', sopbotUrl, responseUrl, 100, 3);
    await fixedRate('warmup', bareUrl, responseUrl, 100, 3);
    await drain(fake, 300);

    const results: Result[] = [];
    const label = `fixed ${RATE}/s × ${SECONDS} s`;
    const cpuBefore = cpuSeconds(sopbot);
    const pgBefore = postgresCpuSeconds();
    const rated = await fixedRate(`sopbot   ${label}`, sopbotUrl, responseUrl, RATE, SECONDS);
    results.push(rated);
    // The bare app's turn starts only once sopbot has finished the work behind its acks.
    const drained = await drain(fake, rated.latencies.length);
    const perCommand = (seconds: number) => (seconds * 1000) / rated.latencies.length;
    const work = {
      ...drained,
      cpuMs: perCommand(cpuSeconds(sopbot) - cpuBefore),
      pgCpuMs: perCommand(postgresCpuSeconds() - pgBefore),
    };
    results.push(await fixedRate(`bare Bolt ${label}`, bareUrl, responseUrl, RATE, SECONDS));
    const closed = `max (closed loop, C=${SATURATION.concurrency})`;
    const bareSat = await saturate(`bare Bolt ${closed}`, bareUrl, responseUrl);
    await stats(fake); // forget the bare app's calls
    const sat = await saturate(`sopbot   ${closed}`, sopbotUrl, responseUrl);
    // That closed loop was a burst: the time from its last ack until all of its work was done.
    const burst = await drain(fake, sat.latencies.length);
    results.push(sat, bareSat);
    report(results, rated, sat, bareSat, work, burst);
  } finally {
    await Promise.all(children.map(stopChild));
    agent.destroy();
    await dropDatabase(base);
  }
}

function report(
  results: Result[],
  rated: Result,
  sat: Result,
  bareSat: Result,
  work: { seconds: number; done: number; cpuMs: number; pgCpuMs: number },
  burst: { seconds: number; done: number },
) {
  const tput = (r: Result) => r.latencies.length / r.seconds;
  const ratio = tput(sat) / tput(bareSat);
  const p99 = pct(rated.latencies, 99);
  // Tickets made per second over the fixed-rate phase and its drain, and the burst's wait.
  const drained = work.done / (rated.seconds + work.seconds);
  const mark = (ok: boolean) => (ok ? 'OK' : 'MISSED');
  const lines = [
    '',
    `sopbot Slack ack benchmark — loopback, Postgres, fake Web API, ${cpus().length} CPUs, /ticket new over ${CHANNELS} channels, durable acks ${DURABLE ? 'on' : 'off'}`,
    `${'phase'.padEnd(34)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}${'cmd/s'.padStart(7)}${'errors'.padStart(7)}`,
    ...results.map(row),
    '',
    `p99 ack at ${RATE}/s: ${p99.toFixed(2)} ms (target < 25 ms) ${mark(p99 < 25)}`,
    `max throughput sopbot/bare: ${tput(sat).toFixed(0)}/${tput(bareSat).toFixed(0)} = ${(ratio * 100).toFixed(0)}% (target ≥ 70%) ${mark(ratio >= 0.7)}`,
    `tickets drained behind the ${RATE}/s phase: ${work.done} in ${(rated.seconds + work.seconds).toFixed(1)} s = ${drained.toFixed(0)}/s, the last ${work.seconds.toFixed(1)} s after the last ack (target ≥ 300/s) ${mark(drained >= 300)}`,
    `burst of ${sat.latencies.length}: all ${burst.done} done ${burst.seconds.toFixed(1)} s after the last ack (target ≤ 12 s for 3,000) ${mark(burst.seconds <= 12 && burst.done >= sat.latencies.length)}`,
    `sopbot CPU per command in the ${RATE}/s phase (ack and work, Postgres not counted): ${work.cpuMs.toFixed(1)} ms; local Postgres processes: ${work.pgCpuMs.toFixed(1)} ms`,
    `load average at the end (other processes share these CPUs): ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

if (mode === 'fake') await runFake();
else if (mode === 'bare') await runBare(Number(process.argv[process.argv.indexOf('--bare') + 1]));
else
  await driver().catch((err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  });
