/**
 * The SLA engine end to end through the console platform: a ticket with second-scale targets
 * gets the L1 notice, countdown edits, warnings, an escalation page to the L2 on-call (thread
 * mention + urgent DM), a re-ping and a breach notice in the thread and the team channel; an
 * acknowledgement stops the chain. Time is a ManualClock; the scheduler is ticked by hand.
 */
import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/core/message.ts';
import { useConsoleApp } from '../helpers/console.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');

const secondScaleConfig = {
  locale: 'en',
  timezone: 'UTC',
  admins: ['admin'],
  intake: [{ channel: 'support', team: 'support' }],
  priorities: { P1: { firstResponse: '4s', resolve: '20s', escalateAfter: '3s', calendar: '24x7' } },
  teams: {
    support: {
      channel: 'support-team',
      managers: ['boss'],
      tiers: [
        { name: 'L1', rotation: { members: ['ann'] } },
        { name: 'L2', rotation: { members: ['bob'] } },
        { name: 'L3', rotation: { members: ['cat'] } },
      ],
    },
  },
  sla: { countdownEvery: '1s', repingAfter: '2s', maxRepings: 1 },
};

const { app, clock, s } = useConsoleApp({
  config: secondScaleConfig,
  start: T0,
  user: 'rep',
  channel: 'support',
});

/** Moves the clock to T0 + `ms` and fires what is due; returns what the bot printed meanwhile. */
async function at(ms: number): Promise<string> {
  const before = s.output().length;
  clock.set(T0 + ms);
  await app.tick();
  return s.output().slice(before);
}

async function eventKinds(): Promise<string[]> {
  return (await app.services.tickets.get(1, 1)).events.map((e) => e.kind);
}

describe('SLA clock, countdown, escalation and breach (console)', () => {
  it('notifies L1, counts down, warns, escalates to L2, re-pings, breaches; ack stops the chain', async () => {
    await s.say('/ticket new P1 Checkout is broken');

    const notice = await at(0);
    expect(notice).toMatch(/🔔 @ann: new ticket #1 \(P1 · Checkout is broken\) for L1 on call/);

    const tick1 = await at(1000);
    expect(tick1).toContain('sopbot (card updated):');
    expect(tick1).toContain('⏱ First response due in 3s');

    const tick2 = await at(2000);
    expect(tick2).toContain('⚠️ #1: 50% of the first response time is used');
    expect(tick2).toContain('(2s left). @ann');
    expect(tick2).toContain('🔁 Reminder 1: @ann, #1 still has no response (L1).');
    expect(tick2).toContain('[DM → @ann, urgent: in-app]');

    const tick3 = await at(3000);
    expect(tick3).toContain('⏫ #1 escalated L1 → L2: no response within 3s. Paging @bob.');
    expect(tick3).toContain('[DM → @bob, urgent: in-app]');
    expect(tick3).toContain('You are on call for L2 (team support): ticket #1 · P1 · Checkout is broken');
    expect((await app.services.tickets.get(1, 1)).ticket.tier).toBe('L2');

    const tick32 = await at(3200);
    expect(tick32).toContain('80% of the first response time is used');

    const breach = await at(4000);
    expect(breach).toContain('🔴 #1 missed its first response target (due 2026-03-02 10:00).');
    expect(breach).toMatch(
      /\[#support-team\] sopbot:\n🔴 SLA breach: #1 P1 · Checkout is broken — first response was due/,
    );
    expect(breach).toContain('🔴 First response overdue since');

    const reping = await at(5000);
    expect(reping).toContain('🔁 Reminder 1: @bob, #1 still has no response (L2).');

    s.platform.user = 'bob';
    await s.say('/ticket ack 1');
    const afterAck = await at(12_000);
    expect(afterAck).not.toContain('⏫');
    expect(afterAck).not.toContain('Reminder');
    expect(afterAck).not.toContain('@cat');
    expect(afterAck).toContain('50% of the resolution time is used'); // the resolve clock still runs
    const { ticket } = await app.services.tickets.get(1, 1);
    expect(ticket.tier).toBe('L2');
    expect(ticket.acknowledgedAt).not.toBeNull();

    const kinds = await eventKinds();
    expect(kinds.filter((k) => k === 'oncall_notified')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'escalated')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'sla_warning')).toHaveLength(3); // response 50%, 80%; resolve 50%
    expect(kinds.filter((k) => k === 'sla_breached')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'paged')).toHaveLength(3); // ann re-ping, bob page, bob re-ping
    expect(kinds).toContain('acknowledged');

    const dms = s.platform.messenger.sent.filter((m) => plainText(m.text).startsWith('🚨'));
    expect(dms).toHaveLength(3);
  });

  it('stops before escalating when L1 acknowledges in time', async () => {
    await s.say('/ticket new P1 Printer on fire');
    await at(0);
    s.platform.user = 'ann';
    await s.say('1'); // the ticket card's first button: Acknowledge
    const later = await at(10_000);
    expect(later).not.toContain('⏫');
    expect(later).not.toContain('missed its first response');
    const { ticket, events } = await app.services.tickets.get(1, 1);
    expect(ticket.tier).toBe('L1');
    expect(later).toContain('50% of the resolution time is used');
    expect(events.map((e) => e.kind)).toEqual([
      'created',
      'oncall_notified',
      'acknowledged',
      'first_response',
      'sla_warning',
    ]);
  });
});
