/**
 * Replicas sweeping the delivery journal at once (FOR UPDATE SKIP LOCKED): every expired delivery
 * is claimed by exactly one of them, and a claimed one is not claimed again while its new lease
 * holds. Real Postgres only: PGlite is one session.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { createRepositories } from '../../db/repositories/index.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { createDeliveryJournal } from '../../src/runtime/journal.ts';
import { freshPostgresUrl } from '../helpers/db.ts';

let replicas: Database[] = [];
beforeAll(async () => {
  const url = await freshPostgresUrl('_claims');
  replicas = await Promise.all([1, 2, 3].map(() => openDatabase({ url, max: 4 })));
  await replicas[0]?.migrate();
});
afterAll(async () => {
  for (const r of replicas) await r.close();
});

it('three replicas sweeping together claim each expired delivery exactly once', async () => {
  const clock = new ManualClock('2026-03-02T10:00:00Z');
  const journal = (db: Database) =>
    createDeliveryJournal({
      repos: createRepositories(db.db),
      clock,
      logger: silentLogger,
      platform: 'slack',
      options: { leaseMs: 60_000, batch: 40 },
    });
  const dead = journal(replicas[0] as Database);
  for (let i = 0; i < 100; i++) await dead.accept(`event:Ev${i}`, { n: i });
  clock.advance(60_001);

  const sweepers = replicas.map(journal);
  const claimed: string[] = [];
  for (let round = 0; round < 3; round++) {
    const batches = await Promise.all(sweepers.map((s) => s.claimExpired()));
    for (const b of batches) claimed.push(...b.map((d) => d.key));
  }
  expect(claimed).toHaveLength(100);
  expect(new Set(claimed).size).toBe(100);
  // Claimed under a fresh lease: nobody takes them again until it runs out.
  expect((await Promise.all(sweepers.map((s) => s.claimExpired()))).flat()).toEqual([]);
});

it('the journal writes on its own connection, committing asynchronously; the rest commits synchronously', async () => {
  const database = replicas[0] as Database;
  const show = async (db: Database['db']) =>
    ((await db.execute(sql`show synchronous_commit`)) as unknown as { synchronous_commit: string }[])[0]
      ?.synchronous_commit;
  expect(await show(database.journalDb)).toBe('off');
  expect(await show(database.db)).toBe('on');
});

it('a sweep replays everything a crashed process left, a batch at a time, in one pass', async () => {
  const clock = new ManualClock('2026-03-02T12:00:00Z');
  const make = (db: Database) =>
    createDeliveryJournal({
      repos: createRepositories(db.db),
      clock,
      logger: silentLogger,
      platform: 'feishu',
      options: { leaseMs: 60_000, batch: 25 },
    });
  const dead = make(replicas[0] as Database);
  for (let i = 0; i < 130; i++) await dead.accept(`left:${i}`, { n: i });
  clock.advance(60_001);
  const replayed: string[] = [];
  const sweeper = make(replicas[1] as Database).sweeper(async (d) => {
    replayed.push(d.key);
  });
  await sweeper.idle(); // the first pass starts at once
  await sweeper.stop();
  expect(replayed).toHaveLength(130);
  expect(new Set(replayed).size).toBe(130);
});

it('a journal renews exactly the deliveries it holds, by owner: its own, and not one another replica claimed from it', async () => {
  const clock = new ManualClock('2026-03-02T14:00:00Z');
  const make = (db: Database, owner: string) =>
    createDeliveryJournal({
      repos: createRepositories(db.db),
      clock,
      logger: silentLogger,
      platform: 'renewals',
      owner,
      options: { leaseMs: 60_000, batch: 10 },
    });
  const a = make(replicas[0] as Database, 'replica-a');
  const b = make(replicas[1] as Database, 'replica-b');
  for (const key of ['a1', 'a2', 'a3']) await a.accept(key, { key });
  for (const key of ['b1', 'b2']) await b.accept(key, { key });
  const leases = async () => {
    const rows = await createRepositories((replicas[2] as Database).db).deliveries.pending('renewals');
    return Object.fromEntries(rows.map((r) => [r.key, [r.owner, r.leaseUntil.toISOString()]]));
  };
  const at = (ms: number) => new Date(Date.parse('2026-03-02T14:00:00Z') + ms).toISOString();

  clock.advance(40_000);
  await a.renew();
  expect(await leases()).toEqual({
    a1: ['replica-a', at(100_000)],
    a2: ['replica-a', at(100_000)],
    a3: ['replica-a', at(100_000)],
    b1: ['replica-b', at(60_000)],
    b2: ['replica-b', at(60_000)],
  });

  // B freezes past its lease: A claims B's deliveries and from then on renews them as its own.
  clock.advance(20_001);
  expect((await a.claimExpired()).map((d) => d.key).sort()).toEqual(['b1', 'b2']);
  clock.advance(10_000);
  await a.renew();
  // B resumes and renews: what A took over is no longer B's to extend.
  clock.advance(5_000);
  await b.renew();
  expect(await leases()).toEqual({
    a1: ['replica-a', at(130_001)],
    a2: ['replica-a', at(130_001)],
    a3: ['replica-a', at(130_001)],
    b1: ['replica-a', at(130_001)],
    b2: ['replica-a', at(130_001)],
  });
});

it('a delivery held here that nothing here handles (its INSERT committed, its answer lost) is handed back and replayed, not renewed forever', async () => {
  const clock = new ManualClock('2026-03-02T16:00:00Z');
  const database = replicas[0] as Database;
  const a = createDeliveryJournal({
    repos: createRepositories(database.db),
    clock,
    logger: silentLogger,
    platform: 'strays',
    owner: 'replica-a',
    options: { leaseMs: 60_000, batch: 10 },
  });
  expect(await a.accept('handled', { n: 1 })).toBe(true);
  // What a lost answer leaves: the row is the journal's, but `accept` failed, so nothing handles it.
  await createRepositories(database.db).deliveries.accept(
    'strays',
    [{ key: 'orphan', body: { n: 2 } }],
    new Date('2026-03-02T16:01:00Z'),
    'replica-a',
  );
  // The platform's retry of it finds it pending and is dropped as a duplicate.
  expect(await a.accept('orphan', { n: 2 })).toBe(false);
  clock.advance(20_000);
  await a.renew();
  const rows = await createRepositories(database.db).deliveries.pending('strays');
  const byKey = Object.fromEntries(rows.map((r) => [r.key, [r.owner, r.leaseUntil.toISOString()]]));
  expect(byKey).toEqual({
    handled: ['replica-a', '2026-03-02T16:01:20.000Z'],
    orphan: [null, '2026-03-02T16:00:20.000Z'],
  });
  clock.advance(1);
  expect((await a.claimExpired()).map((d) => [d.key, d.body])).toEqual([['orphan', { n: 2 }]]);
});
