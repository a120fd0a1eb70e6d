/**
 * The runtime contract from the outside: `npm start` with no environment serves HTTP even when
 * stdin is not a terminal, the piped console works and exits at end of input, tickets survive a
 * restart on the embedded database, and a bad config stops start-up with a clear message. Each
 * start-up failure (a port in use, a locked data directory, an unreachable or refusing database, a
 * token Slack refuses) is one line saying what to do, in the configured language, exit code 1.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...extra };
  return env;
}

/**
 * sopbot itself, with tsx as a loader in the same process (as test/e2e/crash-replay.test.ts does):
 * a signal reaches the bot directly. Through the tsx CLI, a parent process relays it and gives the
 * child 30 ms to confirm, then kills it (exit 143): on a loaded machine that was a flaky test.
 */
function run(args: string[], env: Record<string, string>, input?: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
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

// Each case starts real processes (Node with tsx + embedded Postgres): give them room on a busy CI machine.
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

  it('runs the README’s scripted demo: zh, then the same in English after :lang en', async () => {
    // The example exactly as the README's quick start prints it.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const script = /printf '([^']+)' \| npm run console/.exec(readme)?.[1];
    expect(script).toBeDefined();
    const p = run(
      ['--console'],
      { DATA_DIR: mkdtempSync(join(tmpdir(), 'sopbot-demo-')) },
      (script ?? '').replace(/\\n/g, '\n'),
    );
    expect(await p.exited).toBe(0);
    const [zh = '', en = ''] = p.out().split('Language set to en.');
    // Chinese: the P0 ticket, the L1 notice naming the demo user, the ack, the admin's override and
    // three tiers on call; no internal name.
    for (const line of [
      '🔴 #1 · 支付页面白屏',
      '🔔 @me：L1 值班有新工单 #1',
      '#1 已由 @me 确认。',
      '👤 @bob 替班团队 support 的 L2',
      'L1：@me',
      'L2：@bob（替班至 ',
      'L3：@bob',
      '主管：@me',
    ])
      expect(zh).toContain(line);
    for (const internal of ['acknowledged', 'in_progress', 'managers', 'new', 'app'])
      expect(zh).not.toMatch(new RegExp(`\\b${internal}\\b`));
    // English: the same story, and no Chinese at all.
    for (const line of [
      '🔴 #2 · Checkout is down',
      '🔔 @me: new ticket #2 (P0 · Checkout is down) for L1 on call.',
      '#2 acknowledged by @me.',
      '👤 @ann covers L2 of team support',
      'L1: @me',
      'L2: @ann (override until ',
      'L3: @bob',
      'Managers: @me',
    ])
      expect(en).toContain(line);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
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

/** A local HTTP server on a free port (a port to occupy, or a fake Slack Web API). */
async function listen(handler: Parameters<typeof createServer>[1] = (_q, r) => r.end()): Promise<Server> {
  const server = createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  servers.push(server);
  return server;
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** The process failed with exactly one line on stderr (no stack trace) and exit code 1. */
async function oneLineFailure(p: ReturnType<typeof run>): Promise<string> {
  expect(await p.exited).toBe(1);
  const lines = p.err().trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(p.err()).not.toMatch(/^\s+at /m);
  return lines[0] ?? '';
}

/** A data directory with a config file that sets `locale: en` (the configured language). */
function englishSetup(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'sopbot-en-'));
  writeFileSync(join(dir, 'sopbot.yaml'), 'locale: en\n');
  return { DATA_DIR: dir, SOPBOT_CONFIG: join(dir, 'sopbot.yaml') };
}

describe('start-up failures: one line, what to do, the configured language, exit 1', () => {
  it('a port in use, in the config file’s language (zh-CN by default, whatever LANG says)', async () => {
    const taken = await listen();
    const port = String((taken.address() as AddressInfo).port);
    const en = run([], { PORT: port, ...englishSetup(), LANG: 'zh_CN.UTF-8' });
    expect(await oneLineFailure(en)).toBe(
      `Port ${port} is already in use: stop what is listening there, or set PORT to another port.`,
    );
    const zh = run([], {
      PORT: port,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sopbot-port-')),
      LANG: 'en_US.UTF-8',
    });
    expect(await oneLineFailure(zh)).toBe(
      `端口 ${port} 已被占用：请停止占用该端口的程序，或设置 PORT 使用其他端口。`,
    );
  });

  it('an unreachable DATABASE_URL', async () => {
    const closed = await listen();
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r)); // nothing listens there any more
    const unreachable = run([], {
      PORT: '0',
      ...englishSetup(),
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/test`,
    });
    expect(await oneLineFailure(unreachable)).toBe(
      `Cannot reach the database at 127.0.0.1:${port}/test (ECONNREFUSED): is Postgres running, and is DATABASE_URL right?`,
    );
  });

  it('a DATABASE_URL whose database does not exist', async () => {
    // A stand-in Postgres at the network edge: it answers the start-up message the way a real
    // server does for an unknown database (ErrorResponse, SQLSTATE 3D000) and hangs up.
    const server = createNetServer((socket) => {
      socket.once('data', () => {
        const fields = ['SFATAL', 'VFATAL', 'C3D000', 'Mdatabase "sopbot_no_such_database" does not exist'];
        const body = Buffer.concat([...fields.map((f) => Buffer.from(`${f}\0`)), Buffer.from([0])]);
        const head = Buffer.alloc(5);
        head.write('E', 0);
        head.writeInt32BE(body.length + 4, 1);
        socket.end(Buffer.concat([head, body]));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    try {
      const refused = run([], {
        PORT: '0',
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/sopbot_no_such_database`,
      });
      expect(await oneLineFailure(refused)).toBe(
        `数据库 127.0.0.1:${port}/sopbot_no_such_database 拒绝了连接（database "sopbot_no_such_database" does not exist）：请检查 DATABASE_URL 中的用户、密码和数据库名。`,
      );
    } finally {
      server.close();
    }
  });

  it('a real platform with no tiers configured logs one warning that nobody will be paged', async () => {
    const slack = await listen((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(
          req.url === '/api/auth.test'
            ? { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0' }
            : { ok: true },
        ),
      );
    });
    const p = run([], {
      PORT: '0',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'sopbot-notiers-')),
      SLACK_BOT_TOKEN: 'xoxb-fine',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`,
    });
    await waitFor(() => (p.out().includes('sopbot is serving') ? true : undefined));
    const warnings = p
      .out()
      .split('\n')
      .filter((l) => l.includes('no escalation tiers'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0] as string)).toMatchObject({
      level: 40,
      msg: 'no escalation tiers: nobody will be paged (configure teams.<team>.tiers in sopbot.yaml)',
    });
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('a Slack token Slack refuses', async () => {
    const calls: string[] = [];
    const slack = await listen((req, res) => {
      calls.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: false, error: 'invalid_auth' }));
    });
    const env = {
      PORT: '0',
      SLACK_BOT_TOKEN: 'xoxb-revoked',
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: `http://127.0.0.1:${(slack.address() as AddressInfo).port}/api/`,
    };
    const en = run([], { ...env, ...englishSetup() });
    expect(await oneLineFailure(en)).toBe(
      'Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token (xoxb-…) from Install App.',
    );
    const zh = run([], { ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'sopbot-token-')) });
    expect(await oneLineFailure(zh)).toBe(
      'Slack 拒绝了 SLACK_BOT_TOKEN（invalid_auth）：请从 Install App 页面复制 Bot User OAuth Token（xoxb-…）。',
    );
    expect(calls).toEqual(['/api/auth.test', '/api/auth.test']);
  });
});
