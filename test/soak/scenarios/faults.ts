/**
 * Row 8: the chat API fails — 30% of chat.* calls answered 503 and every 7th 429 (Retry-After
 * 1 s) — while 30 P1 tickets run their SLA clocks with warnings due at 50% and 80% of both targets
 * (4 per ticket, 120 in all) during the faults. Timers never wait for chat, so each warning fires
 * on time (no warning is skipped as missed), its message is retried through the outbox until the
 * API lets it through, and timer lateness (`timers.late_ms` of every fired timer) stays ≤ 2 s p99.
 * Faults last until 5 s after the last warning is due, then the API recovers.
 *
 * Long: firstResponse 2m, resolve 4m (as in the issue). Short: the same clock compressed to
 * 6 s / 12 s.
 */
import type { FakeSlack } from '../../helpers/fake-slack.ts';
import { slashCommand } from '../../helpers/slack-sign.ts';
import { backlog, type Sql } from '../lib/db.ts';
import { sleep } from '../lib/procs.ts';
import { type Context, percentile, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { SlackSender } from '../lib/slack.ts';
import { errorAnswers } from '../lib/slack-out.ts';
import { type Stage, slackStage } from '../lib/stage.ts';

const TICKETS = 30;
const WARN_AT = [0.5, 0.8];
const LATE_P99_MS = 2_000;
/** Two targets, a warning at each fraction of each. */
const EXPECTED = TICKETS * WARN_AT.length * 2;

/** A seeded generator (mulberry32): the same faults every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Warnings Slack received, by `#n target percent` (the en text of sla.warning). */
function deliveredWarnings(fake: FakeSlack): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of fake.callsTo('chat.postMessage')) {
    const m = /(#\d+): (\d+)% of the (.+?) time is used/.exec(String(c.args.text ?? ''));
    if (!m) continue;
    const key = `${m[1]} ${m[3]} ${m[2]}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

async function timerFigures(sql: Sql) {
  const late = await sql<{ late: number }[]>`
    select late_ms as late from timers where status = 'fired' and late_ms is not null`;
  const [warn] = await sql<{ fired: number; stale: number; pending: number }[]>`
    select count(*) filter (where status = 'fired')::int as fired,
           count(*) filter (where status = 'stale')::int as stale,
           count(*) filter (where status = 'pending')::int as pending
      from timers where kind = 'sla.warn'`;
  const [logged] = await sql<{ n: number }[]>`
    select count(distinct (ticket_id, data->>'target', data->>'fraction'))::int as n
      from ticket_events where kind = 'sla_warning'`;
  return { late: late.map((r) => r.late), warn, logged: logged?.n ?? 0 };
}

function configFor(first: number, resolve: number): string {
  return [
    'locale: en',
    'priorities:',
    `  P1: { firstResponse: ${first / 1000}s, resolve: ${resolve / 1000}s, escalateAfter: 1h }`,
    'sla:',
    `  warnAt: [${WARN_AT.join(', ')}]`,
    '',
  ].join('\n');
}

/**
 * The tickets filed and their warnings coming due under faults; the API recovers 5 s after the
 * last one, and this waits (a minute at most) for every warning to be delivered.
 */
async function underFaults(ctx: Context, stage: Stage, sender: SlackSender, resolve: number) {
  const { fake } = stage;
  fake.faults = {
    methods: /^chat\./,
    errorRate: 0.3,
    status: 503,
    rateLimitEvery: 7,
    retryAfter: 1,
    random: seeded(9),
  };
  const started = Date.now();
  await Promise.all(
    Array.from({ length: TICKETS }, (_, k) =>
      sender.send(String(k), slashCommand('/ticket', `new P1 Soak sla ${k + 1}`, { channel: `C0SLA${k}` })),
    ),
  );
  const lastWarning = started + resolve * Math.max(...WARN_AT);
  ctx.log(`faults on; last warning due in ${((lastWarning - Date.now()) / 1000).toFixed(0)} s`);
  await sleep(lastWarning + 5_000 - Date.now());
  fake.faults = undefined;
  const refused = fake.calls.filter((c) => c.method.startsWith('chat.') && c.status !== 200).length;
  const recovered = Date.now();
  while (Date.now() - recovered < 60_000 && deliveredWarnings(fake).size < EXPECTED) await sleep(500);
  return { refused, recoveryS: (Date.now() - recovered) / 1000 };
}

async function run(ctx: Context): Promise<Result> {
  const [first, resolve] = ctx.short ? [6_000, 12_000] : [120_000, 240_000];
  const stage = await slackStage(ctx, 'faults', configFor(first, resolve));
  const verdict = new Verdict();
  const { fake, sql } = stage;
  try {
    const bot = await stage.start('faults');
    const sender = new SlackSender({ route: () => bot.url });
    const { refused, recoveryS } = await underFaults(ctx, stage, sender, resolve);
    sender.close();
    const left = await backlog(sql);
    const delivered = deliveredWarnings(fake);
    const twice = [...delivered.values()].filter((n) => n > 1).length;
    const { late, warn, logged } = await timerFigures(sql);
    const p99 = percentile(late, 99);
    verdict.zero('warnings skipped (never fired, or fired stale)', EXPECTED - logged);
    verdict.zero(
      'warnings fired but not delivered a minute after the API recovered',
      EXPECTED - delivered.size,
    );
    verdict.zero('warnings delivered twice', twice);
    verdict.expect(p99 <= LATE_P99_MS, `timer lateness p99 over ${LATE_P99_MS} ms`, `${p99} ms`);
    verdict.zero('commands not acknowledged', TICKETS - sender.sent.filter((s) => s.acked).length);
    verdict.zero('answers "something went wrong"', errorAnswers(fake));
    return {
      figures: {
        tickets: TICKETS,
        'warnings due': EXPECTED,
        'fired (logged)': logged,
        skipped: EXPECTED - logged,
        'stale warn timers': warn?.stale ?? 0,
        delivered: delivered.size,
        'delivered twice': twice,
        'chat calls refused': refused,
        'timers fired': late.length,
        'late ms p50/p99/max': `${percentile(late, 50)}/${p99}/${Math.max(0, ...late)}`,
        'delivered within s of recovery': recoveryS.toFixed(1),
        'outbox left': left.outbox,
      },
      failures: verdict.failures,
      notes: [
        `P1 firstResponse ${first / 1000} s, resolve ${resolve / 1000} s, warnAt ${WARN_AT.join('/')}; faults (30% 503, every 7th chat call 429) from the first command until 5 s after the last warning was due`,
      ],
    };
  } finally {
    await stage.close(verdict.failures.length > 0);
  }
}

export const faults: Scenario = {
  id: 'faults',
  title:
    'chat API at 30% 503 and a 429 every 7th call, 30 tickets with SLA warnings → 0 skipped, p99 late ≤ 2 s',
  run,
};
