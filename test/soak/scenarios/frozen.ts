/**
 * Row 5: two replicas, A and B, on one database, `/ticket new` spread over both (200 channels),
 * `deliveries.redeliverAfter` short (3 s). A is frozen (SIGSTOP) for 12 s in the middle of the
 * load: what it acknowledged and had not finished is leased to it, so B replays it once the
 * leases run out, and the outbox rows A held go out from B; requests sent to A meanwhile time out
 * and Slack's retries reach B (a load balancer would take A out). Then A resumes (SIGCONT) and
 * carries on with what it had in hand. In the end: every acknowledged command has one ticket, one
 * card and one confirmation — none doubled, none posted twice.
 */
import { slashCommand } from '../../helpers/slack-sign.ts';
import { backlog, ticketsByTitle } from '../lib/db.ts';
import { sleep } from '../lib/procs.ts';
import { type Context, type Result, type Scenario, Verdict } from '../lib/scenario.ts';
import { SlackSender, slackRetries } from '../lib/slack.ts';
import { answersById, cardsByTitle, doubles, errorAnswers, tally } from '../lib/slack-out.ts';
import { slackStage } from '../lib/stage.ts';

const CHANNELS = 200;
const RATE = 40;

const title = (n: number) => `Soak frozen ${n}`;

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
    const started = Date.now();
    const freezeAt = started + Math.floor((total / RATE / 3) * 1000);
    const load = (async () => {
      for (let n = 1; n <= total; n++) {
        const due = started + ((n - 1) * 1000) / RATE;
        if (due > Date.now()) await sleep(due - Date.now());
        const req = slashCommand('/ticket', `new P2 ${title(n)}`, {
          channel: `C${String(n % CHANNELS).padStart(4, '0')}`,
          user: `U${n % 50}`,
          trigger: `soak.frozen.${n}`,
          responseUrl: fake.responseUrl(`fz-${n}`),
        });
        void sender.send(String(n), req);
      }
    })();
    await sleep(freezeAt - Date.now());
    const frozenAt = Date.now();
    a.signal('SIGSTOP');
    ctx.log(`replica A frozen at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await sleep(freezeMs);
    a.signal('SIGCONT');
    ctx.log('replica A resumed');
    await load;
    await sender.idle();
    sender.close();
    const drainStart = Date.now();
    let left = await backlog(sql);
    while (Date.now() - drainStart < 90_000 && left.deliveries + left.outbox > 0) {
      await sleep(500);
      left = await backlog(sql);
    }
    // A resumed replica may still say something it had in hand: give it time to show.
    await sleep(2_000);
    const acked = sender.sent.filter((s) => s.acked).map((s) => Number(s.id));
    const tickets = await ticketsByTitle(sql);
    const all = Array.from({ length: total }, (_, i) => title(i + 1));
    const lost = tally(acked.map(title), tickets).missing;
    const doubled = tally(all, tickets).twice;
    const made = all.filter((t) => tickets.has(t));
    const cards = tally(made, cardsByTitle(fake));
    const answers = tally(
      acked.filter((n) => tickets.has(title(n))).map((n) => `fz-${n}`),
      answersById(fake),
    );
    const replayedByB = b.grep(/replaying a delivery/).length;
    const replayedByA = a.grep(/replaying a delivery/).length;
    verdict.zero('acknowledged commands lost', lost);
    verdict.zero('tickets doubled', doubled);
    verdict.zero('cards posted twice', cards.twice);
    verdict.zero('duplicate confirmations', answers.twice);
    verdict.zero('tickets without their card', cards.missing);
    verdict.zero('answers "something went wrong"', errorAnswers(fake));
    verdict.zero('acknowledged commands without their confirmation', answers.missing);
    verdict.zero('deliveries left journaled', left.deliveries);
    verdict.zero('outbox rows left unsent', left.outbox);
    return {
      figures: {
        sent: total,
        acknowledged: acked.length,
        'acked after a retry': sender.sent.filter((s) => s.acked && s.attempts.length > 1).length,
        'replayed by B': replayedByB,
        'replayed by A': replayedByA,
        tickets: [...tickets.values()].reduce((x, y) => x + y, 0),
        lost,
        doubled,
        'cards posted twice': cards.twice,
        'duplicate confirmations': answers.twice,
        'cards missing': cards.missing,
        'error answers': errorAnswers(fake),
        'deadlocks logged': stage.grep(/deadlock detected/).length,
        'confirmations missing': answers.missing,
      },
      failures: verdict.failures,
      notes: [
        ...doubles(fake, (id) => title(Number(id.slice(3)))).map((d) => {
          const times = d.at.map((t) => `+${((t - frozenAt) / 1000).toFixed(1)} s`).join(', ');
          const first = d.at[0] ?? 0;
          const resumed = frozenAt + freezeMs;
          const [second = 0] = d.at.slice(1);
          const why =
            first <= frozenAt + 100
              ? "A's copy went out as it froze; B sent it again once A's lease ran out"
              : first < resumed && second >= resumed
                ? 'B sent it while A was frozen; A sent it again after resuming'
                : first >= resumed
                  ? 'both copies after A resumed'
                  : 'both copies while A was frozen';
          return `posted twice (from the freeze; A resumed at +${freezeMs / 1000} s): ${d.what} ${times}: ${why}`;
        }),
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
