/**
 * Real Postgres only: two replicas (two apps, two pools, one database) planning and firing the
 * same daily prompts prompt each member exactly once and post one compiled report; a bot that was
 * down over the prompt time, restarted as two replicas, prompts everyone once, late.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { createTestApp } from '../helpers/app.ts';
import { dailyConfig } from '../helpers/daily-config.ts';
import { freshPostgresUrl, onPostgres } from '../helpers/db.ts';
import { type RecordingMessenger, recordOn } from '../helpers/recording.ts';

const MEMBERS = Array.from({ length: 260 }, (_, i) => `m${String(i + 1).padStart(3, '0')}`);
const config = dailyConfig({ channel: 'team-room', members: MEMBERS });

let url: string;
let opened: Database[] = [];

async function connect(): Promise<Database> {
  const db = await openDatabase({ url, max: 10 });
  opened.push(db);
  return db;
}

async function replica(clock: ManualClock): Promise<{ app: App; chat: RecordingMessenger }> {
  const app = await createTestApp(await connect(), { config, clock });
  return { app, chat: recordOn(app, 'console') };
}

/** Ticks until a tick finds nothing due. */
async function drain(app: App): Promise<void> {
  for (;;) {
    const r = await app.tick();
    if (r.claimed === 0) return;
  }
}

const prompted = (...chats: RecordingMessenger[]) =>
  chats.flatMap((c) => c.of('sendForm').map((f) => ('userId' in f.to ? f.to.userId : f.to.channelId)));

beforeEach(async () => {
  if (!onPostgres) return;
  url = await freshPostgresUrl('_daily');
  await (await connect()).migrate();
});
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

describe.runIf(onPostgres)('daily prompts on two replicas (Postgres)', () => {
  it('prompt each member once and post one compiled report', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00Z');
    const a = await replica(clock);
    const b = await replica(clock);
    await Promise.all([a.app.scheduler.runStartHooks(), b.app.scheduler.runStartHooks()]);
    clock.set('2026-03-02T09:00:00Z');
    await Promise.all([drain(a.app), drain(b.app)]);
    // Both drain at once: each chunk of due timers is fired by whichever replica locks it first
    // (the other skips it), so together they prompt everyone, and nobody twice.
    const all = prompted(a.chat, b.chat);
    expect(all.sort()).toEqual(MEMBERS);
    const rows = await (opened[0] as Database).db.query.dailyPrompts.findMany();
    expect(rows).toHaveLength(MEMBERS.length);

    clock.set('2026-03-02T09:05:00Z');
    await Promise.all([drain(a.app), drain(b.app)]);
    clock.set('2026-03-02T09:10:00Z');
    await Promise.all([drain(a.app), drain(b.app)]);
    const posts = [...a.chat.of('post'), ...b.chat.of('post')].filter((p) => p.to.channelId === 'team-room');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.message.card?.title).toBe('support daily reports · 2026-03-02');
    // Reminders too went out once each (nobody filed).
    expect(prompted(a.chat, b.chat)).toHaveLength(2 * MEMBERS.length);
    await a.app.stop();
    await b.app.stop();
  });

  it('a bot down over the prompt time, restarted as two replicas, prompts everyone once, late', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00Z');
    const before = await replica(clock);
    await before.app.scheduler.runStartHooks();
    await before.app.stop();
    await opened.pop()?.close();

    clock.set('2026-03-02T09:07:00Z');
    const r1 = await replica(clock);
    const r2 = await replica(clock);
    await Promise.all([r1.app.scheduler.runStartHooks(), r2.app.scheduler.runStartHooks()]);
    await Promise.all([drain(r1.app), drain(r2.app)]);
    expect(prompted(r1.chat, r2.chat).sort()).toEqual(MEMBERS);
    const db = opened[0] as Database;
    const timers = await db.db.query.timers.findMany({ where: (t, { eq }) => eq(t.kind, 'daily.prompt') });
    const fired = timers.filter((t) => t.status === 'fired');
    expect(fired).toHaveLength(MEMBERS.length);
    expect(fired.every((t) => t.lateMs === 7 * 60_000)).toBe(true);
    // Each member's next prompt is planned once, for Tuesday 09:00.
    const pending = timers.filter((t) => t.status === 'pending');
    expect(pending.map((t) => t.dueAt.toISOString())).toEqual(MEMBERS.map(() => '2026-03-03T09:00:00.000Z'));
    await r1.app.stop();
    await r2.app.stop();
  });
});
