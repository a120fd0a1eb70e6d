/**
 * Real Postgres only: cron jobs across replicas. Two schedulers (two apps, two pools) racing over
 * one every-minute job run each slot once; a run frozen mid-way is taken over by the other replica
 * after its lease, and when the frozen one wakes its commit is refused, so the effects exist once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { MODULES } from '../../src/modules.ts';
import { createTestApp } from '../helpers/app.ts';
import { type CronProbeOptions, cronProbe, reportsOf } from '../helpers/cron-probe.ts';
import { freshPostgresUrl } from '../helpers/db.ts';
import { recordOn } from '../helpers/recording.ts';

const M = 60_000;
const T0 = Date.parse('2026-03-02T10:00:30Z');
const config = { locale: 'en', timezone: 'UTC' };

let url: string;
let opened: Database[] = [];
async function connect(): Promise<Database> {
  const db = await openDatabase({ url, max: 10 });
  opened.push(db);
  return db;
}
beforeEach(async () => {
  url = await freshPostgresUrl('_cron');
  await (await connect()).migrate();
});
afterEach(async () => {
  for (const db of opened) await db.close();
  opened = [];
});

async function replica(clock: ManualClock, opts: CronProbeOptions) {
  const probe = cronProbe(opts);
  const app = await createTestApp(await connect(), { config, clock, modules: [...MODULES, probe] });
  const chat = recordOn(app, 'console');
  await app.cron.ensure();
  return { app, chat, probe };
}

describe('cron jobs across replicas on Postgres', () => {
  it('two schedulers racing over one job run each slot once', async () => {
    const clock = new ManualClock(T0);
    const opts = { cron: '* * * * *', timezone: 'UTC' };
    const [a, b] = await Promise.all([replica(clock, opts), replica(clock, opts)]);
    const slots = 30;
    for (let i = 1; i <= slots; i++) {
      clock.set(Date.parse('2026-03-02T10:00:00Z') + i * M); // on the minute: on time
      await Promise.all([a.app.tick(), b.app.tick(), a.app.tick(), b.app.tick()]);
    }
    const lines = reportsOf(a.chat, b.chat).sort();
    expect(lines).toHaveLength(slots);
    expect(new Set(lines).size).toBe(slots);
    expect(lines[0]).toBe('report 2026-03-02T10:01:00.000Z late=false');
    expect(a.probe.runs.length + b.probe.runs.length).toBe(slots);
    const runs = await opened[0]?.db.query.cronRuns.findMany();
    expect(runs?.filter((r) => r.job === 'probe.report' && r.status === 'done')).toHaveLength(slots);
    const pending = (await opened[0]?.db.query.timers.findMany())?.filter(
      (t) => t.dedupeKey === 'cron:probe.report' && t.status === 'pending',
    );
    expect(pending?.map((t) => t.dueAt.toISOString())).toEqual(['2026-03-02T10:31:00.000Z']);
    await Promise.all([a.app.stop(), b.app.stop()]);
  });

  it('a run frozen mid-way is taken over after its lease and its late commit is refused', async () => {
    const clock = new ManualClock(T0);
    let release: () => void = () => {};
    const frozen = new Promise<void>((r) => {
      release = r;
    });
    const opts = { cron: '0 * * * *', timezone: 'UTC' };
    const a = await replica(clock, { ...opts, hold: () => frozen });
    const b = await replica(clock, opts);
    clock.set(Date.parse('2026-03-02T11:00:00Z'));
    await a.app.scheduler.tick(); // A claims the slot; its run waits on `frozen`
    await b.app.tick(); // nothing for B: the slot is claimed
    expect(a.probe.runs).toEqual(['2026-03-02T11:00:00.000Z']);
    expect(b.probe.runs).toEqual([]);

    clock.advance(6 * M); // A's 5-minute lease ran out (it stopped renewing: frozen)
    await b.app.cron.takeOver(); // (the hourly housekeeping run may be taken over too)
    await b.app.settle();
    expect(b.probe.runs).toEqual(['2026-03-02T11:00:00.000Z']);
    expect(reportsOf(b.chat)).toEqual(['report 2026-03-02T11:00:00.000Z late=true']);

    release(); // A wakes and tries to commit: refused, nothing written twice
    await a.app.cron.idle();
    await a.app.settle();
    expect(reportsOf(a.chat)).toEqual([]);
    const outbox = await opened[0]?.db.query.outbox.findMany();
    expect(outbox?.filter((r) => r.subject === 'probe:2026-03-02T11:00:00.000Z')).toHaveLength(1);
    await Promise.all([a.app.stop(), b.app.stop()]);
  });
});
