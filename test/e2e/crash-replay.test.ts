/**
 * Durable acks (the default) from the outside: a real sopbot process acknowledges `/ticket new`,
 * creates the ticket, and is killed (SIGKILL) while Slack hangs on the card. A second process on
 * the same database takes over what the first left once its leases run out: the delivery is
 * found done (its unit of work committed), so the ticket is not made twice; the card and the
 * answer it had queued go out, once. Embedded PGlite, or Postgres in the Postgres run.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { openDatabase } from '../../db/client.ts';
import { createRepositories } from '../../db/repositories/index.ts';
import { freshPostgresUrl, onPostgres } from '../helpers/db.ts';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.ts';
import { postSigned, SIGNING_SECRET, slashCommand } from '../helpers/slack-sign.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const children: ChildProcess[] = [];
let fake: FakeSlack;

vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

function start(env: Record<string, string>) {
  // node itself (not the tsx wrapper), so SIGKILL kills sopbot and not a launcher in front of it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, exited, out: () => out };
}

async function waitFor<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const port = (p: { out(): string }) =>
  waitFor('the port', () => /"port":(\d+)/.exec(p.out())?.[1]).catch((err: Error) => {
    throw new Error(`${err.message}; the process said:\n${p.out()}`);
  });

it('an acknowledged /ticket new survives a crash mid-work: replayed once, one ticket, one answer', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sopbot-crash-'));
  const config = join(dir, 'sopbot.yaml');
  writeFileSync(config, 'locale: en\ndeliveries:\n  durable: true\n  redeliverAfter: 2s\n');
  const dbUrl = onPostgres ? await freshPostgresUrl('_crash') : undefined;
  const dataDir = join(dir, 'data');
  const db: Record<string, string> = dbUrl ? { DATABASE_URL: dbUrl } : { DATA_DIR: dataDir };
  const env = {
    ...db,
    PORT: '0',
    SOPBOT_CONFIG: config,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-crash',
    SLACK_API_URL: fake.apiUrl,
  };

  const first = start(env);
  const url = `http://127.0.0.1:${await port(first)}/slack/events`;
  fake.holding.add('chat.postMessage');
  const command = slashCommand('/ticket', 'new P1 Checkout fails after crash', {
    responseUrl: fake.responseUrl('crash'),
  });
  expect((await postSigned(url, command)).status).toBe(200);
  // The ticket is made and its card is on its way to Slack, which hangs: the process dies here.
  await waitFor('the card post', () => (fake.attempts('chat.postMessage').length ? true : undefined));
  first.child.kill('SIGKILL');
  await first.exited;
  fake.holding.delete('chat.postMessage');
  expect(fake.callsTo('response_url')).toHaveLength(0);

  const second = start(env);
  await port(second);
  const answer = await waitFor('the replayed answer', () => fake.callsTo('response_url')[0]);
  expect(answer.args.text).toBe('Ticket #1 created: P1 · Checkout fails after crash');
  const cards = fake
    .callsTo('chat.postMessage')
    .filter((c) => JSON.stringify(c.args.blocks ?? []).includes('ticket.ack'));
  expect(cards).toHaveLength(1);
  expect(fake.callsTo('response_url')).toHaveLength(1);
  second.child.kill('SIGTERM');
  await second.exited;

  const database = await openDatabase(dbUrl ? { url: dbUrl } : { dataDir });
  try {
    const repos = createRepositories(database.db);
    const tickets = await repos.tickets.list({ workspaceId: 1 });
    expect(tickets.map((t) => t.number)).toEqual([1]);
    expect((await repos.live.get(`ticket:${tickets[0]?.id}`))?.messageId).toBe(cards[0]?.response?.ts);
    expect(await repos.deliveries.pending('slack')).toEqual([]);
  } finally {
    await database.close();
  }
});
