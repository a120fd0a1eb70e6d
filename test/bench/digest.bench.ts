/**
 * `npm run bench:digest`: digest figures on a big history, on real Postgres (DATABASE_URL).
 *
 * Seeds a dedicated database (`sopbot_bench_digest`, dropped and recreated, dropped again at the
 * end) with set-based SQL (test/bench/seed.ts): 1,000,000 tickets over a year in four teams, the
 * team `support` with 100,000 of them in the week 2026-03-02..08 (Los Angeles), each with its SLA
 * clock (durations and overrun instants as the engine keeps them), event log entries (created,
 * first response, resolved, reopened, closed, escalated) and a rating for a quarter of the
 * resolved ones. Then it times `computeFigures` (this period and the previous one, every group of
 * figures) for the weekly digest of `support` (target p50 < 200 ms), and the daily and monthly
 * ones; then the weekly digest's four charts per chart and all of them, in zh-CN and en, and the
 * whole digest (figures + card + charts, target < 1.5 s; test/bench/digest-charts.ts); the peak
 * memory all of it added (target < 150 MB), and the indexes each of the weekly digest's
 * statements uses (EXPLAIN ANALYZE on the same data).
 * Bounded: the whole run stops after BENCH_TIMEOUT_S (default 900) seconds. BENCH_KEEP=1 keeps the
 * database afterwards (for looking at plans by hand), BENCH_REUSE=1 measures a kept one again
 * without seeding; BENCH_TICKETS / BENCH_HOT / BENCH_RUNS scale the run.
 */
import { performance } from 'node:perf_hooks';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type Database, type Db, openDatabase } from '../../db/client.ts';
import { createDigestsRepository } from '../../db/repositories/digests.repository.ts';
import * as schema from '../../db/schema/index.ts';
import { computeFigures, type DigestFigures, type DigestKind } from '../../src/domain/digests/figures.ts';
import { benchCharts, benchWholeDigest } from './digest-charts.ts';
import {
  benchUrl,
  rand,
  recreateDatabase,
  type SeedStep,
  seedCreatedEvents,
  seeder,
  seedTickets,
  seedWorkspace,
} from './seed.ts';

const DB_NAME = 'sopbot_bench_digest';
const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const HOT = Number(process.env.BENCH_HOT ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 900);
const TARGET_WEEKLY_MS = 200;
const TARGET_MEMORY_MB = 150;

const ZONE = 'America/Los_Angeles';
/** Monday 2026-03-09 09:00 PDT: the weekly digest covers 2026-03-02..08, the hot week. */
const AT = '2026-03-09T16:00:00Z';
const HOT_START = '2026-03-02T08:00:00Z';
const RUNS_AT: Record<DigestKind, string> = { daily: AT, weekly: AT, monthly: '2026-04-01T16:00:00Z' };

const business = {
  kind: 'business',
  timeZone: ZONE,
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '18:00',
  holidays: [],
};
const policy = (p: string, fr: number, res: number, rst: number | null, calendar: object) =>
  JSON.stringify({
    priority: p,
    firstResponseMs: fr,
    resolveMs: res,
    ...(rst === null ? {} : { restoreMs: rst }),
    escalateAfterMs: fr * 2,
    calendar,
    warnAt: [0.5, 0.8],
    chain: ['L1', 'L2', 'managers'],
  });
const M = 60_000;
const H = 60 * M;
/** priority, frozen policy, targets (ms), and the share of wall time its calendar counts (seeding only). */
const POLICIES: [string, string, number, number, number | null, number][] = [
  ['P0', policy('P0', 15 * M, 2 * H, H, { kind: '24x7' }), 15 * M, 2 * H, H, 1],
  ['P1', policy('P1', 30 * M, 4 * H, 2 * H, { kind: '24x7' }), 30 * M, 4 * H, 2 * H, 1],
  ['P2', policy('P2', 2 * H, 24 * H, null, business), 2 * H, 24 * H, null, 0.27],
  ['P3', policy('P3', 24 * H, 72 * H, null, business), 24 * H, 72 * H, null, 0.27],
];

const ms = (ms: number | null) => (ms === null ? 'null::interval' : `interval '${ms} milliseconds'`);

