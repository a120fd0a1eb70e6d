/**
 * Row 3: kill -9 every 10 s under 60 `/ticket new`/s over 200 channels, default config (durable
 * acks by default), sopbot restarted on the same database after each kill. Requests that get no
 * 200 within 3 s are sent again like Slack does (X-Slack-Retry-Num, up to three retries). Once the
 * load stops and the last process has drained: every acknowledged command has exactly one ticket,
 * its card and its confirmation; nothing is left journaled or unsent.
 *
 * The short mode runs 21 s of load (two kills), Slack's retries sooner, and shortens
 * `deliveries.redeliverAfter` to 3 s so a killed process's leases run out quickly; the long mode
 * keeps the default config as it is.
 */
import { drain } from '../lib/db.ts';
import { type CommandVerdict, judgeCommands } from '../lib/judge.ts';
import { commandLoad } from '../lib/load.ts';
import { freePort, type Sopbot, sleep } from '../lib/procs.ts';
import { type Context, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { lastOutcomesUnacked, SlackSender, slackRetries } from '../lib/slack.ts';
import { type Stage, slackStage } from '../lib/stage.ts';

const RATE = 60;
const CHANNELS = 200;
const KILL_EVERY_MS = 10_000;

const title = (n: number) => `Soak kill9 ${n}`;

/** The load, with a kill -9 and a restart on the same port every 10 s while it runs. */
async function underKills(ctx: Context, stage: Stage, sender: SlackSender, port: number, seconds: number) {
  let bot: Sopbot = await stage.start('kill9', { port });
  const started = Date.now();
  const load = commandLoad({
    sender,
    fake: stage.fake,
    total: seconds * RATE,
    rate: RATE,
    channels: CHANNELS,
    title,
    prefix: 'k9',
  });
  const downtimes: number[] = [];
  for (let at = started + KILL_EVERY_MS; at < started + seconds * 1000; at += KILL_EVERY_MS) {
    if (at > Date.now()) await sleep(at - Date.now());
    const t0 = Date.now();
    await bot.kill();
    bot = await stage.start('kill9', { port });
    downtimes.push(Date.now() - t0);
    ctx.log(`kill ${downtimes.length}: back after ${Date.now() - t0} ms`);
  }
  await load;
  await sender.idle();
  return downtimes;
}

function figures(v: CommandVerdict, sender: SlackSender, total: number, downtimes: number[]) {
  const avg = downtimes.reduce((a, b) => a + b, 0) / Math.max(1, downtimes.length);
  return {
    sent: total,
    acknowledged: v.acked,
    'acked after a retry': v.retried,
    'never acked': total - v.acked,
    'their last answers': lastOutcomesUnacked(sender.sent),
    kills: downtimes.length,
    'restart s (avg)': (avg / 1000).toFixed(1),
    tickets: v.tickets,
    lost: v.lost,
    'not done after the drain': v.late,
    doubled: v.doubled,
    'made but never acked': v.unacked,
    'cards missing': v.cards.missing,
    'cards posted twice': v.cards.twice,
    'confirmations missing': v.answers.missing,
    'confirmations twice': v.answers.twice,
    'error answers': v.errorAnswers,
  };
}

async function run(ctx: Context): Promise<Result> {
  const seconds = ctx.short ? 21 : 60;
  const drainLimit = ctx.short ? 90_000 : 240_000;
  const config = ctx.short ? 'locale: en\ndeliveries:\n  redeliverAfter: 3s\n' : 'locale: en\n';
  const stage = await slackStage(ctx, 'kill9', config);
  const verdict = new Verdict();
  const port = await freePort();
  const sender = new SlackSender({
    route: () => `http://127.0.0.1:${port}/slack/events`,
    retriesMs: slackRetries(ctx.short),
  });
  try {
    const downtimes = await underKills(ctx, stage, sender, port, seconds);
    ctx.log(`load done: ${sender.sent.filter((s) => s.acked).length} acked; draining`);
    const left = await drain(stage.sql, drainLimit);
    await sleep(500);
    const total = seconds * RATE;
    const v = await judgeCommands({ sql: stage.sql, fake: stage.fake, sender, total, title, prefix: 'k9' });
    verdict.zero('acknowledged commands lost (no ticket, not journaled)', v.lost);
    verdict.zero(
      `acknowledged commands not done ${drainLimit / 1000} s after the load (still journaled)`,
      v.late,
    );
    verdict.zero('tickets doubled', v.doubled);
    verdict.zero('tickets without their card', v.cards.missing);
    verdict.zero('acknowledged commands without their confirmation', v.answers.missing);
    verdict.zero('answers "something went wrong"', v.errorAnswers);
    verdict.zero('outbox rows left unsent after the drain', left.outbox);
    return {
      figures: {
        ...figures(v, sender, total, downtimes),
        'replayed from the journal': stage.grep(/replaying a delivery/).length,
        'deadlocks logged': stage.grep(/deadlock detected/).length,
        'drain s': left.seconds.toFixed(1),
        'journaled after the drain': left.deliveries,
      },
      failures: verdict.failures,
      notes: [
        `${seconds} s at ${RATE}/s over ${CHANNELS} channels, kill -9 every ${KILL_EVERY_MS / 1000} s; config: ${config.trim().replace(/\n\s*/g, ' ')}`,
        'a card or confirmation "twice" is a chat message re-sent after a kill between Slack\'s answer and the outbox commit (chat is at least once; tickets are exactly once)',
      ],
    };
  } finally {
    sender.close();
    await stage.close(verdict.failures.length > 0);
  }
}

export const kill9: Scenario = {
  id: 'kill9',
  title: 'kill -9 every 10 s, 60 commands/s over 200 channels, default config → 0 acknowledged lost',
  run,
};
