/**
 * `npm run bench:daily`: 1,000 members in 20 teams prompted in the same minute, against the fake
 * Slack Web API answering every call after 20 ms. The real app (services, scheduler, outbox, the
 * Slack platform and its send queues) runs with its own loops on a clock set by hand, on the
 * Postgres of DATABASE_URL (a fresh `sopbot_bench_daily` database, dropped at the end) or, without
 * it, on in-memory PGlite. It measures, wall clock from the moment the clock reaches each time:
 *   1. the prompts at 09:00: every one of the 1,000 DMs out (target: within 60 s), none twice;
 *   2. the reminders at 09:05 to the half that did not file (reported, no target);
 *   3. the 20 compiled reports at the 09:10 cutoff, posted in the team channels (target: 10 s).
 * Bounded: the whole run stops after BENCH_TIMEOUT_S (default 300) seconds.
 */
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../db/client.ts';
import { buildApp } from '../../src/app.ts';
import { resolveConfig } from '../../src/config.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { mountSlack } from '../../src/platforms/slack/slack.platform.ts';
import { startFakeSlack } from '../helpers/fake-slack.ts';

const TEAMS = Number(process.env.BENCH_TEAMS ?? 20);
const PER_TEAM = Number(process.env.BENCH_MEMBERS ?? 50);
const MEMBERS = TEAMS * PER_TEAM;
const DELAY_MS = 20;
const TARGET_PROMPTS_S = 60;
const TARGET_COMPILE_S = 10;
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 300);
const DB_NAME = 'sopbot_bench_daily';

const pad = (n: number) => String(n).padStart(2, '0');
const teamName = (t: number) => `t${pad(t)}`;
const memberId = (t: number, m: number) => `U0T${pad(t)}M${pad(m)}`;

function benchConfig() {
  const teams: Record<string, unknown> = {};
  for (let t = 1; t <= TEAMS; t++) {
    const members = Array.from({ length: PER_TEAM }, (_, m) => memberId(t, m + 1));
    teams[teamName(t)] = { channel: `C0TEAM${pad(t)}`, managers: [], members, tiers: [] };
  }
  return {
    locale: 'en',
    timezone: 'UTC',
    intake: [{ channel: 'C0SUPPORT', team: teamName(1) }],
    teams,
    daily: { prompt: '09:00', remind: ['09:05'], cutoff: '09:10', review: false },
  };
}

async function database(): Promise<{ db: Database; label: string; drop?: () => Promise<void> }> {
  const base = process.env.DATABASE_URL;
  if (!base) return { db: await openDatabase({ dataDir: 'memory://' }), label: 'PGlite (in memory)' };
  const admin = async (q: string) => {
    const sql = postgres(base, { max: 1, onnotice: () => {} });
    try {
      await sql.unsafe(q);
    } finally {
      await sql.end({ timeout: 5 });
    }
  };
  await admin(`drop database if exists ${DB_NAME} with (force)`);
  await admin(`create database ${DB_NAME}`);
  const url = new URL(base);
  url.pathname = `/${DB_NAME}`;
  return {
    db: await openDatabase({ url: url.toString(), max: 10 }),
    label: 'Postgres',
    drop: () => admin(`drop database if exists ${DB_NAME} with (force)`),
  };
}

