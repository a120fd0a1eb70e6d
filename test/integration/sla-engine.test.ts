/**
 * The SLA engine on a real database (PGlite, or Postgres with DATABASE_URL): timers fire once,
 * stale generations do nothing, a restarted bot fires what it missed once and says it is late,
 * failed sends are retried, pauses move deadlines, and the auditor notices a stalled scheduler.
 */
import { describe, expect, it } from 'vitest';
import { createRepositories } from '../../db/repositories/index.ts';
import type { App } from '../../src/app.ts';
import type { Conversation, MessageRef, ReplyTarget } from '../../src/core/events.ts';
import type { Form } from '../../src/core/form.ts';
import type { OutgoingMessage, Reply } from '../../src/core/message.ts';
import type { Messenger, Urgency } from '../../src/core/messenger.ts';
import { createTestApp } from '../helpers/app.ts';
import { consoleSession, useConsoleApp } from '../helpers/console.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const M = 60_000;

const config = {
  locale: 'en',
  timezone: 'UTC',
  admins: ['admin'],
  intake: [{ channel: 'support', team: 'support' }],
  priorities: {
    P1: { firstResponse: '10m', resolve: '1h', restore: '30m', escalateAfter: '15m', calendar: '24x7' },
  },
  teams: {
    support: {
      channel: 'support-team',
      managers: ['boss'],
      tiers: [
        { name: 'L1', rotation: { members: ['ann'] } },
        { name: 'L2', rotation: { members: ['bob'] } },
      ],
    },
  },
  sla: { repingAfter: '5m', maxRepings: 1 },
};

const { app, clock, database, s } = useConsoleApp({
  config: config,
  start: T0,
  user: 'rep',
  channel: 'support',
});

/** Moves the clock, fires what is due, and waits until what it said was delivered. */
async function at(ms: number, target: App = app) {
  clock.set(T0 + ms);
  const before = s.output().length;
  const report = await target.scheduler.tick();
  await target.deliverer.sweep();
  await target.settle();
  return { report, out: s.output().slice(before) };
}

const repos = () => createRepositories(database.db);

async function kinds(number = 1): Promise<string[]> {
  return (await app.services.tickets.get(1, number)).events.map((e) => e.kind);
}