/** Tickets: `HOT` of team support in the hot week, the rest over the year before `AT`. */
async function seedBenchTickets(step: SeedStep): Promise<void> {
  const r = (k: number) => rand('g', k);
  await seedWorkspace(step, TICKETS);
  await seedTickets(step, TICKETS, {
    createdAt: `case when g <= ${HOT}
      then '${HOT_START}'::timestamptz + ${r(1)} * interval '167 hours'
      else '${AT}'::timestamptz - interval '365 days' + ${r(1)} * interval '365 days' end`,
    team: `case when g <= ${HOT} then 'support' when ${r(2)} < 0.3 then 'support' when ${r(2)} < 0.4 then null
      when ${r(2)} < 0.7 then 'billing' else 'sales' end`,
    priority: `case when ${r(3)} < 0.05 then 'P0' when ${r(3)} < 0.25 then 'P1' when ${r(3)} < 0.7 then 'P2' else 'P3' end`,
    category: `(array['technical', 'billing', 'feature', 'account', 'other'])[1 + floor(${r(4)} * 5)::int]`,
    assigneeId: `'u' || (1 + floor(${r(5)} * 20)::int)`,
    extra: `, ts + interval '10 minutes' + power(${r(8)}, 3) * interval '5 days' as done`,
    status: `case when done > '${AT}' then (case when ${r(9)} < 0.5 then 'new' else 'in_progress' end)
      when ${r(10)} < 0.5 and done + interval '1 day' <= '${AT}' then 'closed' else 'resolved' end`,
    resolvedAt: `case when done <= '${AT}' then done end`,
    firstResponseAt: `case when ${r(7)} < 0.95 and ts + power(${r(6)}, 2) * interval '3 hours' <= '${AT}'
      then least(done, ts + power(${r(6)}, 2) * interval '3 hours') end`,
    closedAt: `case when done <= '${AT}' and ${r(10)} < 0.5 and done + interval '1 day' <= '${AT}' then done + interval '1 day' end`,
  });
}

/** Event log: first response, resolutions (one earlier for each reopened ticket), reopens, closes, escalations. */
async function seedEvents(step: SeedStep): Promise<void> {
  const insert = `insert into ticket_events (ticket_id, at, actor_id, kind, data)`;
  await seedCreatedEvents(step);
  await step(
    'ticket_events (first_response)',
    `${insert} select id, first_response_at, 'u1', 'first_response', '{}'::jsonb from tickets where first_response_at is not null`,
  );
  await step(
    'ticket_events (resolved)',
    `${insert} select id, resolved_at, 'u1', 'resolved', '{}'::jsonb from tickets where resolved_at is not null`,
  );
  await step(
    'ticket_events (reopen cycles)',
    `${insert} select id, created_at + (resolved_at - created_at) / 3, 'u1', 'resolved', '{}'::jsonb
       from tickets where resolved_at is not null and id % 50 = 0
     union all select id, created_at + (resolved_at - created_at) / 2, 'rep', 'reopened', '{}'::jsonb
       from tickets where resolved_at is not null and id % 50 = 0`,
  );
  await step(
    'ticket_events (closed)',
    `${insert} select id, closed_at, 'u1', 'closed', '{}'::jsonb from tickets where closed_at is not null`,
  );
  await step(
    'ticket_events (escalated)',
    `${insert} select id, created_at + interval '20 minutes', 'sopbot', 'escalated', '{"auto": true}'::jsonb
       from tickets where ${rand('id', 11)} < 0.05 and created_at + interval '20 minutes' <= '${AT}'`,
  );
}

/** One SLA clock per ticket, with durations and overrun instants as the engine would store them. */
async function seedClocks(step: SeedStep): Promise<void> {
  const values = POLICIES.map(
    ([p, json, fr, res, rst, k]) =>
      `('${p}', '${json}'::jsonb, ${ms(fr)}, ${ms(res)}, ${ms(rst)}, ${k}::float8)`,
  ).join(', ');
  const epochMs = (x: string) => `(extract(epoch from ${x}) * 1000)`;
  await step(
    `${TICKETS.toLocaleString()} sla_clocks`,
    `insert into sla_clocks (ticket_id, generation, priority, team, policy, started_at, pauses, stopped_at,
       first_response_due, resolve_due, restore_due, restored_at, first_response_ms, resolve_ms, restore_ms,
       first_response_over50_at, first_response_over100_at, resolve_over50_at, resolve_over100_at,
       restore_over50_at, restore_over100_at, level_since, updated_at, workspace_id, category, assignee_id,
       first_response_met_at, resolve_met_at, restore_met_at)
     select t.id, 1, t.priority, coalesce(t.team, 'support'), p.policy, t.created_at,
       case when x.reopened then jsonb_build_array(jsonb_build_object('from', x.first, 'to', x.back)) else '[]'::jsonb end,
       coalesce(t.resolved_at, t.closed_at),
       t.created_at + p.fr / p.k, t.created_at + p.res / p.k + x.paused, t.created_at + p.rst, x.restored,
       (${epochMs('coalesce(t.first_response_at, t.resolved_at) - t.created_at')} * p.k)::bigint,
       (${epochMs('t.resolved_at - t.created_at - x.paused')} * p.k)::bigint,
       case when p.rst is not null then ${epochMs('coalesce(x.restored, t.resolved_at) - t.created_at')}::bigint end,
       t.created_at + 1.5 * p.fr / p.k, t.created_at + 2 * p.fr / p.k,
       t.created_at + 1.5 * p.res / p.k + x.paused, t.created_at + 2 * p.res / p.k + x.paused,
       t.created_at + 1.5 * p.rst, t.created_at + 2 * p.rst, t.created_at, t.created_at,
       t.workspace_id, t.category, t.assignee_id, coalesce(t.first_response_at, t.resolved_at, t.closed_at),
       coalesce(t.resolved_at, t.closed_at), coalesce(x.restored, t.resolved_at, t.closed_at)
     from tickets t
     join (values ${values}) as p(priority, policy, fr, res, rst, k) on p.priority = t.priority
     cross join lateral (select
       (t.id % 50 = 0 and t.resolved_at is not null) as reopened,
       t.created_at + (t.resolved_at - t.created_at) / 3 as first,
       t.created_at + (t.resolved_at - t.created_at) / 2 as back,
       case when t.id % 50 = 0 and t.resolved_at is not null then (t.resolved_at - t.created_at) / 6
         else interval '0' end as paused,
       case when p.rst is not null and t.resolved_at is not null and ${rand('t.id', 12)} < 0.4
         then t.created_at + (t.resolved_at - t.created_at) / 2 end as restored) x`,
  );
}

