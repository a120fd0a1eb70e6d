/**
 * Row 7: ten `/ticket new` at once in one busy channel, then one in a quiet channel → the quiet
 * one's ticket is created, and its card posted, within 1 s of its command: Slack's ~1 message/s
 * pacing of the busy channel (ten cards take ~8 s there) holds up only that channel. Several
 * rounds, each with a fresh busy and quiet channel, 2 s apart, so earlier busy channels are still
 * being paced while the next round runs.
 */
import type { FakeSlack } from '../../helpers/fake-slack.ts';
import { slashCommand } from '../../helpers/slack-sign.ts';
import { drain, type Sql } from '../lib/db.ts';
import { sleep, waitFor } from '../lib/procs.ts';
import { type Context, percentile, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { SlackSender } from '../lib/slack.ts';
import { cardTitle } from '../lib/slack-out.ts';
import { lightStage } from '../lib/stage.ts';

const BUSY = 10;
const LIMIT_MS = 1_000;

/** The rounds: ten busy commands at once, then the quiet one; returns when each quiet one was sent. */
async function sendRounds(sender: SlackSender, rounds: number): Promise<number[]> {
  const quietSent: number[] = [];
  for (let r = 1; r <= rounds; r++) {
    const busy = Array.from({ length: BUSY }, (_, k) =>
      sender.send(
        `busy-${r}-${k}`,
        slashCommand('/ticket', `new P2 Soak busy ${r}-${k + 1}`, { channel: `C0BUSY${r}` }),
      ),
    );
    await Promise.all(busy);
    quietSent.push(Date.now());
    await sender.send(
      `quiet-${r}`,
      slashCommand('/ticket', `new P2 Soak quiet ${r}`, { channel: `C0QUIET${r}` }),
    );
    if (r < rounds) await sleep(2_000);
  }
  return quietSent;
}

/** This row's tickets, by title, with when each was created. */
async function ours(sql: Sql): Promise<Map<string, number>> {
  const rows = await sql<{ title: string; created: Date }[]>`
    select title, created_at as created from tickets
     where title like 'Soak busy %' or title like 'Soak quiet %' or title = 'Soak warm-up'`;
  return new Map(rows.map((row) => [row.title, row.created.getTime()]));
}

/** When each card was first posted, by title. */
function cardTimes(fake: FakeSlack): Map<string, number> {
  const carded = new Map<string, number>();
  for (const c of fake.callsTo('chat.postMessage')) {
    const t = cardTitle(c);
    if (t && !carded.has(t)) carded.set(t, c.at ?? 0);
  }
  return carded;
}

async function run(ctx: Context): Promise<Result> {
  const rounds = ctx.short ? 3 : 6;
  const { stage, bot } = await lightStage(ctx);
  const verdict = new Verdict();
  const { fake, sql } = stage;
  const sender = new SlackSender({ route: () => bot.url });
  // One command first: a cold process's first ticket is not what this row measures.
  await sender.send('warm', slashCommand('/ticket', 'new P2 Soak warm-up', { channel: 'C0WARM' }));
  await sleep(1_500);
  const quietSent = await sendRounds(sender, rounds);
  const expected = rounds * (BUSY + 1) + 1;
  const quietCarded = () => [...cardTimes(fake).keys()].filter((t) => t.startsWith('Soak quiet')).length;
  await waitFor(
    'the quiet cards and every ticket',
    async () => (quietCarded() >= rounds && (await ours(sql)).size >= expected ? true : undefined),
    20_000,
  ).catch(() => undefined);
  // The long run also waits for the busy channels' paced cards, to show how long they take.
  if (!ctx.short) await drain(sql, 90_000);
  sender.close();
  const created = await ours(sql);
  const carded = cardTimes(fake);
  const since = (r: number, at: number | undefined) =>
    (at ?? Number.POSITIVE_INFINITY) - (quietSent[r - 1] ?? 0);
  const range = Array.from({ length: rounds }, (_, i) => i + 1);
  const ticketMs = range.map((r) => since(r, created.get(`Soak quiet ${r}`)));
  const cardMs = range.map((r) => since(r, carded.get(`Soak quiet ${r}`)));
  const busyLastMs = range.map((r) =>
    Math.max(...Array.from({ length: BUSY }, (_, k) => since(r, carded.get(`Soak busy ${r}-${k + 1}`)))),
  );
  const late = (xs: number[]) => xs.filter((x) => !(x <= LIMIT_MS)).length;
  verdict.zero(`quiet tickets created later than ${LIMIT_MS} ms`, late(ticketMs));
  verdict.zero(`quiet cards posted later than ${LIMIT_MS} ms`, late(cardMs));
  verdict.expect(created.size === expected, `tickets made (of ${expected})`, created.size);
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : 'never');
  return {
    figures: {
      rounds,
      'quiet ticket ms (max)': ms(Math.max(...ticketMs)),
      'quiet card ms (p50/max)': `${ms(percentile(cardMs, 50))}/${ms(Math.max(...cardMs))}`,
      ...(ctx.short ? {} : { 'busy 10th card ms (max)': ms(Math.max(...busyLastMs)) }),
      'late quiet tickets': late(ticketMs),
      'late quiet cards': late(cardMs),
    },
    failures: verdict.failures,
    notes: ['times from the quiet command being sent; the busy channel is paced by Slack at ~1 message/s'],
  };
}

export const busy: Scenario = {
  id: 'busy',
  title: '10 tickets in one busy channel, then one in a quiet channel → the quiet one within 1 s',
  light: true,
  run,
};