describe('SLA timers on the database', () => {
  it('fires each due timer once; the next tick finds nothing', async () => {
    await s.say('/ticket new P1 one', '/ticket new P1 two', '/ticket new P1 three');
    const first = await at(0);
    expect(first.report).toMatchObject({ fired: 3, failed: 0 });
    expect(first.out.match(/🔔 @ann: new ticket/g)).toHaveLength(3);
    const again = await at(0);
    expect(again.report.claimed).toBe(0);
    expect(again.out).toBe('');
    const timers = await repos().timers.pendingForSubject('ticket:1');
    expect(timers.map((t) => t.kind).sort()).toEqual([
      'sla.breach',
      'sla.breach',
      'sla.breach',
      'sla.countdown',
      'sla.escalate',
      'sla.reping',
      'sla.warn',
      'sla.warn',
      'sla.warn',
      'sla.warn',
      'sla.warn',
      'sla.warn',
    ]);
  });

  it('a change starts a new generation: timers of the old one are stale and do nothing', async () => {
    await s.say('/ticket new P1 printer');
    const clockRow = await repos().sla.clock(1);
    const oldGeneration = clockRow?.generation ?? 0;
    await s.say('/ticket priority 1 P2');
    const after = await repos().sla.clock(1);
    expect(after?.generation).toBe(oldGeneration + 1);
    expect(after?.priority).toBe('P2');
    // A leftover of the old generation (as if a replica was firing it during the change).
    await repos().timers.insert(
      [
        {
          kind: 'sla.breach',
          subject: 'ticket:1',
          generation: oldGeneration,
          dueAt: new Date(T0),
          payload: { target: 'first_response' },
        },
      ],
      new Date(T0),
    );
    const { report, out } = await at(0);
    expect(report.stale).toBe(1);
    expect(out).not.toContain('missed');
    expect(await kinds()).not.toContain('sla_breached');
  });

  it('a bot stopped past an escalation fires it once after the restart, marked late', async () => {
    const first = await createTestApp(database, { config, clock });
    const session = consoleSession(first, { user: 'rep', channel: 'support' });
    await session.say('/ticket new P1 database down');
    await at(0, first); // L1 notice
    await first.stop();
    // Two hours later a new process starts on the same database.
    clock.set(T0 + 2 * 60 * M);
    const restarted = await createTestApp(database, { config, clock });
    restarted.messengers.set('console', session.platform.messenger);
    try {
      const before = session.output().length;
      const report = await restarted.scheduler.tick();
      await restarted.settle();
      const out = session.output().slice(before);
      expect(out.match(/⏫ #1 escalated L1 → L2/g)).toHaveLength(1);
      expect(out).toContain('(sent 1h 45m late: sopbot was unavailable)');
      expect(out).toContain('🔴 #1 missed its first response target');
      expect(out).toContain('🔴 #1 missed its resolution target');
      expect(report.late).toBeGreaterThanOrEqual(3);
      const fired = (await database.db.query.timers.findMany()).filter(
        (t) => t.kind === 'sla.escalate' && t.status === 'fired',
      );
      expect(fired).toHaveLength(1);
      expect(fired[0]?.lateMs).toBe(105 * M);
      const second = await restarted.scheduler.tick();
      expect(second.fired).toBe(0);
      expect((await kinds()).filter((k) => k === 'escalated')).toHaveLength(1);
    } finally {
      await restarted.stop();
    }
  });

  it("keeps a ticket's order: the L1 notice waits for the card that opens its thread, whose post is retried", async () => {
    const flaky = new FlakyMessenger(s.platform.messenger, 1);
    app.messengers.set('console', flaky);
    await s.say('/ticket new P1 flaky chat');
    const failed = await at(0);
    expect(failed.report).toMatchObject({ fired: 1, failed: 0 }); // the timer fired on time
    expect(failed.out).not.toContain('🔔');
    const rows = await repos().outbox.bySubject('ticket:1');
    const card = rows.find((r) => r.op === 'live');
    expect(card).toMatchObject({ status: 'pending', attempts: 1, lastError: 'chat API 503' });
    // Backoff of the first retry: 2 s ± 20%.
    expect(card?.dueAt.getTime()).toBeGreaterThanOrEqual(T0 + 1600);
    expect(card?.dueAt.getTime()).toBeLessThanOrEqual(T0 + 2400);
    expect(rows.find((r) => r.op === 'post')).toMatchObject({ status: 'pending', attempts: 0 });
    const retried = await at(2400);
    expect(retried.out.indexOf('#1 · flaky chat')).toBeGreaterThanOrEqual(0);
    expect(retried.out.indexOf('🔔 @ann')).toBeGreaterThan(retried.out.indexOf('#1 · flaky chat'));
    expect(retried.out).toMatch(/\[#support › b\w+\] sopbot:\n🔔 @ann/);
    expect((await kinds()).filter((k) => k === 'oncall_notified')).toHaveLength(1);
    app.messengers.set('console', s.platform.messenger);
  });

  it('pauses while pending: nothing fires, and deadlines move by the pause', async () => {
    await s.say('/ticket new P1 waiting on customer');
    await at(0);
    clock.set(T0 + 2 * M);
    await s.say('/ticket status 1 pending');
    expect(await repos().timers.pendingForSubject('ticket:1')).toEqual([]);
    const during = await at(90 * M);
    expect(during.report.claimed).toBe(0);
    clock.set(T0 + 100 * M);
    await s.say('/ticket status 1 in_progress');
    const deadlines = await app.services.sla.deadlines((await app.services.tickets.get(1, 1)).ticket);
    expect(deadlines.firstResponseDue).toEqual(new Date(T0 + 108 * M)); // 2m used before the pause
    const breach = await at(108 * M);
    expect(breach.out).toContain('missed its first response target');
  });

  it('lists breached tickets from the clocks and shows the frozen SLA with /sla', async () => {
    await s.say('/ticket new P1 late one', '/ticket new P0 later one');
    clock.set(T0 + 11 * M);
    const list = await s.say('/ticket list breached');
    expect(list).toContain('Tickets (SLA breached): 1');
    expect(list).toContain('#1 P1 · late one');
    const policies = await s.say('/sla');
    expect(policies).toContain(
      'P1: first response 10m · resolve 1h · restore 30m · escalate after 15m · 24×7',
    );
    expect(policies).toContain(
      'P2: first response 2h · resolve 1d · escalate after 4h · business hours Mon, Tue, Wed, Thu, Fri 09:00-18:00',
    );
    expect(policies).toContain('Warnings at 50%, 80% of each target');
    const one = await s.say('/sla 1');
    expect(one).toContain('SLA of #1 (P1, frozen when opened)');
    expect(one).toContain('first response: due 2026-03-02 10:10 — breached');
    expect(one).toContain('Escalation: L1 → L2 → managers · now at L1 · waiting for a response');
    const restored = await s.say('/sla restored 1');
    expect(restored).toContain('✅ #1: service restored (met 2026-03-02 10:11).');
    expect(await s.say('/sla restored 1')).toContain('Service for #1 was already marked restored.');
    expect(await s.say('/sla restored 2')).toContain('The P0 policy of #2 has no restore target');
    expect(await s.say('/sla nonsense')).toContain('Unknown subcommand "nonsense"');
    expect(await kinds()).toContain('sla_restored');
  });

  it('hooks /ticket escalate: the new tier is paged with the reason, and the chain follows it', async () => {
    await s.say('/ticket new P1 needs L2');
    await at(0);
    s.platform.user = 'ann';
    await s.say('/ticket ack 1', '/ticket escalate 1 needs database access');
    const paged = await at(M);
    expect(paged.out).toContain('⏫ #1 is now with L2. Paging @bob.');
    expect(paged.out).toContain('Escalated to L2 by hand. needs database access');
    expect(paged.out).toContain('[DM → @bob, urgent: in-app]');
    const managers = await at(16 * M);
    expect(managers.out).toContain('⏫ #1 escalated L2 → managers: no response within 15m. Paging @boss.');
  });

  it('alerts the team channel when timers stop firing, once, and says when they move again', async () => {
    await s.say('/ticket new P1 stuck');
    clock.set(T0 + 5 * M); // nothing ticked: the L1 notice is 5 minutes overdue
    const metrics = await app.metrics.registry.render();
    expect(metrics).toMatch(/sopbot_timers_overdue 2\n/); // the L1 notice and the first countdown edit
    const before = s.output().length;
    expect((await app.services.sla.auditor.check()).announced).toBe('stalled');
    expect((await app.services.sla.auditor.check()).announced).toBeNull();
    await app.settle();
    expect(s.output().slice(before)).toMatch(
      /\[#support-team\] sopbot:\n⚠️ sopbot timers have stopped firing: 2 overdue by more than 1m/,
    );
    await app.scheduler.tick();
    expect((await app.services.sla.auditor.check()).announced).toBe('recovered');
    await app.settle();
    expect(s.output()).toContain('✅ sopbot timers are firing again');
    expect(await app.metrics.registry.render()).toMatch(/sopbot_timers_overdue 0\n/);
  });
});

/** A chat API that answers 503 to the first `failures` posts (the network edge, not our code). */
class FlakyMessenger implements Messenger {
  readonly platform = 'console' as const;
  readonly editIntervalMs = 0;
  constructor(
    private readonly inner: Messenger,
    private failures: number,
  ) {}
  async post(to: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    if (this.failures-- > 0) throw new Error('chat API 503');
    return this.inner.post(to, message);
  }
  update(ref: MessageRef, message: OutgoingMessage) {
    return this.inner.update(ref, message);
  }
  ephemeral(to: Conversation, userId: string, message: OutgoingMessage) {
    return this.inner.ephemeral(to, userId, message);
  }
  direct(userId: string, message: OutgoingMessage, urgency?: Urgency) {
    return this.inner.direct(userId, message, urgency);
  }
  respond(target: ReplyTarget, reply: Reply) {
    return this.inner.respond(target, reply);
  }
  openForm(target: ReplyTarget, form: Form, sessionId: string) {
    return this.inner.openForm(target, form, sessionId);
  }
  sendForm(to: { userId: string } | Conversation, form: Form, sessionId: string, intro: OutgoingMessage) {
    return this.inner.sendForm(to, form, sessionId, intro);
  }
}
