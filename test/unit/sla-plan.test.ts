/**
 * The SLA engine's pure parts: which timers a clock plans, how changes move the clock, and how
 * the card's countdown is stepped. Fixed dates, no database.
 */
import { describe, expect, it } from 'vitest';
import { deadlineOf } from '../../src/domain/sla/clock.ts';
import { displayStep, lineKey, nextCountdownEdit, slaLine } from '../../src/domain/sla/countdown.ts';
import { planTimers } from '../../src/domain/sla/plan.ts';
import { DEFAULT_SLA_SETTINGS, freezePolicy, type SlaPolicy } from '../../src/domain/sla/policy.ts';
import { applyChange, openClock } from '../../src/domain/sla/transitions.ts';
import type { Ticket, TicketEvent } from '../../src/domain/tickets/model.ts';

const M = 60_000;
const H = 60 * M;
const CHAIN = ['L1', 'L2', 'L3', 'managers'];
const P1: SlaPolicy = {
  firstResponseMs: 30 * M,
  resolveMs: 4 * H,
  escalateAfterMs: H,
  calendar: { kind: '24x7' },
};
const BUSINESS: SlaPolicy = {
  firstResponseMs: 2 * H,
  resolveMs: 24 * H,
  escalateAfterMs: 4 * H,
  calendar: {
    kind: 'business',
    timeZone: 'Asia/Shanghai',
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    start: '09:00',
    end: '18:00',
    holidays: [],
  },
};
const T0 = new Date('2026-03-02T02:00:00Z'); // Monday 10:00 in Shanghai

function ticket(over: Partial<Ticket> = {}): Ticket {
  return {
    id: 1,
    workspaceId: 1,
    number: 1,
    title: 't',
    description: null,
    priority: 'P1',
    category: 'other',
    status: 'new',
    tier: 'L1',
    team: 'support',
    reporterId: 'rep',
    assigneeId: null,
    source: 'command',
    channelId: 'c',
    threadId: 'th',
    sourceMessageId: null,
    sourceUrl: null,
    originEvent: null,
    resolutionNote: null,
    createdAt: T0,
    updatedAt: T0,
    firstResponseAt: null,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    ...over,
  };
}

function event(
  kind: TicketEvent['kind'],
  at: Date,
  data: Record<string, unknown> = {},
  actorId = 'agent',
): TicketEvent {
  return { id: 1, ticketId: 1, at, actorId, kind, data };
}

const freeze = (p: SlaPolicy = P1) => freezePolicy('P1', p, DEFAULT_SLA_SETTINGS, CHAIN);
const plan = (t: Ticket, c = openClock(t, freeze(), 'support'), now = T0) =>
  planTimers(t, c, DEFAULT_SLA_SETTINGS, now).map((p) => ({
    kind: p.kind,
    at: p.dueAt.toISOString(),
    ...p.payload,
  }));
const at = (ms: number) => new Date(T0.getTime() + ms).toISOString();

