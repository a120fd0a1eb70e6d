/**
 * Real Postgres only: two replicas (two apps, two connection pools) on one database. Each release
 * reminder goes out once however the replicas race over the wake-up timers, and a scheduled
 * `daily-checks` starts once per cron slot.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { plainText } from '../../src/core/message.ts';
import { createTestApp } from '../helpers/app.ts';
import { freshPostgresUrl } from '../helpers/db.ts';
import { type RecordingMessenger, recordOn } from '../helpers/recording.ts';
import { drillFolder } from '../helpers/release-fixtures.ts';

const T0 = Date.parse('2026-03-02T02:00:00Z'); // Monday 10:00 in Shanghai
const S = 1000;
const RUNS = 40;
const config = {
  locale: 'en',
  timezone: 'Asia/Shanghai',
  releases: {
    templates: drillFolder({ ann: 'ann', bob: 'bob', approvers: ['lead', 'boss'] }),
    remindEvery: '1m',
    schedules: [{ template: 'daily-checks', cron: '0 10 * * 1-5', channel: 'ops' }],
  },
};

let url: string;
let opened: Database[] = [];

async function replica(clock: ManualClock): Promise<{ app: App; chat: RecordingMessenger }> {
  const db = await openDatabase({ url, max: 10 });
  opened.push(db);
  const app = await createTestApp(db, { config, clock });
  return { app, chat: recordOn(app, 'console') };
}

/** Ticks until a tick finds nothing due, then waits for what was said. */
async function drain(app: App): Promise<void> {
  for (;;) {
    const r = await app.tick();
    if (r.claimed === 0) break;
  }
  await app.deliverer.sweep();
  await app.settle();
}

const said = (chats: RecordingMessenger[], pattern: RegExp) =>
  chats.flatMap((c) => c.of('post')).filter((p) => pattern.test(plainText(p.message.text))).length;

beforeEach(async () => {
  url = await freshPostgresUrl('_releases');
  const first = await openDatabase({ url, max: 2 });
  await first.migrate();
  await first.close();
});
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

describe('release replicas on Postgres', () => {
  it('two replicas racing over the wake-ups send each reminder once', async () => {
    const clock = new ManualClock(T0);
    const a = await replica(clock);
    const b = await replica(clock);
    for (let i = 0; i < RUNS; i++) {
      await a.app.services.releases.start({
        platform: 'console',
        workspaceId: null,
        channelId: `ops-${i}`,
        starterId: 'lead',
        template: 'drill',
        name: `R-${i}`,
        locale: 'en',
      });
    }
    await a.app.settle();
    const chats = [a.chat, b.chat];
    clock.set(T0 + 5 * S); // build comes due in every run
    await Promise.all([drain(a.app), drain(b.app)]);
    clock.set(T0 + 10 * S); // then upload
    await Promise.all([drain(a.app), drain(b.app)]);
    clock.set(T0 + 70 * S); // a re-ping of each (remindEvery 1m after 10:00:05 / 10:00:10)
    await Promise.all([drain(a.app), drain(b.app)]);

    expect(said(chats, /1\. Build the package is due/)).toBe(RUNS);
    expect(said(chats, /2\. Upload it is due/)).toBe(RUNS);
    expect(said(chats, /Reminder 1: 1\. Build the package/)).toBe(RUNS);
    expect(said(chats, /Reminder 1: 2\. Upload it/)).toBe(RUNS);
    const dms = chats.flatMap((c) => c.of('direct'));
    expect(dms.filter((d) => d.userId === 'ann')).toHaveLength(2 * RUNS);
    expect(dms.filter((d) => d.userId === 'bob')).toHaveLength(2 * RUNS);
    const found = await a.app.services.releases.queries.byName('console', null, ['R-0']);
    const log = await a.app.services.releases.queries.events(found?.run.id ?? 0);
    expect(log.filter((e) => e.kind === 'due')).toHaveLength(2);
    expect(log.filter((e) => e.kind === 'reminded')).toHaveLength(2);
    await Promise.all([a.app.stop(), b.app.stop()]);
  });

  it('a scheduled daily-checks starts once per slot with two replicas', async () => {
    const clock = new ManualClock(T0 - 60 * S);
    const a = await replica(clock);
    const b = await replica(clock);
    await Promise.all([a.app.scheduler.runStartHooks(), b.app.scheduler.runStartHooks()]);
    for (const day of [0, 1, 2]) {
      clock.set(T0 + day * 86_400_000 + S);
      await Promise.all([drain(a.app), drain(b.app), drain(a.app), drain(b.app)]);
    }
    const runs = await a.app.services.releases.queries.list('console', null, 20);
    expect(runs.map((e) => e.run.name).sort()).toEqual([
      'daily-checks 2026-03-02',
      'daily-checks 2026-03-03',
      'daily-checks 2026-03-04',
    ]);
    const headers = [a.chat, b.chat]
      .flatMap((c) => c.of('post'))
      .filter((p) => p.to.channelId === 'ops' && !p.to.threadId);
    expect(headers).toHaveLength(3);
    await Promise.all([a.app.stop(), b.app.stop()]);
  });
});
