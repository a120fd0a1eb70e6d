/**
 * The runtime contract from the outside: `npm start` with no environment serves HTTP even when
 * stdin is not a terminal, the piped console works and exits at end of input, tickets survive a
 * restart on the embedded database, and a bad config stops start-up with a clear message.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const children: ChildProcess[] = [];

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...extra };
  return env;
}

function run(args: string[], env: Record<string, string>, input?: string) {
  const child = spawn(tsx, ['src/main.ts', ...args], {
    cwd: root,
    env: cleanEnv(env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    err += d.toString();
  });
  if (input !== undefined) child.stdin.end(input);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

async function waitFor<T>(fn: () => T | undefined, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Each case starts real processes (tsx + embedded Postgres): give them room on a busy CI machine.
vi.setConfig({ testTimeout: 90_000 });

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('npm start / npm run console', () => {
  it('serves /healthz and /metrics with stdin not a terminal, and stops cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sopbot-start-'));
    const p = run([], { PORT: '0', DATA_DIR: dataDir });
    const port = await waitFor(() => /"port":(\d+)/.exec(p.out())?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('# TYPE sopbot_events_received_total counter');
    expect(metrics).toContain('# TYPE sopbot_event_handling_seconds histogram');
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);

    // A second sopbot on the same embedded database is refused, not allowed to corrupt it.
    const second = run(['--console'], { DATA_DIR: dataDir }, '/ticket list\n');
    expect(await second.exited).toBe(1);
    // One line, in the configured language (zh-CN by default), saying what to do; no stack trace.
    expect(second.err().trim()).toMatch(
      /^另一个 sopbot 进程（pid \d+）正在使用 .+：请先停止它，或设置 DATA_DIR \/ DATABASE_URL。$/,
    );

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('runs the piped console example and keeps tickets across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sopbot-console-'));
    const first = run(
      ['--console'],
      { DATA_DIR: dataDir },
      '/ticket new P1 Login page returns 500\n/ticket list\n',
    );
    expect(await first.exited).toBe(0);
    expect(first.out()).toContain('#1 · Login page returns 500');
    expect(first.out()).toMatch(/#1 P1 · Login page returns 500/);

    const second = run(['--console'], { DATA_DIR: dataDir }, '/ticket list\n');
    expect(await second.exited).toBe(0);
    expect(second.out()).toMatch(/#1 P1 · Login page returns 500/);
  });

  it('stops with a message naming the key when the config is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sopbot-badconfig-'));
    const file = join(dir, 'sopbot.yaml');
    writeFileSync(file, 'priorities:\n  P0: { firstResponse: 15x, resolve: 2h, escalateAfter: 30m }\n');
    const p = run([], { SOPBOT_CONFIG: file, DATA_DIR: dir, LANG: 'en_US.UTF-8' });
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain('priorities.P0.firstResponse: "15x" is not a duration');
  });
});