async function seed(url: string): Promise<void> {
  const { step, end } = seeder(url);
  try {
    await seedBenchTickets(step);
    await seedEvents(step);
    await seedClocks(step);
    await step(
      'csat_ratings',
      `insert into csat_ratings (ticket_id, rating, rated_by, rated_at, updated_at, workspace_id, team)
       select id, 1 + floor(${rand('id', 13)} * 5)::int, 'rep', resolved_at + interval '1 day', resolved_at + interval '1 day',
         workspace_id, team
       from tickets where resolved_at is not null and ${rand('id', 14)} < 0.25 and resolved_at + interval '1 day' <= '${AT}'`,
    );
    await step('vacuum analyze', 'vacuum analyze');
  } finally {
    await end();
  }
}

const request = (kind: DigestKind) => ({
  kind,
  at: new Date(RUNS_AT[kind]),
  zone: ZONE,
  workspaceId: 1,
  team: 'support',
  includeUnassigned: true,
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** p50 / min / max of `runs` digests of `kind` (after one warm-up). */
async function time(
  db: Db,
  kind: DigestKind,
  runs: number,
): Promise<{ p50: number; min: number; max: number; f: DigestFigures }> {
  const repo = createDigestsRepository({ db });
  let f = await computeFigures(repo, request(kind));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f = await computeFigures(repo, request(kind));
    samples.push(performance.now() - t);
  }
  return { p50: median(samples), min: Math.min(...samples), max: Math.max(...samples), f };
}

const labelOf = (query: string) =>
  query.includes("'ages'")
    ? 'backlog at'
    : query.includes('percentile_cont')
      ? 'durations'
      : query.includes("'worst'")
        ? 'compliance'
        : 'flow';

/** The indexes each statement of one weekly digest uses, from EXPLAIN ANALYZE of exactly those statements. */
async function explainWeekly(url: string): Promise<void> {
  const captured: { query: string; params: unknown[] }[] = [];
  const client = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_c, query, params) => captured.push({ query, params: params as unknown[] }),
  });
  const db = drizzle(client, { schema }) as unknown as Db;
  await computeFigures(createDigestsRepository({ db }), request('weekly'));
  console.log('\nWeekly digest statements, one by one (EXPLAIN ANALYZE, with the settings they run with)');
  const settings = captured.find((q) => q.query.includes('set_config'))?.query ?? 'select 1';
  for (const { query, params } of captured.splice(0).filter((q) => q.query.includes('as figures'))) {
    await client.unsafe('begin');
    await client.unsafe(settings);
    const [row] = await client.unsafe(`explain (analyze, format json) ${query}`, params as never[]);
    await client.unsafe('rollback');
    const plan = (row as Record<string, unknown>)['QUERY PLAN'] as [
      { Plan: unknown; 'Execution Time': number },
    ];
    const indexes = new Set<string>();
    const walk = (node: Record<string, unknown>) => {
      if (typeof node['Index Name'] === 'string') indexes.add(node['Index Name']);
      for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
    };
    walk(plan[0].Plan as Record<string, unknown>);
    const instants = params.filter((p): p is string => typeof p === 'string' && /^\d{4}-/.test(p)).sort();
    const [first, last] = [instants[0]?.slice(0, 10), instants[instants.length - 1]?.slice(0, 10)];
    const name = `${labelOf(query)} ${first}${last !== first ? `..${last}` : ''}`;
    console.log(
      `  ${name.padEnd(36)} ${plan[0]['Execution Time'].toFixed(1).padStart(7)} ms  ${[...indexes].sort().join(', ')}`,
    );
  }
  await client.end({ timeout: 5 });
}