describe('SLA timer plan', () => {
  it('plans the L1 notice, warnings, breaches, the first escalation and the countdown for a new ticket', () => {
    const timers = plan(ticket());
    expect(timers).toEqual(
      expect.arrayContaining([
        { kind: 'sla.page', at: at(0), level: 0 },
        { kind: 'sla.escalate', at: at(H), level: 0 },
        { kind: 'sla.breach', at: at(30 * M), target: 'first_response' },
        { kind: 'sla.warn', at: at(15 * M), target: 'first_response', fraction: 0.5 },
        { kind: 'sla.warn', at: at(24 * M), target: 'first_response', fraction: 0.8 },
        { kind: 'sla.breach', at: at(4 * H), target: 'resolve' },
        { kind: 'sla.warn', at: at(2 * H), target: 'resolve', fraction: 0.5 },
        { kind: 'sla.warn', at: at(3.2 * H), target: 'resolve', fraction: 0.8 },
        // 30m left is shown in 5m steps: the first edit is when 25m remain.
        { kind: 'sla.countdown', at: at(5 * M) },
      ]),
    );
    expect(timers).toHaveLength(9);
  });

  it('runs business-hours deadlines and escalations on the calendar', () => {
    const t = ticket({ createdAt: new Date('2026-03-02T09:30:00Z') }); // 17:30 Shanghai, 30m before closing
    const clock = openClock(t, freezePolicy('P2', BUSINESS, DEFAULT_SLA_SETTINGS, CHAIN), 'support');
    // 30m today + 1h30m tomorrow from 09:00 → 10:30 Shanghai on Tuesday (02:30Z).
    expect(deadlineOf(clock, 'first_response')).toEqual(new Date('2026-03-03T02:30:00Z'));
    const esc = planTimers(t, clock, DEFAULT_SLA_SETTINGS, t.createdAt).find(
      (p) => p.kind === 'sla.escalate',
    );
    expect(esc?.dueAt).toEqual(new Date('2026-03-03T04:30:00Z'));
  });

  it('pauses while pending: no deadlines, no chain; resuming shifts every deadline by the pause', () => {
    const t = ticket();
    const c0 = openClock(t, freeze(), 'support');
    const paused = applyChange(
      c0,
      { ...t, status: 'pending' },
      event('status_changed', new Date(T0.getTime() + 10 * M), { from: 'new', to: 'pending' }),
      () => freeze(),
    );
    expect(plan({ ...t, status: 'pending' }, paused, new Date(T0.getTime() + 10 * M))).toEqual([]);
    const resumed = applyChange(
      paused,
      { ...t, status: 'in_progress' },
      event('status_changed', new Date(T0.getTime() + 70 * M), { from: 'pending', to: 'in_progress' }),
      () => freeze(),
    );
    expect(deadlineOf(resumed, 'first_response')).toEqual(new Date(T0.getTime() + 90 * M));
    expect(deadlineOf(resumed, 'resolve')).toEqual(new Date(T0.getTime() + 5 * H));
  });

  it('stops the chain on acknowledgement and on a response, but not on the reporter commenting', () => {
    const t = ticket();
    const c0 = openClock(t, freeze(), 'support');
    const comment = applyChange(c0, t, event('commented', T0, {}, 'rep'), () => freeze());
    expect(comment.chainActive).toBe(true);
    const acked = applyChange(
      c0,
      { ...t, status: 'acknowledged', firstResponseAt: T0 },
      event('acknowledged', T0),
      () => freeze(),
    );
    expect(acked.chainActive).toBe(false);
    const kinds = plan({ ...t, status: 'acknowledged', firstResponseAt: T0 }, acked).map((p) => p.kind);
    expect(kinds).not.toContain('sla.escalate');
    expect(kinds).not.toContain('sla.page');
    expect(kinds).not.toContain('sla.reping');
    expect(kinds).toContain('sla.breach'); // the resolve target still runs
  });

  it('restarts the chain at the tier a human escalated to', () => {
    const t = ticket();
    const acked = applyChange(openClock(t, freeze(), 'support'), t, event('acknowledged', T0), () =>
      freeze(),
    );
    const later = new Date(T0.getTime() + 20 * M);
    const esc = applyChange(
      acked,
      { ...t, tier: 'L3' },
      event('escalated', later, { from: 'L1', to: 'L3', manual: true }),
      () => freeze(),
    );
    expect(esc).toMatchObject({ level: 2, levelSince: later, pagedLevel: 1, chainActive: true });
    const timers = plan({ ...t, tier: 'L3', firstResponseAt: T0, status: 'acknowledged' }, esc, later);
    expect(timers).toContainEqual({ kind: 'sla.page', at: later.toISOString(), level: 2 });
    expect(timers).toContainEqual({ kind: 'sla.escalate', at: at(80 * M), level: 2 });
  });

  it('does not count the time a ticket spent resolved once it is reopened', () => {
    const t = ticket();
    const resolvedAt = new Date(T0.getTime() + H);
    const done = applyChange(
      openClock(t, freeze(), 'support'),
      { ...t, status: 'resolved', resolvedAt },
      event('resolved', resolvedAt),
      () => freeze(),
    );
    expect(plan({ ...t, status: 'resolved', resolvedAt }, done)).toEqual([]);
    const back = new Date(T0.getTime() + 3 * H);
    const reopened = applyChange(
      done,
      { ...t, status: 'in_progress', assigneeId: 'agent', firstResponseAt: T0 },
      event('reopened', back),
      () => freeze(),
    );
    expect(deadlineOf(reopened, 'resolve')).toEqual(new Date(T0.getTime() + 6 * H));
  });

  it('refreezes the policy on a priority change and keeps the chain', () => {
    const t = ticket();
    const P0 = { ...P1, firstResponseMs: 15 * M };
    const c = applyChange(
      openClock(t, freeze(), 'support'),
      { ...t, priority: 'P0' },
      event('priority_changed', T0, { from: 'P1', to: 'P0' }),
      () => freezePolicy('P0', P0, DEFAULT_SLA_SETTINGS, CHAIN),
    );
    expect(c.priority).toBe('P0');
    expect(deadlineOf(c, 'first_response')).toEqual(new Date(T0.getTime() + 15 * M));
    expect(c.policy.chain).toEqual(CHAIN);
  });
});

