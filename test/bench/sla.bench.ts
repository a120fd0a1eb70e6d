/**
 * `npm run bench:sla`: the SLA scheduler at scale on real Postgres (DATABASE_URL).
 *
 * Seeds a dedicated database (`sopbot_bench_sla`, dropped and recreated, dropped again at the end)
 * with set-based SQL: 1,000,000 tickets, 100,000 of them open with a frozen SLA clock and nine
 * live timers each (900,000 pending timers), and a fired timer of history for each closed one.
 * Then, with the real app (services, scheduler, SLA engine) and a Messenger that only records
 * (the chat API faked at the edge), it measures:
 *   1. the cost of a scheduler tick when nothing is due (target < 2 ms), and
 *   2. the time to fire 10,000 breach timers that come due together (target < 10 s); each one
 *      posts in the ticket thread and the team channel, edits the card and logs an event.
 * Bounded: the whole run stops after BENCH_TIMEOUT_S (default 600) seconds.
 */
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../db/client.ts';
import { buildApp } from '../../src/app.ts';
import { resolveConfig } from '../../src/config.ts';
import { systemClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { recordOn } from '../helpers/recording.ts';
import {
  benchUrl,
  recreateDatabase,
  seedCreatedEvents,
  seeder,
  seedLiveCards,
  seedTickets,
  seedWorkspace,
} from './seed.ts';

const DB_NAME = 'sopbot_bench_sla';
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const OPEN = Number(process.env.BENCH_OPEN ?? 100_000);
const DUE_TOGETHER = Number(process.env.BENCH_DUE ?? 10_000);
const IDLE_TICKS = 300;
const TARGET_IDLE_MS = 2;
const TARGET_FIRE_S = 10;
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 600);

const config = {
  locale: 'en',
  timezone: 'UTC',
  intake: [{ channel: 'support', team: 'support' }],
  priorities: { P1: { firstResponse: '30m', resolve: '4h', escalateAfter: '1h', calendar: '24x7' } },
  teams: {
    support: {
      channel: 'support-team',
      managers: ['boss'],
      tiers: [
        { name: 'L1', rotation: { members: ['ann', 'bob'] } },
        { name: 'L2', rotation: { members: ['cat'] } },
      ],
    },
  },
};

const POLICY = JSON.stringify({
  priority: 'P1',
  firstResponseMs: 1_800_000,
  resolveMs: 14_400_000,
  escalateAfterMs: 3_600_000,
  calendar: { kind: '24x7' },
  warnAt: [0.5, 0.8],
  chain: ['L1', 'L2', 'managers'],
});

