/**
 * Real Postgres only: scheduled digests across replicas and restarts. Two apps (two connection
 * pools) racing over the same cron slots post each team's digest once, to the channel and to each
 * manager; a sopbot stopped before a slot and restarted after it as two replicas posts the missed
 * digest once at start, marked late in the message itself.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { plainText } from '../../src/core/message.ts';
import { createTestApp } from '../helpers/app.ts';
import { freshPostgresUrl } from '../helpers/db.ts';
import { type RecordingMessenger, recordOn } from '../helpers/recording.ts';

const ZONE = 'America/Los_Angeles';
/** Friday 2026-03-06 10:00 in Los Angeles; the weekly slot is Monday 2026-03-09 09:00 (PDT). */
const FRI = Date.parse('2026-03-06T10:00:00-08:00');
const SLOT = Date.parse('2026-03-09T09:00:00-07:00');
const H = 3_600_000;

const config = {
  locale: 'en',
  timezone: ZONE,
  intake: [{ channel: 'support', team: 'support' }],
  teams: {
    support: { channel: 'support-team', managers: ['boss', 'chief'], tiers: [] },
    billing: { channel: 'billing-team', managers: ['cfo'], tiers: [], timezone: 'Asia/Shanghai' },
  },
  digests: { daily: false, monthly: false, charts: false },
  tickets: { csatAfter: false },
};

let url: string;
let opened: Database[] = [];

async function connect(): Promise<Database> {
  const db = await openDatabase({ url, max: 10 });
  opened.push(db);
  return db;
}

async function replica(clock: ManualClock): Promise<{ app: App; chat: RecordingMessenger }> {
  const app = await createTestApp(await connect(), { config, clock });
  const chat = recordOn(app, 'console');
  await app.scheduler.runStartHooks();
  return { app, chat };
}

/** Ticks until a tick finds nothing due. */
async function drain(app: App): Promise<void> {
  for (;;) {
    const r = await app.tick();
    if (r.claimed === 0) return;
  }
}

/** Every digest any replica sent: where it went and its text. */
function digests(...chats: RecordingMessenger[]) {
  return chats.flatMap((chat) => [
    ...chat
      .of('post')
      .filter((c) => c.message.card?.title.includes('digest'))
      .map((c) => ({ to: c.to.channelId, title: c.message.card?.title, text: plainText(c.message.text) })),
    ...chat
      .of('direct')
      .filter((c) => c.message.card?.title.includes('digest'))
      .map((c) => ({ to: `@${c.userId}`, title: c.message.card?.title, text: plainText(c.message.text) })),
  ]);
}

beforeEach(async () => {
  url = await freshPostgresUrl('_digests');
  await (await connect()).migrate();
});
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

describe('scheduled digests on Postgres replicas', () => {
  it('two replicas racing over the slots post each team’s digest once, to the channel and each manager', async () => {
    const clock = new ManualClock(FRI);
    const a = await replica(clock);
    const b = await replica(clock);
    const ws = await a.app.runtime.workspaces.resolve('console', 'local');
    await a.app.services.tickets.open({
      workspaceId: ws.id,
      title: 'Checkout fails',
      priority: 'P1',
      reporterId: 'rep',
      source: 'command',
      team: 'support',
    });
    // Each team's Monday 09:00 is in its own zone: billing's (Shanghai) is 01:00 UTC, support's 16:00.
    clock.set(Date.parse('2026-03-09T09:00:00+08:00'));
    await Promise.all([drain(a.app), drain(b.app)]);
    expect(
      digests(a.chat, b.chat)
        .map((d) => `${d.to} ${d.title}`)
        .sort(),
    ).toEqual([
      '@cfo 📊 Weekly digest · billing · 2026-03-02 – 2026-03-08 (Asia/Shanghai)',
      'billing-team 📊 Weekly digest · billing · 2026-03-02 – 2026-03-08 (Asia/Shanghai)',
    ]);
    clock.set(SLOT);
    await Promise.all([drain(a.app), drain(b.app)]);
    const support = digests(a.chat, b.chat).filter((d) => d.title?.includes('support'));
    expect(support.map((d) => d.to).sort()).toEqual(['@boss', '@chief', 'support-team']);
    expect(support[0]?.text).toContain('1 new');
    expect(digests(a.chat, b.chat)).toHaveLength(5);
    const runs = await opened[0]?.db.query.cronRuns.findMany();
    const weekly = runs?.filter((r) => r.job.startsWith('digests.weekly:')) ?? [];
    expect(weekly.map((r) => [r.job, r.status]).sort()).toEqual([
      ['digests.weekly:billing', 'done'],
      ['digests.weekly:support', 'done'],
    ]);
    await a.app.stop();
    await b.app.stop();
  });

  it('a sopbot stopped across the slot posts the digest once at start, marked late', async () => {
    const clock = new ManualClock(FRI);
    const before = await replica(clock);
    await before.app.stop();
    await opened.pop()?.close();

    clock.set(SLOT + 3 * H); // Monday 12:00: the 09:00 slot was missed while down
    const r1 = await replica(clock);
    const r2 = await replica(clock);
    await Promise.all([drain(r1.app), drain(r2.app)]);
    const support = digests(r1.chat, r2.chat).filter((d) => d.title?.includes('support'));
    expect(support.map((d) => d.to).sort()).toEqual(['@boss', '@chief', 'support-team']);
    for (const d of support)
      expect(d.text).toContain('⏰ Sent late: it was due 2026-03-09 09:00, when sopbot was not running.');
    const card = [...r1.chat.of('post'), ...r2.chat.of('post')].find(
      (c) => c.to.channelId === 'support-team',
    );
    expect(card?.message.card?.tone).toBe('warning');
    expect(plainText(card?.message.card?.text ?? '')).toContain('⏰ Sent late');
    const run = (await opened[0]?.db.query.cronRuns.findMany())?.find(
      (r) => r.job === 'digests.weekly:support',
    );
    expect(run).toMatchObject({ status: 'done', lateMs: 3 * H });
    await r1.app.stop();
    await r2.app.stop();
  });
});
