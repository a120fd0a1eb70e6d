/**
 * The SLA scenario through the Slack platform: signed slash commands on POST /slack/events, a
 * local fake of Slack's Web API recording what the bot sends. Second-scale targets from the
 * config; time is a ManualClock and the app is ticked by hand (timers and the outbox), so nothing sleeps.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { ApiCall } from '../helpers/fake-slack.ts';
import { useSlackHarness } from '../helpers/slack-harness.ts';
import { slashCommand } from '../helpers/slack-sign.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');

const config = {
  locale: 'en',
  timezone: 'UTC',
  intake: [{ channel: 'C0SUPPORT', team: 'support' }],
  priorities: { P1: { firstResponse: '4s', resolve: '20s', escalateAfter: '3s', calendar: '24x7' } },
  teams: {
    support: {
      channel: 'C0TEAM',
      managers: ['U0BOSS'],
      tiers: [
        { name: 'L1', rotation: { members: ['U0ANN'] } },
        { name: 'L2', rotation: { members: ['U0BOB'] } },
        { name: 'L3', rotation: { members: ['U0CAT'] } },
      ],
    },
  },
  sla: { countdownEvery: '1s', repingAfter: '2s', maxRepings: 1 },
};

const clock = new ManualClock(T0);
const h = useSlackHarness({ clock, config });
beforeEach(() => {
  clock.set(T0);
});

/** Moves the clock to T0 + `ms`, fires what is due, and returns the Web API calls made meanwhile. */
async function at(ms: number): Promise<ApiCall[]> {
  const before = h.fake.calls.length;
  clock.set(T0 + ms);
  // The app's tick also sweeps the outbox: a live edit deferred by the edit interval falls due on
  // this clock, not on the deliverer's real-time sweep timer, which a test must not race.
  await h.app.tick();
  await h.settle();
  return h.fake.calls.slice(before).filter((c) => c.response?.ok);
}

const text = (c: ApiCall) => `${String(c.args.text ?? '')} ${JSON.stringify(c.args.blocks ?? [])}`;
const posts = (calls: ApiCall[], channel: string, threadTs?: string) =>
  calls.filter(
    (c) => c.method === 'chat.postMessage' && c.args.channel === channel && c.args.thread_ts === threadTs,
  );

describe('SLA clock, countdown, escalation and breach (Slack)', () => {
  it('notifies L1, counts down, warns, pages L2 by DM, breaches to the team channel; ack stops the chain', async () => {
    await h.post(slashCommand('/ticket', 'new P1 Checkout is broken', { user: 'U0REP' }));
    await h.settle();
    const card = h.fake.callsTo('chat.postMessage').find((c) => c.args.channel === 'C0SUPPORT');
    const cardTs = String(card?.response?.ts);
    expect(text(card as ApiCall)).toContain('First response due in 4s');

    const notice = posts(await at(0), 'C0SUPPORT', cardTs);
    expect(notice.map(text).join()).toContain('<@U0ANN>: new ticket #1');

    const edits = (await at(1000)).filter((c) => c.method === 'chat.update' && c.args.ts === cardTs);
    expect(edits).toHaveLength(1);
    expect(text(edits[0] as ApiCall)).toContain('First response due in 3s');

    const two = await at(2000);
    expect(posts(two, 'C0SUPPORT', cardTs).map(text).join()).toContain(
      '50% of the first response time is used',
    );

    const three = await at(3000);
    const thread = posts(three, 'C0SUPPORT', cardTs).map(text).join();
    expect(thread).toContain('#1 escalated L1 → L2: no response within 3s. Paging <@U0BOB>.');
    const dm = three.find((c) => c.method === 'conversations.open' && c.args.users === 'U0BOB');
    expect(dm).toBeDefined();
    const dmPost = posts(three, 'D0BOB');
    expect(dmPost.map(text).join()).toContain('You are on call for L2 (team support)');

    const breach = await at(4000);
    expect(posts(breach, 'C0SUPPORT', cardTs).map(text).join()).toContain(
      '#1 missed its first response target',
    );
    expect(posts(breach, 'C0TEAM').map(text).join()).toContain('SLA breach: #1 P1 · Checkout is broken');
    expect(
      breach
        .filter((c) => c.method === 'chat.update')
        .map(text)
        .join(),
    ).toContain('First response overdue since');

    expect(
      posts(await at(5000), 'C0SUPPORT', cardTs)
        .map(text)
        .join(),
    ).toContain('Reminder 1: <@U0BOB>');

    await h.post(slashCommand('/ticket', 'ack 1', { user: 'U0BOB' }));
    await h.settle();
    const later = await at(12_000);
    expect(later.map(text).join()).not.toContain('escalated L2');
    expect(later.filter((c) => c.method === 'conversations.open')).toEqual([]);
    const { ticket } = await h.app.services.tickets.get(1, 1);
    expect(ticket).toMatchObject({ tier: 'L2', status: 'acknowledged', assigneeId: 'U0BOB' });
  });
});
