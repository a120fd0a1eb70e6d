/**
 * Replays of acknowledged deliveries whose process stopped (durable acks, `deliveries.durable`,
 * src/platforms/slack/durable.ts) through the real Slack mount: a "dead process" is a second journal that accepted a
 * delivery and never finished it; once the clock passes its lease, the sweep replays it through
 * the same listeners. A replay of a delivery whose work committed finds it recorded and does
 * nothing; one whose work was lost does it, once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createDeliveryJournal } from '../../src/runtime/journal.ts';
import { HARNESS_CONFIG, useSlackHarness } from '../helpers/slack-harness.ts';
import { eventCallback, type SlackRequest } from '../helpers/slack-sign.ts';

const clock = new ManualClock('2026-03-02T10:00:00Z');
const LEASE_MS = 60_000;
const h = useSlackHarness({ clock, config: { ...HARNESS_CONFIG, deliveries: { durable: true } } });
beforeEach(() => {
  clock.set('2026-03-02T10:00:00Z');
});

const ROOT = '1700000500.000100';
const message = (fields: Record<string, unknown>) => ({
  type: 'message',
  channel: 'C0SUPPORT',
  channel_type: 'channel',
  user: 'U0REP',
  ts: ROOT,
  ...fields,
});

/** Another process's journal (its own leases, as a replica that later dies holds them). */
function otherProcess() {
  return createDeliveryJournal({
    repos: h.app.runtime.repos,
    clock,
    logger: silentLogger,
    platform: 'slack',
    options: { leaseMs: LEASE_MS },
  });
}

/** What a process that died right after its ack leaves behind: an accepted, unfinished delivery. */
async function leftByDeadProcess(req: SlackRequest): Promise<string> {
  const body = JSON.parse(req.body) as { event_id: string };
  const dead = otherProcess();
  expect(await dead.accept(`event:${body.event_id}`, body)).toBe(true);
  return body.event_id;
}

async function tickets() {
  return h.app.services.tickets.list(1, 'all', 'x', 50);
}

describe('replaying deliveries left by a stopped process', () => {
  it('waits for the lease, then replays once: the intake message becomes one ticket', async () => {
    await leftByDeadProcess(eventCallback(message({ text: 'VPN drops every hour' })));
    await h.slack.sweep();
    await h.settle();
    expect(await tickets()).toHaveLength(0); // the lease still holds: its process may be alive

    clock.advance(LEASE_MS + 1);
    await h.slack.sweep();
    await h.settle();
    const [ticket] = await tickets();
    expect(ticket).toMatchObject({ title: 'VPN drops every hour', reporterId: 'U0REP', threadId: ROOT });
    expect(h.fake.callsTo('chat.postMessage').map((c) => c.args.thread_ts)).toEqual([ROOT, ROOT]);
    expect(await otherProcess().claimExpired()).toEqual([]);

    clock.advance(LEASE_MS + 1);
    await h.slack.sweep();
    await h.settle();
    expect(await tickets()).toHaveLength(1);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2);
  });

  it('a replay of work done halfway finishes it without doing the first half again', async () => {
    // Handled in full once (ticket, card, note), then its delivery shows up again unfinished.
    const req = eventCallback(message({ text: 'Printer on fire' }));
    await h.post(req);
    await h.settle();
    const reply = eventCallback(
      message({ text: 'looking', user: 'U0AGENT', ts: '1700000500.000200', thread_ts: ROOT }),
    );
    await h.post(reply);
    await h.settle();
    await leftByDeadProcess(req);
    await leftByDeadProcess(reply);
    clock.advance(LEASE_MS + 1);
    await h.slack.sweep();
    await h.settle();
    expect(await tickets()).toHaveLength(1);
    const { events } = await h.app.services.tickets.get(1, 1);
    expect(events.filter((e) => e.kind === 'commented')).toHaveLength(1);
    expect(h.fake.callsTo('chat.postMessage')).toHaveLength(2); // card and note, not again
  });

  it('a retry of a delivery still pending is acknowledged and dropped', async () => {
    const req = eventCallback(message({ text: 'Disk full on build agent' }));
    await leftByDeadProcess(req);
    const res = await h.post({
      ...req,
      headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
    });
    expect(res.status).toBe(200);
    await h.settle();
    expect(await tickets()).toHaveLength(0);
    expect(h.app.metrics.eventsDuplicate.get({ platform: 'slack' })).toBeGreaterThanOrEqual(1);
  });
});