describe('SLA countdown', () => {
  it('shows coarse steps far from the deadline and fine ones near it, never finer than the edit interval', () => {
    expect(displayStep(30 * H, 60_000)).toBe(H);
    expect(displayStep(3 * H, 60_000)).toBe(15 * M);
    expect(displayStep(20 * M, 60_000)).toBe(5 * M);
    expect(displayStep(5 * M, 60_000)).toBe(M);
    expect(displayStep(30_000, 60_000)).toBe(M);
    expect(displayStep(3_000, 1_000)).toBe(1_000);
  });

  it('edits only when the shown time changes, and at most once per interval', () => {
    const t = ticket();
    const c = openClock(t, freeze(), 'support');
    const line = slaLine(t, c, new Date(T0.getTime() + 7 * M), 60_000);
    expect(line).toMatchObject({ state: 'running', target: 'first_response', remainingMs: 25 * M });
    // 23m left → shown as 25m until 20m remain.
    expect(nextCountdownEdit(t, c, new Date(T0.getTime() + 7 * M), 60_000)).toEqual(
      new Date(T0.getTime() + 10 * M),
    );
    // A card edited a moment ago waits out the interval.
    const edited = { ...c, cardEditedAt: new Date(T0.getTime() + 29 * M + 30_000) };
    expect(nextCountdownEdit(t, edited, new Date(T0.getTime() + 29 * M + 30_000), 60_000)).toBeNull();
    // Counting the edits of a whole countdown: 24x7, 30m target, default interval.
    let now = T0;
    let edits = 0;
    for (let next = nextCountdownEdit(t, c, now, 60_000); next; next = nextCountdownEdit(t, c, now, 60_000)) {
      now = next;
      edits++;
    }
    expect(edits).toBe(17); // 25m, 20m, 15m in 5m steps, then each minute from 14m down to 1m
  });

  it('says paused, overdue and done in its fingerprint', () => {
    const t = ticket();
    const c = openClock(t, freeze(), 'support');
    const late = slaLine(t, c, new Date(T0.getTime() + 31 * M), 60_000);
    expect(late.overdue.map((o) => o.target)).toEqual(['first_response']);
    expect(late.state).toBe('running');
    expect(lineKey(late)).toContain('first_response');
    const paused = { ...c, pauses: [{ from: T0, to: null }] };
    expect(slaLine(t, paused, T0, 60_000).state).toBe('paused');
    expect(
      slaLine({ ...t, status: 'resolved', resolvedAt: new Date(T0.getTime() + 5 * H) }, c, T0, 60_000),
    ).toMatchObject({
      state: 'done',
      missed: true,
    });
  });
});
