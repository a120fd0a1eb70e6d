/**
 * Row 6: one intake message delivered under two event ids (same channel and ts: Slack sends a
 * `message` and an `app_mention`-like twin, or redelivers with a new id) → one ticket, one card,
 * one note in its thread. The twins race (sent together), follow closely (100 ms), or come late
 * (1 s after the first was acknowledged). A single message first sets the baseline of what one
 * ticket says in its thread.
 */
import { eventCallback, type SlackRequest } from '../../helpers/slack-sign.ts';
import { drain, ticketsByTitle } from '../lib/db.ts';
import { sleep } from '../lib/procs.ts';
import { type Context, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { SlackSender } from '../lib/slack.ts';
import { cardsByTitle, errorAnswers, tally, threadPosts } from '../lib/slack-out.ts';
import { lightStage } from '../lib/stage.ts';

const CHANNELS = 20;
/** The light stage's intake channels C0IN00 … C0IN19. */
const channel = (i: number) => `C0IN${String(i % CHANNELS).padStart(2, '0')}`;
const ts = (i: number) => `1700${String(100000 + i)}.000100`;
const title = (i: number) => `Soak twin ${i}`;

function message(i: number, eventId: string): SlackRequest {
  return eventCallback(
    {
      type: 'message',
      channel: channel(i),
      channel_type: 'channel',
      user: `U${i % 30}`,
      ts: ts(i),
      text: title(i),
    },
    eventId,
  );
}

const MODES = ['together', '100 ms apart', '1 s after the ack'] as const;

/** The pairs, each twin sent together with, shortly after, or well after the first. */
async function sendPairs(sender: SlackSender, pairs: number): Promise<void> {
  const jobs: Promise<unknown>[] = [];
  for (let i = 1; i <= pairs; i++) {
    const mode = MODES[i % MODES.length];
    const first = sender.send(String(i), message(i, `EvTWIN${i}a`));
    const second = (async () => {
      if (mode === '100 ms apart') await sleep(100);
      if (mode === '1 s after the ack') {
        await first;
        await sleep(1_000);
      }
      return sender.send(String(i), message(i, `EvTWIN${i}b`));
    })();
    jobs.push(first, second);
    await sleep(40);
  }
  await Promise.all(jobs);
}

async function run(ctx: Context): Promise<Result> {
  const pairs = ctx.short ? 45 : 300;
  const { stage, bot } = await lightStage(ctx);
  const verdict = new Verdict();
  const { fake, sql } = stage;
  const sender = new SlackSender({ route: () => bot.url });
  // The baseline: what one ticket from one message says in its thread.
  await sender.send('0', message(0, 'EvTWIN0a'));
  await drain(sql, 20_000);
  const baseline = threadPosts(fake).get(ts(0)) ?? 0;
  await sendPairs(sender, pairs);
  await drain(sql, 120_000);
  await sleep(1_000);
  sender.close();
  const titles = Array.from({ length: pairs }, (_, i) => title(i + 1));
  const tickets = await ticketsByTitle(sql);
  const t = tally(titles, tickets);
  const cards = tally(titles, cardsByTitle(fake));
  const posts = threadPosts(fake);
  const offBaseline = titles.filter((_, i) => (posts.get(ts(i + 1)) ?? 0) !== baseline).length;
  const notAcked = sender.sent.filter((x) => !x.acked).length;
  const byMode = MODES.map((m, k) => {
    const mine = titles.filter((_, i) => (i + 1) % MODES.length === k);
    return `${m} ${mine.filter((x) => (tickets.get(x) ?? 0) === 1).length}/${mine.length}`;
  });
  verdict.expect(baseline > 0, 'the single message was not answered in its thread');
  verdict.zero('messages with no ticket', t.missing);
  verdict.zero('messages with two tickets or more', t.twice);
  verdict.zero('cards posted twice', cards.twice);
  verdict.zero('tickets without a card', cards.missing);
  verdict.zero(`threads not answered like a single message (${baseline} posts)`, offBaseline);
  verdict.zero('deliveries not acknowledged', notAcked);
  verdict.zero('answers "something went wrong"', errorAnswers(fake));
  return {
    figures: {
      'twin pairs': pairs,
      deliveries: sender.sent.length,
      acknowledged: sender.sent.length - notAcked,
      tickets: titles.reduce((a, x) => a + (tickets.get(x) ?? 0), 0),
      'one ticket each': byMode.join(', '),
      doubled: t.twice,
      'cards twice': cards.twice,
      'threads off baseline': offBaseline,
    },
    failures: verdict.failures,
  };
}

export const twins: Scenario = {
  id: 'twins',
  title: 'one intake message delivered under two event ids (same channel + ts) → 1 ticket',
  light: true,
  run,
};
