/**
 * Real sopbot processes for the soak scenarios: `node --import tsx src/main.ts` (node itself, not a
 * launcher, so SIGKILL/SIGSTOP reach the bot), with a config file, a clean environment and its
 * log in the run's directory. Every child is tracked, so the runner can kill whatever is left when
 * a scenario fails or the runner is interrupted: a soak run never leaves processes behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const children = new Set<ChildProcess>();

/** Kills (SIGKILL, after SIGCONT for a frozen one) every child still running. Synchronous: safe in 'exit'. */
export function killAll(): void {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      child.kill('SIGCONT');
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

/** Tracks a child started elsewhere (npm start) so killAll covers it. */
export function track(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** True when nothing listens on the port (it can be bound again). */
export async function portFree(port: number): Promise<boolean> {
  const server = createServer();
  return new Promise((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something other than undefined, or throws after `ms`. */
export async function waitFor<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  ms: number,
  everyMs = 100,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

export async function healthy(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.status === 200,
    () => false,
  );
}

export interface SopbotOptions {
  /** Names the log file (`<name>.log` in `dir`). */
  name: string;
  dir: string;
  port: number;
  /** sopbot.yaml's text. */
  config: string;
  databaseUrl?: string;
  dataDir?: string;
  /** Slack: the fake's Web API base and the signing secret. */
  slack?: { apiUrl: string; secret: string };
  env?: Record<string, string>;
  args?: string[];
}

export interface Sopbot {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  exited: Promise<void>;
  /** The last lines it wrote (stdout and stderr). */
  tail(lines?: number): string;
  /** Lines of its log file that match (what has been flushed to it so far). */
  grep(re: RegExp): string[];
  signal(sig: NodeJS.Signals): void;
  /** SIGKILL and wait until it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<void>;
}

let starts = 0;

/** A clean environment: only what sopbot needs (never the runner's DATABASE_URL or tokens). */
function sopbotEnv(opts: SopbotOptions, config: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    TZ: 'UTC',
    SOPBOT_CONFIG: config,
    PORT: String(opts.port),
    LOG_LEVEL: 'info',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.dataDir ? { DATA_DIR: opts.dataDir } : {}),
    ...(opts.slack
      ? {
          SLACK_SIGNING_SECRET: opts.slack.secret,
          SLACK_BOT_TOKEN: 'xoxb-soak',
          SLACK_API_URL: opts.slack.apiUrl,
        }
      : {}),
    ...opts.env,
  };
}

/** The handle on a started child: its log (file and last lines), signals, kill and stop. */
function handle(child: ChildProcess, port: number, logFile: string): Sopbot {
  const log = createWriteStream(logFile);
  const ring: string[] = [];
  const keep = (d: Buffer) => {
    log.write(d);
    for (const line of d.toString().split('\n')) if (line) ring.push(line);
    if (ring.length > 4000) ring.splice(0, ring.length - 2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      log.end();
      resolve();
    }),
  );
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    pid: child.pid ?? 0,
    port,
    url: `http://127.0.0.1:${port}/slack/events`,
    exited,
    tail: (lines = 30) => ring.slice(-lines).join('\n'),
    grep: (re) =>
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => re.test(l)),
    signal(sig) {
      if (!gone()) child.kill(sig);
    },
    async kill() {
      if (!gone()) {
        child.kill('SIGCONT');
        child.kill('SIGKILL');
      }
      await exited;
    },
    async stop(graceMs = 15_000) {
      if (gone()) return;
      child.kill('SIGCONT');
      const force = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(force);
    },
  };
}

/** Starts sopbot and resolves once /healthz answers 200 (throws with its output if it exits first). */
export async function startSopbot(opts: SopbotOptions, readyMs = 60_000): Promise<Sopbot> {
  mkdirSync(opts.dir, { recursive: true });
  starts += 1;
  const config = join(opts.dir, `${opts.name}.yaml`);
  writeFileSync(config, opts.config);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...(opts.args ?? [])], {
    cwd: ROOT,
    env: sopbotEnv(opts, config),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  const bot = handle(child, opts.port, join(opts.dir, `${opts.name}.${starts}.log`));
  try {
    await waitFor(
      `sopbot ${opts.name} on port ${opts.port}`,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null)
          throw new Error(`sopbot ${opts.name} exited at start-up:\n${bot.tail()}`);
        return (await healthy(opts.port)) ? true : undefined;
      },
      readyMs,
      100,
    );
  } catch (err) {
    await bot.kill();
    throw err;
  }
  return bot;
}
