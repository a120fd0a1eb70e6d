/**
 * Row 4: the journal's write stalls for longer than the receiver's 2.5 s fallback: a second
 * connection holds `lock table deliveries in access exclusive mode` in an open transaction while
 * ten `/ticket new` arrive. No request may be answered 200 unless its journal row committed, so:
 * none is answered 200 while the lock is held, and every command answered 200 (by any attempt,
 * Slack retrying the others) has exactly one ticket in the end. Three variants: no crash; sopbot
 * killed (-9) while the lock is held; sopbot killed right after the lock is released (the writes
 * that were waiting commit, then the process dies: its restart replays them; long run only).
 */
import { slashCommand } from '../../helpers/slack-sign.ts';
import { backlog, type Sql, ticketsByTitle } from '../lib/db.ts';
import { freePort, type Sopbot, sleep } from '../lib/procs.ts';
import { type Context, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { type Sent, SlackSender, slackRetries } from '../lib/slack.ts';
import type { Stage } from '../lib/stage.ts';
import { slackStage } from '../lib/stage.ts';

type Crash = 'none' | 'while locked' | 'after unlock';
const VARIANTS: Crash[] = ['none', 'while locked', 'after unlock'];
const PER_VARIANT = 10;

interface Outcome {
  crash: Crash;
  sent: Sent[];
  lockedFrom: number;
  lockedUntil: number;
  titles: string[];
}

/** Holds the access-exclusive lock on the journal until `release` is called. */
async function lockJournal(sql: Sql): Promise<{ release(): Promise<void> }> {
  const conn = await sql.reserve();
  await conn`begin`;
  await conn`lock table deliveries in access exclusive mode`;
  return {
    async release() {
      await conn`commit`;
      conn.release();
    },
  };
}

async function variant(
  ctx: Context,
  stage: Stage,
  holder: { bot: Sopbot },
  port: number,
  crash: Crash,
  lockMs: number,
): Promise<Outcome> {
  const url = `http://127.0.0.1:${port}/slack/events`;
  const sender = new SlackSender({ route: () => url, retriesMs: slackRetries(ctx.short) });
  const titles: string[] = [];
  try {
    const lock = await lockJournal(stage.sql);
    const lockedFrom = Date.now();
    for (let i = 1; i <= PER_VARIANT; i++) {
      const title = `Soak stall ${crash} ${i}`;
      titles.push(title);
      const req = slashCommand('/ticket', `new P2 ${title}`, {
        channel: `C0STALL${i}`,
        trigger: `soak.stall.${crash}.${i}`,
        responseUrl: stage.fake.responseUrl(`stall-${crash}-${i}`),
      });
      void sender.send(title, req);
      await sleep(50);
    }
    if (crash === 'while locked') {
      // Every first attempt has had its fallback answer; the waiting writes die with the process.
      await sleep(3_000);
      await holder.bot.kill();
    }
    const hold = lockedFrom + lockMs - Date.now();
    if (hold > 0) await sleep(hold);
    const lockedUntil = Date.now();
    await lock.release();
    if (crash === 'after unlock') {
      await sleep(20);
      await holder.bot.kill();
    }
    if (crash !== 'none') holder.bot = await stage.start('stall', { port });
    await sender.idle();
    ctx.log(`${crash}: ${sender.sent.filter((s) => s.acked).length} of ${PER_VARIANT} acked`);
    return { crash, sent: sender.sent, lockedFrom, lockedUntil, titles };
  } finally {
    sender.close();
  }
}

async function drain(sql: Sql, limitMs: number): Promise<{ deliveries: number; outbox: number }> {
  const until = Date.now() + limitMs;
  let left = await backlog(sql);
  while (Date.now() < until && left.deliveries + left.outbox > 0) {
    await sleep(500);
    left = await backlog(sql);
  }
  return left;
}

async function run(ctx: Context): Promise<Result> {
  const lockMs = ctx.short ? 3_500 : 8_000;
  const config = 'locale: en\ndeliveries:\n  redeliverAfter: 5s\n';
  const stage = await slackStage(ctx, 'stall', config);
  const verdict = new Verdict();
  try {
    const port = await freePort();
    const holder = { bot: await stage.start('stall', { port }) };
    const outcomes: Outcome[] = [];
    // The short run leaves out the third variant (one restart less).
    const variants = ctx.short ? VARIANTS.slice(0, 2) : VARIANTS;
    for (const crash of variants) outcomes.push(await variant(ctx, stage, holder, port, crash, lockMs));
    const left = await drain(stage.sql, 60_000);
    await sleep(500);
    const tickets = await ticketsByTitle(stage.sql);
    const figures: Record<string, number | string> = {};
    for (const o of outcomes) {
      const acked = o.sent.filter((s) => s.acked);
      const whileLocked = o.sent.filter((s) =>
        s.attempts.some((a) => a.outcome === 200 && a.doneAt < o.lockedUntil),
      ).length;
      const lost = acked.filter((s) => !tickets.has(s.id)).length;
      const doubled = o.titles.filter((t) => (tickets.get(t) ?? 0) > 1).length;
      const first503 = o.sent.filter((s) => s.attempts[0]?.outcome === 503).length;
      const label = o.crash === 'none' ? 'no crash' : `crash ${o.crash}`;
      figures[label] =
        `${acked.length} acked, ${first503} first 503, ${whileLocked} 200 while locked, ${lost} lost, ${doubled} doubled`;
      verdict.zero(`${label}: answered 200 while the journal was locked`, whileLocked);
      verdict.zero(`${label}: answered 200, then lost`, lost);
      verdict.zero(`${label}: tickets doubled`, doubled);
    }
    verdict.zero('deliveries left journaled', left.deliveries);
    verdict.zero('outbox rows left unsent', left.outbox);
    figures['lock held s'] = (lockMs / 1000).toFixed(0);
    figures.tickets = [...tickets.values()].reduce((a, b) => a + b, 0);
    return { figures, failures: verdict.failures };
  } finally {
    await stage.close(verdict.failures.length > 0);
  }
}

export const stall: Scenario = {
  id: 'stall',
  title: 'journal write stalled > 2.5 s, with and without a crash → none answered 200 and then lost',
  run,
};
