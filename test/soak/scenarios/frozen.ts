/**
 * Row 5: two replicas, A and B, on one database, `/ticket new` spread over both (200 channels),
 * `deliveries.redeliverAfter` short (3 s). A is frozen (SIGSTOP) for 12 s in the middle of the
 * load: what it acknowledged and had not finished is leased to it, so B replays it once the
 * leases run out, and the outbox rows A held go out from B; requests sent to A meanwhile time out
 * and Slack's retries reach B (a load balancer would take A out). Then A resumes (SIGCONT) and
 * carries on with what it had in hand. In the end: every acknowledged command has one ticket, one
 * card and one confirmation — none doubled, none posted twice. The short run freezes A for 6 s.
 */
import { drain } from '../lib/db.ts';
import { judgeCommands } from '../lib/judge.ts';
import { commandLoad } from '../lib/load.ts';
import { sleep } from '../lib/procs.ts';
import { type Context, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { SlackSender, slackRetries } from '../lib/slack.ts';
import { type Doubled, doubles } from '../lib/slack-out.ts';
import { slackStage } from '../lib/stage.ts';

const CHANNELS = 200;
const RATE = 40;

const title = (n: number) => `Soak frozen ${n}`;

/** Who sent the second copy, from when the copies arrived (the freeze at `frozenAt`). */
function explain(d: Doubled, frozenAt: number, freezeMs: number): string {
  const times = d.at.map((t) => `+${((t - frozenAt) / 1000).toFixed(1)} s`).join(', ');
  const [first = 0, second = 0] = d.at;
  const resumed = frozenAt + freezeMs;
  const why =
    first <= frozenAt + 100
      ? "A's copy went out as it froze; B sent it again once A's lease ran out"
      : first < resumed && second >= resumed
        ? 'B sent it while A was frozen; A sent it again after resuming'
        : first >= resumed
          ? 'both copies after A resumed'
          : 'both copies while A was frozen';
  return `posted twice (from the freeze; A resumed at +${freezeMs / 1000} s): ${d.what} ${times}: ${why}`;
}

async function run(ctx: Context): Promise<Result> {
  const total = ctx.short ? 160 : 600;
  const freezeMs = ctx.short ? 6_000 : 12_000;
  const config = 'locale: en\ndeliveries:\n  redeliverAfter: 3s\n';
  const stage = await slackStage(ctx, 'frozen', config);
  const verdict = new Verdict();
  const { fake, sql } = stage;
  try {
    const [a, b] = await Promise.all([stage.start('replica-a'), stage.start('replica-b')]);
    // First attempts alternate; a retry goes to the other replica than the attempt before it.
    const urls = [a.url, b.url];
    const sender = new SlackSender({
      route: (n, id) => urls[(Number(id) + n) % 2] as string,
      retriesMs: slackRetries(ctx.short),
    });
    const load = commandLoad({ sender, fake, total, rate: RATE, channels: CHANNELS, title, prefix: 'fz' });
    await sleep(Math.floor((total / RATE / 3) * 1000));
    const frozenAt = Date.now();
    a.signal('SIGSTOP');
    await sleep(freezeMs);
    a.signal('SIGCONT');
    ctx.log(`replica A was frozen ${freezeMs / 1000} s`);
    await load;
    await sender.idle();
    sender.close();
    const left = await drain(sql, 90_000);
    // A resumed replica may still say something it had in hand: give it time to show.
    await sleep(2_000);
    const v = await judgeCommands({ sql, fake, sender, total, title, prefix: 'fz' });
    verdict.zero('acknowledged commands lost', v.lost + v.late);
    verdict.zero('tickets doubled', v.doubled);
    verdict.zero('cards posted twice', v.cards.twice);
    verdict.zero('duplicate confirmations', v.answers.twice);
    verdict.zero('tickets without their card', v.cards.missing);
    verdict.zero('acknowledged commands without their confirmation', v.answers.missing);
    verdict.zero('answers "something went wrong"', v.errorAnswers);
    verdict.zero('deliveries left journaled', left.deliveries);
    verdict.zero('outbox rows left unsent', left.outbox);
    return {
      figures: {
        sent: total,
        acknowledged: v.acked,
        'acked after a retry': v.retried,
        'replayed by B': b.grep(/replaying a delivery/).length,
        'replayed by A': a.grep(/replaying a delivery/).length,
        tickets: v.tickets,
        lost: v.lost + v.late,
        doubled: v.doubled,
        'cards posted twice': v.cards.twice,
        'duplicate confirmations': v.answers.twice,
        'cards missing': v.cards.missing,
        'confirmations missing': v.answers.missing,
        'error answers': v.errorAnswers,
        'deadlocks logged': stage.grep(/deadlock detected/).length,
      },
      failures: verdict.failures,
      notes: [
        ...doubles(fake, (id) => title(Number(id.slice(3)))).map((d) => explain(d, frozenAt, freezeMs)),
        `${total} commands at ${RATE}/s, A frozen ${freezeMs / 1000} s from a third of the way in; ${config.trim().replace(/\n\s*/g, ' ')}`,
      ],
    };
  } finally {
    await stage.close(verdict.failures.length > 0);
  }
}

export const frozen: Scenario = {
  id: 'frozen',
  title: 'replica A frozen 12 s, replica B replays its leased deliveries, A resumes → 0 doubled',
  run,
};