function summary(f: DigestFigures): string {
  const rs = f.durations.find((d) => d.target === 'resolve')?.all;
  const fr = f.sla.find((s) => s.target === 'first_response')?.overall.rate.value ?? 0;
  return [
    `created ${f.counts.created.value} (prev ${f.counts.created.previous}), resolved ${f.counts.resolved.value}, reopened ${f.counts.reopened.value}, backlog ${f.counts.backlog.value}`,
    `first-response compliance ${(fr * 100).toFixed(1)}%, breaches ${f.breaches.total.value} (≤50% ${f.breaches.buckets.le50.value}, 50–100% ${f.breaches.buckets.le100.value}, >100% ${f.breaches.buckets.gt100.value})`,
    `resolve p50 ${((rs?.p50Ms.value ?? 0) / H).toFixed(1)} h, p90 ${((rs?.p90Ms.value ?? 0) / H).toFixed(1)} h; CSAT ${f.csat.mean.value?.toFixed(2)} (${f.csat.responses.value}); escalation ${((f.escalation.rate.value ?? 0) * 100).toFixed(1)}%`,
  ].join('\n    ');
}

/** How fast this Postgres is at plain row work, to read the timings against (a typical laptop: ~50 ms). */
async function calibrate(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await sql.unsafe('select count(*) from generate_series(1, 1000000)');
    samples.push(performance.now() - t);
  }
  await sql.end({ timeout: 5 });
  console.log(
    `\nCalibration: count(*) over generate_series(1, 1,000,000) takes ${median(samples).toFixed(0)} ms here`,
  );
}

async function measure(database: Database, url: string): Promise<void> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 2);
  const weekly = await time(database.db, 'weekly', RUNS);
  const daily = await time(database.db, 'daily', RUNS);
  const monthly = await time(database.db, 'monthly', Math.max(3, Math.floor(RUNS / 2)));
  printFigures(weekly, daily, monthly);
  await benchCharts(weekly.f);
  await benchWholeDigest(database.db, request('weekly'), Math.max(3, Math.floor(RUNS / 3)));
  clearInterval(sampler);
  peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
  const addedMb = (peak - baseline) / 1_048_576;
  console.log(
    `  peak memory added (figures, charts and whole digests): ${addedMb.toFixed(1)} MB  [target < ${TARGET_MEMORY_MB} MB]  ${addedMb < TARGET_MEMORY_MB ? 'OK' : 'MISSED'}`,
  );
  await explainWeekly(url);
}

type Timed = Awaited<ReturnType<typeof time>>;

function printFigures(weekly: Timed, daily: Timed, monthly: Timed): void {
  const line = (label: string, r: { p50: number; min: number; max: number }, target?: number) =>
    `  ${label.padEnd(34)} p50 ${r.p50.toFixed(1).padStart(6)} ms (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)})` +
    (target ? `  [target < ${target} ms]  ${r.p50 < target ? 'OK' : 'MISSED'}` : '');
  console.log(`\nResults (${RUNS} runs each after a warm-up; each run = this period + the previous one)`);
  console.log(
    line(
      `weekly, ${weekly.f.counts.created.value?.toLocaleString()} tickets opened`,
      weekly,
      TARGET_WEEKLY_MS,
    ),
  );
  console.log(`    ${summary(weekly.f)}`);
  console.log(line(`daily (${daily.f.period.days[0]})`, daily));
  console.log(line(`monthly (${monthly.f.period.days[0]?.slice(0, 7)})`, monthly));
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.error(
      'bench:digest needs DATABASE_URL (a Postgres it may create the sopbot_bench_digest database on).',
    );
    process.exit(2);
  }
  const guard = setTimeout(() => {
    console.error(`bench:digest: stopped after ${TIMEOUT_S} s`);
    process.exit(1);
  }, TIMEOUT_S * 1000);
  guard.unref();
  const url = benchUrl(base, DB_NAME);
  console.log(
    `bench:digest on ${DB_NAME}: ${TICKETS.toLocaleString()} tickets, ${HOT.toLocaleString()} of team support in ${HOT_START.slice(0, 10)}'s week`,
  );
  const reuse = Boolean(process.env.BENCH_REUSE);
  if (!reuse) await recreateDatabase(base, DB_NAME);
  let database: Database | undefined;
  try {
    database = await openDatabase({ url, max: 10 });
    await database.migrate();
    if (!reuse) await seed(url);
    await calibrate(url);
    await measure(database, url);
  } finally {
    await database?.close();
    if (!process.env.BENCH_KEEP && !reuse) await recreateDatabase(base, DB_NAME, true);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
