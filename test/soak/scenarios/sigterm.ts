/**
 * Row 10: `npm start` (whatever package.json's `start` is) with Slack on the fake and the embedded
 * database, a few `/ticket new` acknowledged, then SIGTERM to the npm pid, as a process manager
 * sends it → within the grace period (10 s, Docker's default) the bot process is gone, nothing of
 * the tree npm started is left running, the port can be bound again, the data-dir lock file is
 * removed, and every acknowledged command is done (a ticket) or still journaled for the next start
 * to replay — none is lost.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../../db/client.ts';
import { startFakeSlack } from '../../helpers/fake-slack.ts';
import { slashCommand } from '../../helpers/slack-sign.ts';
import { freePort, healthy, portFree, ROOT, sleep, track, waitFor } from '../lib/procs.ts';
import { type Context, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { SECRET, SlackSender } from '../lib/slack.ts';

const GRACE_MS = 10_000;
const COMMANDS = 5;

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  comm: string;
}

function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const [state = '', ppid = '0'] = stat.slice(close + 2).split(' ');
      out.push({
        pid: Number(name),
        ppid: Number(ppid),
        state,
        comm: stat.slice(stat.indexOf('(') + 1, close),
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The processes below `root` (not `root` itself), alive (zombies do not count). */
function descendants(root: number): Proc[] {
  const all = processes();
  const found: Proc[] = [];
  let frontier = [root];
  while (frontier.length) {
    const next = all.filter((p) => frontier.includes(p.ppid));
    found.push(...next);
    frontier = next.map((p) => p.pid);
  }
  return found.filter((p) => p.state !== 'Z');
}

function alive(pid: number): boolean {
  const p = processes().find((x) => x.pid === pid);
  return Boolean(p && p.state !== 'Z');
}

async function journalAfter(dataDir: string): Promise<{ deliveries: number; tickets: number }> {
  const database = await openDatabase({ dataDir });
  try {
    const count = async (table: string) => {
      const res = (await database.db.execute(
        sql.raw(`select count(*)::int as n from ${table}`),
      )) as unknown as {
        rows?: { n: number }[];
      } & { n: number }[];
      return (res.rows ?? res)[0]?.n ?? 0;
    };
    return { deliveries: await count('deliveries'), tickets: await count('tickets') };
  } finally {
    await database.close();
  }
}

/** `npm start` with Slack on the fake and the embedded database in `dataDir`. */
function startNpm(port: number, dataDir: string, config: string, apiUrl: string) {
  const npm = spawn('npm', ['start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: 'UTC',
      PORT: String(port),
      DATA_DIR: dataDir,
      SOPBOT_CONFIG: config,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: 'xoxb-soak',
      SLACK_API_URL: apiUrl,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(npm);
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString();
  };
  npm.stdout.on('data', keep);
  npm.stderr.on('data', keep);
  const exit = new Promise<number | string>((resolve) =>
    npm.once('exit', (code, signal) => resolve(code ?? String(signal))),
  );
  return { npm, pid: npm.pid ?? 0, exit, output: () => output };
}

/** SIGTERM to npm, then what is left of the tree after the grace period. */
async function terminate(
  npm: ReturnType<typeof startNpm>,
  botPid: number,
  tree: Proc[],
  port: number,
  lockFile: string,
) {
  const signalled = Date.now();
  process.kill(npm.pid, 'SIGTERM');
  let botGoneMs = Number.NaN;
  while (Date.now() - signalled < GRACE_MS && Number.isNaN(botGoneMs)) {
    if (!alive(botPid)) botGoneMs = Date.now() - signalled;
    else await sleep(100);
  }
  return {
    botGoneMs,
    npmCode: await Promise.race([npm.exit, sleep(500).then(() => 'running')]),
    left: tree.filter((p) => alive(p.pid)),
    portFree: await portFree(port),
    lockLeft: existsSync(lockFile),
  };
}

function killTree(tree: Proc[], root: number): void {
  // Orphans are no longer below npm: the tree was listed before the signal.
  for (const p of [...tree.filter((x) => alive(x.pid)), ...descendants(root)]) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

async function run(ctx: Context): Promise<Result> {
  const verdict = new Verdict();
  const fake = await startFakeSlack();
  const port = await freePort();
  const dataDir = join(ctx.dir, 'data');
  const config = join(ctx.dir, 'sopbot.yaml');
  mkdirSync(ctx.dir, { recursive: true });
  writeFileSync(config, 'locale: en\n');
  const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start as string;
  const npm = startNpm(port, dataDir, config, fake.apiUrl);
  let tree: Proc[] = [];
  try {
    await waitFor(
      'npm start to serve',
      async () => ((await healthy(port)) ? true : undefined),
      90_000,
      200,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\n${npm.output().slice(-2000)}`);
    });
    const lockFile = join(dataDir, 'sopbot.pid');
    const botPid = Number(readFileSync(lockFile, 'utf8').trim());
    tree = descendants(npm.pid);
    const sender = new SlackSender({ route: () => `http://127.0.0.1:${port}/slack/events` });
    await Promise.all(
      Array.from({ length: COMMANDS }, (_, k) =>
        sender.send(
          String(k),
          slashCommand('/ticket', `new P2 Soak sigterm ${k + 1}`, { channel: `C0TERM${k}` }),
        ),
      ),
    );
    sender.close();
    const acked = sender.sent.filter((x) => x.acked).length;
    const after = await terminate(npm, botPid, tree, port, lockFile);
    const botGone = Number.isFinite(after.botGoneMs);
    verdict.expect(
      botGone,
      `the bot (pid ${botPid}) still running ${GRACE_MS / 1000} s after SIGTERM to npm`,
    );
    verdict.zero('processes of the npm tree left running', after.left.length);
    verdict.expect(after.portFree, 'the port still held');
    verdict.expect(!after.lockLeft, 'the data-dir lock file left behind');
    // What the signal did not stop is killed (we started it) before the journal it left is read.
    killTree(tree, npm.pid);
    await waitFor('the tree to be gone', () => (tree.some((p) => alive(p.pid)) ? undefined : true), 10_000);
    const journal = await journalAfter(dataDir);
    verdict.zero(
      'acknowledged commands neither done nor journaled',
      Math.max(0, acked - journal.tickets - journal.deliveries),
    );
    verdict.zero('commands not acknowledged', COMMANDS - acked);
    return {
      figures: {
        start: `"${start}"`,
        'tree before': tree.map((p) => p.comm).join(' → '),
        'bot gone after ms': botGone ? after.botGoneMs : `not in ${GRACE_MS / 1000} s`,
        'npm exit': String(after.npmCode),
        'left running': after.left.map((p) => `${p.comm}(${p.pid})`).join(' ') || 'none',
        'port released': after.portFree ? 'yes' : 'no',
        'lock released': after.lockLeft ? 'no' : 'yes',
        acknowledged: acked,
        tickets: journal.tickets,
        'left journaled': journal.deliveries,
      },
      failures: verdict.failures,
    };
  } finally {
    killTree(tree, npm.pid);
    npm.npm.kill('SIGKILL');
    await fake.close();
  }
}

export const sigterm: Scenario = {
  id: 'sigterm',
  title:
    '`npm start` sent SIGTERM (to the npm pid) → the bot gone within the grace period, port and lock released',
  run,
};