/** Waits until `count()` reaches `n`; returns the seconds taken and when each unit arrived. */
async function until(
  count: () => number,
  n: number,
  since: number,
): Promise<{ s: number; arrivals: number[] }> {
  const arrivals: number[] = [];
  const deadline = since + TIMEOUT_S * 1000;
  while (count() < n) {
    if (performance.now() > deadline) throw new Error(`timed out at ${count()}/${n}`);
    await new Promise((r) => setTimeout(r, 20));
    const seen = count();
    while (arrivals.length < seen) arrivals.push((performance.now() - since) / 1000);
  }
  while (arrivals.length < n) arrivals.push((performance.now() - since) / 1000);
  return { s: (performance.now() - since) / 1000, arrivals };
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? 0;
const line = (label: string, value: string, target: string) =>
  console.log(`  ${label.padEnd(44)} ${value.padStart(10)}   ${target}`);

async function main(): Promise<void> {
  const fake = await startFakeSlack();
  fake.delayMs = DELAY_MS;
  const { db, label, drop } = await database();
  await db.migrate();
  const clock = new ManualClock('2026-03-02T08:58:00Z');
  const env = {
    port: 0,
    dataDir: 'memory://',
    logLevel: 'silent',
    slack: { signingSecret: 'bench', botToken: 'xoxb-bench', apiUrl: fake.apiUrl },
  };
  const config = resolveConfig(benchConfig(), null, env);
  const app = await buildApp({ config, database: db, logger: silentLogger, clock });
  const slack = await mountSlack(app, {});
  app.messengers.set('slack', slack.messenger);
  await app.start();
  console.log(
    `bench:daily — ${MEMBERS} members in ${TEAMS} teams, Slack fake at ${DELAY_MS} ms per call, ${label}`,
  );

  const dms = () => fake.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'));
  // The compiled reports only: the team channels also get the digests due at 09:00 that Monday.
  const teamPosts = () =>
    fake
      .callsTo('chat.postMessage')
      .filter(
        (c) => String(c.args.channel).startsWith('C0TEAM') && String(c.args.text).includes(' daily reports '),
      );

  clock.set('2026-03-02T09:00:00Z');
  const prompts = await until(() => dms().length, MEMBERS, performance.now());
  const perUser = new Map<string, number>();
  for (const c of dms()) perUser.set(String(c.args.channel), (perUser.get(String(c.args.channel)) ?? 0) + 1);
  const twice = [...perUser.values()].filter((n) => n > 1).length;

  // Half of every team files before the reminder (the service, as the form would).
  for (let t = 1; t <= TEAMS; t++) {
    const team = app.services.teams.get(teamName(t));
    if (!team) throw new Error('team missing');
    for (let m = 1; m <= PER_TEAM / 2; m++) {
      const values = {
        done: 'Shipped the thing',
        plan: 'Next thing',
        issues: m % 5 === 0 ? 'Waiting on a review' : 'none',
      };
      await app.services.daily.file({
        team,
        memberId: memberId(t, m),
        day: '2026-03-02',
        values,
        platform: 'slack',
      });
    }
  }
  const beforeRemind = dms().length;
  clock.set('2026-03-02T09:05:00Z');
  const reminders = await until(() => dms().length - beforeRemind, MEMBERS / 2, performance.now());

  if (teamPosts().length) throw new Error('a compiled report was posted before the cutoff');
  clock.set('2026-03-02T09:10:00Z');
  const compiled = await until(() => teamPosts().length, TEAMS, performance.now());
  const extraDms = dms().length - beforeRemind - MEMBERS / 2;

  console.log('');
  line('measure', 'result', 'target');
  line(`prompts out (${MEMBERS} DMs), last one`, `${prompts.s.toFixed(1)} s`, `≤ ${TARGET_PROMPTS_S} s`);
  line(
    '  prompt p50 / p95',
    `${pct(prompts.arrivals, 0.5).toFixed(1)} / ${pct(prompts.arrivals, 0.95).toFixed(1)} s`,
    '',
  );
  line('members prompted twice', String(twice + Math.max(0, extraDms)), '0');
  line(`reminders out (${MEMBERS / 2} DMs), last one`, `${reminders.s.toFixed(1)} s`, '(no target)');
  line(
    `compiled reports (${TEAMS} channels), last one`,
    `${compiled.s.toFixed(1)} s`,
    `≤ ${TARGET_COMPILE_S} s`,
  );
  const ok = prompts.s <= TARGET_PROMPTS_S && compiled.s <= TARGET_COMPILE_S && twice === 0 && extraDms <= 0;
  console.log(`\n${ok ? 'PASS' : 'FAIL'}`);

  await slack.stop();
  await app.stop();
  await db.close();
  await drop?.();
  await fake.close();
  process.exit(ok ? 0 : 1);
}

const guard = setTimeout(
  () => {
    console.error(`bench:daily: stopped after ${TIMEOUT_S} s`);
    process.exit(2);
  },
  (TIMEOUT_S + 30) * 1000,
);
guard.unref();

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
