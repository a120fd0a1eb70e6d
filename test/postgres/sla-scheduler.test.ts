/**
 * Real Postgres only: two scheduler instances (two apps, two connection pools) race over the
 * same due timers and each fires exactly once; a bot stopped past an escalation and restarted
 * as two replicas fires the missed escalation once, late.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { plainText } from '../../src/core/message.ts';
import { createTestApp } from '../helpers/app.ts';
import { freshPostgresUrl } from '../helpers/db.ts';
import { type RecordingMessenger, recordOn } from '../helpers/recording.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const M = 60_000;
const N = 300;

const config = {
  locale: 'en',
  timezone: 'UTC',
  intake: [{ channel: 'support', team: 'support' }],
  priorities: { P1: { firstResponse: '10m', resolve: '1h', escalateAfter: '15m', calendar: '24x7' } },
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
};

/** The chat API at the network edge: what each replica sent (posts with their text, DMs). */
function sentBy(chat: RecordingMessenger) {
  return {
    posts: chat.of('post').map((c) => ({ to: c.to, text: plainText(c.message.text) })),
    dms: chat.of('direct').map((c) => ({ user: c.userId, urgency: c.urgency })),
  };
}

async function replica(
  database: Database,
  clock: ManualClock,
): Promise<{ app: App; chat: RecordingMessenger }> {
  const app = await createTestApp(database, { config, clock });
  const chat = recordOn(app, 'console');
  return { app, chat };
}

/** Ticks until a tick finds nothing due; returns how many timers this instance fired. */
async function drain(app: App): Promise<number> {
  let fired = 0;
  for (;;) {
    const r = await app.tick();
    fired += r.fired;
    if (r.claimed === 0) return fired;
  }
}

async function openTickets(app: App, count: number): Promise<void> {
  const ws = await app.runtime.workspaces.resolve('console', 'local');
  for (let i = 0; i < count; i++) {
    await app.services.tickets.open({
      workspaceId: ws.id,
      title: `ticket ${i}`,
      priority: 'P1',
      reporterId: 'rep',
      source: 'intake',
      team: 'support',
      channelId: 'support',
      threadId: `t${i}`,
    });
  }
}

let url: string;
let opened: Database[] = [];

async function connect(): Promise<Database> {
  const db = await openDatabase({ url, max: 10 });
  opened.push(db);
  return db;
}

/** A fresh database per test, migrated once; every replica opens its own pool on it. */
beforeEach(async () => {
  url = await freshPostgresUrl('_replicas');
  const first = await connect();
  await first.migrate();
});
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

async function countEvents(db: Database, kind: string): Promise<number> {
  const rows = await db.db.query.ticketEvents.findMany({ where: (e, { eq }) => eq(e.kind, kind) });
  return rows.length;
}

describe('scheduler replicas on Postgres', () => {
  it('two schedulers racing over the same due timers fire each exactly once', async () => {
    const clock = new ManualClock(T0);
    const a = await replica(await connect(), clock);
    const b = await replica(await connect(), clock);
    await openTickets(a.app, N);
    clock.set(T0 + 9 * M); // the L1 notice and the 50% and 80% warnings are due for every ticket
    const [a1, b1] = await Promise.all([drain(a.app), drain(b.app)]);
    clock.set(T0 + 10 * M); // then every first-response breach at once
    const [a2, b2] = await Promise.all([drain(a.app), drain(b.app)]);
    const firedA = a1 + a2;
    const firedB = b1 + b2;

    const db = opened[0] as Database;
    expect(await countEvents(db, 'oncall_notified')).toBe(N);
    expect(await countEvents(db, 'sla_warning')).toBe(2 * N);
    expect(await countEvents(db, 'sla_breached')).toBe(N);
    const [sa, sb] = [sentBy(a.chat), sentBy(b.chat)];
    const posts = [...sa.posts, ...sb.posts];
    expect(posts.filter((p) => p.text.startsWith('🔔')).length).toBe(N);
    expect(posts.filter((p) => p.text.startsWith('⚠️')).length).toBe(2 * N);
    expect(posts.filter((p) => p.to.channelId === 'support-team').length).toBe(N);
    // Every breach notice went to a different thread: nothing was sent twice.
    const breachThreads = posts
      .filter((p) => p.text.includes('missed its first response'))
      .map((p) => p.to.threadId);
    expect(new Set(breachThreads).size).toBe(N);

    const timers = await db.db.query.timers.findMany();
    const fired = timers.filter((t) => t.status === 'fired');
    expect(firedA + firedB).toBe(fired.length);
    // Both replicas took part (claimed_by records who fired each), on disjoint rows.
    expect(new Set(fired.map((t) => t.claimedBy)).size).toBe(2);
    expect(firedA).toBeGreaterThan(0);
    expect(firedB).toBeGreaterThan(0);
    // What was said went out once: every outbox row sent, one chat call each.
    const rows = await db.db.query.outbox.findMany();
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    const refreshes = rows.filter((r) => r.op === 'live').length; // no card was posted: nothing to edit
    expect(rows.length - refreshes).toBe(posts.length + sa.dms.length + sb.dms.length);
    const due = timers.filter((t) => t.status === 'pending' && t.dueAt.getTime() <= clock.now().getTime());
    expect(due).toEqual([]);
    await a.app.stop();
    await b.app.stop();
  });

  it('a bot stopped past an escalation, restarted as two replicas, fires it once and late', async () => {
    const clock = new ManualClock(T0 + 60 * M);
    const before = await replica(await connect(), clock);
    const ws = await before.app.runtime.workspaces.resolve('console', 'local');
    const { ticket } = await before.app.services.tickets.open({
      workspaceId: ws.id,
      title: 'down while we were down',
      priority: 'P1',
      reporterId: 'rep',
      source: 'intake',
      team: 'support',
      channelId: 'support',
      threadId: 'restart',
    });
    await drain(before.app);
    await before.app.stop();
    const beforeDb = opened[opened.length - 1] as Database;
    await beforeDb.close();
    opened.pop();

    clock.set(T0 + 60 * M + 40 * M); // 25 minutes past the escalation
    const r1 = await replica(await connect(), clock);
    const r2 = await replica(await connect(), clock);
    await Promise.all([drain(r1.app), drain(r2.app)]);
    const db = opened[0] as Database;
    const escalations = (
      await db.db.query.ticketEvents.findMany({ where: (e, { eq }) => eq(e.ticketId, ticket.id) })
    ).filter((e) => e.kind === 'escalated');
    expect(escalations).toHaveLength(1);
    expect(escalations[0]?.data).toMatchObject({ from: 'L1', to: 'L2', auto: true, lateMs: 25 * M });
    const [s1, s2] = [sentBy(r1.chat), sentBy(r2.chat)];
    const posts = [...s1.posts, ...s2.posts].filter((p) => p.to.threadId === 'restart');
    const notices = posts.filter((p) => p.text.startsWith('⏫'));
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain('(sent 25m late: sopbot was unavailable)');
    expect([...s1.dms, ...s2.dms]).toEqual([{ user: 'bob', urgency: 'app' }]);
    const timer = (
      await db.db.query.timers.findMany({ where: (t, { eq }) => eq(t.subject, `ticket:${ticket.id}`) })
    ).find((t) => t.kind === 'sla.escalate' && t.status === 'fired');
    expect(timer?.lateMs).toBe(25 * M);
    await r1.app.stop();
    await r2.app.stop();
  });
});