/** Set-based seed: every table filled by `insert … select generate_series`, never row by row. */
async function seed(url: string): Promise<void> {
  const { step, end } = seeder(url);
  const closed = TICKETS - OPEN;
  try {
    await seedWorkspace(step, TICKETS);
    // Closed tickets are weeks old; open ones were opened in the last 20 minutes, except the
    // DUE_TOGETHER whose first-response deadline (30m) has just passed.
    await seedTickets(step, TICKETS, {
      createdAt: `case
        when g <= ${closed} then now() - interval '30 days' + (g % 2000000) * interval '1 second'
        when g <= ${closed + DUE_TOGETHER} then now() - interval '31 minutes'
        else now() - (g % 1200) * interval '1 second' end`,
      priority: `'P1'`,
      category: `'technical'`,
      status: `case when g <= ${closed} then 'closed' else 'new' end`,
      team: `'support'`,
      resolvedAt: `case when g <= ${closed} then ts + interval '1 hour' end`,
      firstResponseAt: `case when g <= ${closed} then ts + interval '10 minutes' end`,
    });
    await seedLiveCards(step, `status = 'new'`);
    await seedCreatedEvents(step);
    await step(
      `${OPEN.toLocaleString()} sla_clocks`,
      `insert into sla_clocks (ticket_id, generation, priority, team, policy, started_at, first_response_due, resolve_due,
         level, level_since, paged_level, paged_at, pings, chain_active, updated_at)
       select id, 1, 'P1', 'support', '${POLICY}'::jsonb, created_at, created_at + interval '30 minutes',
         created_at + interval '4 hours', 0, created_at, 0, created_at, 1, true, created_at
       from tickets where status = 'new'`,
    );
    // Nine live timers per open ticket, all in the future (spread over the next day).
    await step(
      `${(OPEN * 9).toLocaleString()} pending timers`,
      `insert into timers (kind, subject, generation, payload, due_at, created_at)
       select k.kind, 'ticket:' || t.id, 1, k.payload::jsonb, now() + interval '1 hour' + ((t.id * 7 + k.n) % 86400) * interval '1 second', t.created_at
       from tickets t cross join (values
         (1, 'sla.warn', '{"target":"first_response","fraction":0.5}'),
         (2, 'sla.warn', '{"target":"first_response","fraction":0.8}'),
         (3, 'sla.breach', '{"target":"first_response"}'),
         (4, 'sla.warn', '{"target":"resolve","fraction":0.5}'),
         (5, 'sla.warn', '{"target":"resolve","fraction":0.8}'),
         (6, 'sla.breach', '{"target":"resolve"}'),
         (7, 'sla.escalate', '{"level":0}'),
         (8, 'sla.reping', '{"level":0,"n":1}'),
         (9, 'sla.countdown', '{}')) as k(n, kind, payload)
       where t.status = 'new'`,
    );
    await step(
      `${closed.toLocaleString()} fired timers (history)`,
      `insert into timers (kind, subject, generation, payload, due_at, status, fired_at, late_ms, created_at)
       select 'sla.page', 'ticket:' || id, 1, '{"level":0}'::jsonb, created_at, 'fired', created_at, 0, created_at
       from tickets where status = 'closed'`,
    );
    await step('analyze', 'analyze');
  } finally {
    await end();
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

async function measure(database: Database, url: string): Promise<void> {
  const app = await buildApp({
    config: resolveConfig(config, null, { port: 0, dataDir: 'memory://', logLevel: 'silent' }),
    database,
    logger: silentLogger,
    clock: systemClock,
  });
  const chat = recordOn(app, 'console');
  app.deliverer.start();
  try {
    await app.scheduler.tick(); // warm up connections and plans
    const samples: number[] = [];
    for (let i = 0; i < IDLE_TICKS; i++) {
      const t = performance.now();
      const r = await app.scheduler.tick();
      samples.push(performance.now() - t);
      if (r.claimed) throw new Error('something was due during the idle measurement');
    }
    samples.sort((a, b) => a - b);
    const p50 = percentile(samples, 0.5);
    const p99 = percentile(samples, 0.99);

    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const closed = TICKETS - OPEN;
    await sql.unsafe(
      `update timers set due_at = now() where status = 'pending' and kind = 'sla.breach'
         and payload->>'target' = 'first_response'
         and substr(subject, 8)::bigint between ${closed + 1} and ${closed + DUE_TOGETHER}`,
    );
    await sql.end({ timeout: 5 });
    const start = performance.now();
    let fired = 0;
    for (;;) {
      const r = await app.scheduler.tick();
      fired += r.fired;
      if (r.claimed === 0) break;
    }
    const seconds = (performance.now() - start) / 1000;
    // What the timers said goes out through the outbox, on its own loop (timers never wait on chat).
    // Rows beyond what one process holds at once wait in the table for the sweep: wait for them too.
    await app.settle();
    while ((await app.runtime.repos.outbox.pendingSummary()).count > 0) await app.deliverer.sweep();
    const delivered = (performance.now() - start) / 1000;

    console.log('\nResults (reference targets in brackets)');
    console.log(
      `  tick with nothing due:  p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms over ${IDLE_TICKS} ticks  [target < ${TARGET_IDLE_MS} ms]  ${p50 < TARGET_IDLE_MS ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `  fire ${DUE_TOGETHER.toLocaleString()} timers due together: ${seconds.toFixed(2)} s (${Math.round(fired / seconds)}/s, ${fired.toLocaleString()} fired)  [target < ${TARGET_FIRE_S} s]  ${seconds < TARGET_FIRE_S && fired === DUE_TOGETHER ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `  all they said delivered ${delivered.toFixed(2)} s after the first fired: ${chat.of('post').length.toLocaleString()} posts (thread + team channel), ${chat.of('update').length.toLocaleString()} card edits, ${chat.of('direct').length} DMs`,
    );
  } finally {
    await app.stop();
  }
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error(
      'bench:sla needs DATABASE_URL (a Postgres it may create the sopbot_bench_sla database on).',
    );
    process.exit(2);
  }
  const guard = setTimeout(() => {
    console.error(`bench:sla: stopped after ${TIMEOUT_S} s`);
    process.exit(1);
  }, TIMEOUT_S * 1000);
  guard.unref();
  const url = benchUrl(base, DB_NAME);
  console.log(
    `bench:sla on ${DB_NAME}: ${TICKETS.toLocaleString()} tickets, ${OPEN.toLocaleString()} open with live timers`,
  );
  await recreateDatabase(base, DB_NAME);
  let database: Database | undefined;
  try {
    database = await openDatabase({ url, max: 10 });
    await database.migrate();
    await seed(url);
    await measure(database, url);
  } finally {
    await database?.close();
    await recreateDatabase(base, DB_NAME, true);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
