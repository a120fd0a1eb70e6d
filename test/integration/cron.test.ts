/**
 * Cron jobs on a real database (PGlite or Postgres) through the real app and a test module
 * (test/helpers/cron-probe.ts) whose run posts one line per slot: each slot runs once; a slot
 * missed while sopbot was down runs once at start, marked late, within the catch-up window and is
 * skipped beyond it; a failing run is retried and still commits its effects once; a changed
 * expression is replanned. Times in America/Los_Angeles (PST = UTC-8 until 2026-03-08).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { MODULES } from '../../src/modules.ts';
import { createTestApp } from '../helpers/app.ts';
import { type CronProbeOptions, cronProbe, reportsOf } from '../helpers/cron-probe.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';
import { recordOn } from '../helpers/recording.ts';

const LA = 'America/Los_Angeles';
const H = 3_600_000;
const config = { locale: 'en', timezone: LA };
const weekdays9: CronProbeOptions = { cron: '0 9 * * 1-5', timezone: LA };
/** Monday 2026-03-02 09:00 PST. */
const MON_9 = Date.parse('2026-03-02T17:00:00Z');

let db: Database;
beforeAll(async () => {
  db = await testDatabase();
});
afterAll(async () => {
  await db.close();
});
beforeEach(async () => {
  await resetDatabase(db);
});

async function boot(clock: ManualClock, opts: CronProbeOptions) {
  const probe = cronProbe(opts);
  const app = await createTestApp(db, { config, clock, modules: [...MODULES, probe] });
  const chat = recordOn(app, 'console');
  await app.cron.ensure();
  return { app, chat, probe };
}

async function runs(): Promise<{ slot: string; status: string; lateMs: number }[]> {
  const rows = await db.db.query.cronRuns.findMany();
  return rows
    .filter((r) => r.job === 'probe.report')
    .map((r) => ({ slot: r.slot.toISOString(), status: r.status, lateMs: r.lateMs }))
    .sort((a, b) => a.slot.localeCompare(b.slot));
}

async function plannedSlot(): Promise<string | undefined> {
  const timers = await db.db.query.timers.findMany();
  const t = timers.find((x) => x.dedupeKey === 'cron:probe.report' && x.status === 'pending');
  return t?.dueAt.toISOString();
}

describe('cron jobs', () => {
  it('runs each slot once, on time, in the job’s zone', async () => {
    const clock = new ManualClock(MON_9 - 60_000);
    const { app, chat } = await boot(clock, weekdays9);
    expect(await plannedSlot()).toBe('2026-03-02T17:00:00.000Z');
    await app.tick();
    expect(reportsOf(chat)).toEqual([]);
    clock.set(MON_9);
    await app.tick();
    await app.tick();
    clock.set(MON_9 + 30_000);
    await app.tick();
    expect(reportsOf(chat)).toEqual(['report 2026-03-02T17:00:00.000Z late=false']);
    expect(await runs()).toEqual([{ slot: '2026-03-02T17:00:00.000Z', status: 'done', lateMs: 0 }]);
    // Friday's run, then Monday's: the weekend has no slot.
    expect(await plannedSlot()).toBe('2026-03-03T17:00:00.000Z');
    clock.set(Date.parse('2026-03-06T17:00:00Z'));
    await app.tick(); // Tuesday..Friday's slots are 3 days overdue: beyond 6 h, skipped
    clock.set(Date.parse('2026-03-09T16:00:00Z')); // Monday 09:00 PDT (after the change)
    await app.tick();
    expect(reportsOf(chat).at(-1)).toBe('report 2026-03-09T16:00:00.000Z late=false');
    await app.stop();
  });

  it('a slot missed while sopbot was down runs once at start, marked late', async () => {
    const clock = new ManualClock(MON_9 - H);
    const first = await boot(clock, weekdays9);
    await first.app.tick();
    await first.app.stop();

    clock.set(MON_9 + 2 * H); // back two hours after the slot
    const again = await boot(clock, weekdays9);
    const other = await createTestApp(db, { config, clock, modules: [...MODULES, cronProbe(weekdays9)] });
    const otherChat = recordOn(other, 'console');
    await Promise.all([again.app.tick(), other.tick()]);
    await Promise.all([again.app.tick(), other.tick()]);
    expect(reportsOf(again.chat, otherChat)).toEqual(['report 2026-03-02T17:00:00.000Z late=true']);
    expect(await runs()).toEqual([{ slot: '2026-03-02T17:00:00.000Z', status: 'done', lateMs: 2 * H }]);
    expect(await plannedSlot()).toBe('2026-03-03T17:00:00.000Z');
    await again.app.stop();
    await other.stop();
  });

  it('a slot missed beyond the catch-up window is skipped and logged, and the next one planned', async () => {
    const clock = new ManualClock(MON_9 - H);
    const first = await boot(clock, { ...weekdays9, catchUpMs: 6 * H });
    await first.app.stop();
    clock.set(MON_9 + 8 * H);
    const again = await boot(clock, { ...weekdays9, catchUpMs: 6 * H });
    await again.app.tick();
    expect(reportsOf(again.chat)).toEqual([]);
    expect(await runs()).toEqual([{ slot: '2026-03-02T17:00:00.000Z', status: 'skipped', lateMs: 8 * H }]);
    expect(await plannedSlot()).toBe('2026-03-03T17:00:00.000Z');
    await again.app.stop();
  });

  it('a failing run is retried with backoff and its effects commit once', async () => {
    const clock = new ManualClock(MON_9 - 1000);
    const { app, chat, probe } = await boot(clock, { ...weekdays9, failures: 2 });
    clock.set(MON_9);
    await app.tick();
    expect(probe.runs).toHaveLength(1);
    expect(reportsOf(chat)).toEqual([]);
    expect((await runs())[0]?.status).toBe('claimed');
    clock.advance(5_000); // first retry after 5 s
    await app.cron.takeOver();
    await app.settle();
    clock.advance(10_000); // second after 10 s
    await app.cron.takeOver();
    await app.settle();
    expect(probe.runs).toEqual(Array(3).fill('2026-03-02T17:00:00.000Z'));
    expect(reportsOf(chat)).toEqual(['report 2026-03-02T17:00:00.000Z late=true']);
    expect((await runs())[0]?.status).toBe('done');
    await app.cron.takeOver();
    await app.settle();
    expect(probe.runs).toHaveLength(3);
    await app.stop();
  });

  it('a changed expression is replanned from now; the old slot never runs', async () => {
    const clock = new ManualClock(MON_9 - H);
    const first = await boot(clock, weekdays9);
    await first.app.stop();
    const again = await boot(clock, { cron: '30 10 * * *', timezone: LA });
    expect(await plannedSlot()).toBe('2026-03-02T18:30:00.000Z');
    clock.set(MON_9); // the old 09:00 slot: nothing
    await again.app.tick();
    expect(reportsOf(again.chat)).toEqual([]);
    clock.set(MON_9 + 1.5 * H);
    await again.app.tick();
    expect(reportsOf(again.chat)).toEqual(['report 2026-03-02T18:30:00.000Z late=false']);
    await again.app.stop();
  });

  it('a bad expression stops start-up, naming the job', async () => {
    const clock = new ManualClock(MON_9);
    await expect(
      createTestApp(db, {
        config,
        clock,
        modules: [...MODULES, cronProbe({ cron: '0 25 * * *', timezone: LA })],
      }),
    ).rejects.toThrow(/invalid cron expression "0 25 \* \* \*"/);
  });
});
