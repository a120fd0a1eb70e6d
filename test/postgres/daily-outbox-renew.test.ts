/**
 * Real Postgres only (found by the daily replicas test): renewing the leases of held outbox rows
 * must not wait on a row another statement has locked (a concurrent `finish` of the same rows, in
 * another order, made the two deadlock). A locked row is skipped; the others are renewed at once.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { createRepositories } from '../../db/repositories/index.ts';
import { freshPostgresUrl, onPostgres } from '../helpers/db.ts';

let db: Database | undefined;
beforeAll(async () => {
  if (!onPostgres) return;
  db = await openDatabase({ url: await freshPostgresUrl('_renew'), max: 4 });
  await db.migrate();
});
afterAll(async () => {
  await db?.close();
});

it.runIf(onPostgres)('renew skips a row locked elsewhere instead of waiting for it', async () => {
  const repos = createRepositories((db as Database).db);
  const now = new Date('2026-03-02T09:00:00Z');
  const lease = { by: 'me', until: new Date(now.getTime() + 60_000) };
  const rows = await repos.outbox.insert(
    [1, 2, 3].map((n) => ({
      subject: `s${n}`,
      platform: 'console',
      op: 'post',
      payload: { n },
      dueAt: now,
      dedupeKey: null,
    })),
    now,
    lease,
  );
  const ids = rows.map((r) => r.id);
  const later = new Date(now.getTime() + 120_000);
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked: () => void = () => {};
  const isLocked = new Promise<void>((resolve) => {
    locked = resolve;
  });
  // Another connection holds the middle row, as a `finish` in flight would.
  const holder = (db as Database).db.transaction(async (tx) => {
    await tx.execute(sql`select id from outbox where id = ${ids[1]} for update`);
    locked();
    await held;
  });
  await isLocked;
  const started = Date.now();
  await repos.outbox.renew(ids, 'me', later);
  expect(Date.now() - started).toBeLessThan(2_000);
  release();
  await holder;
  const after = await repos.outbox.byIds(ids);
  const until = new Map(after.map((r) => [r.id, r.claimedUntil?.toISOString()]));
  expect(until.get(ids[0] as number)).toBe(later.toISOString());
  expect(until.get(ids[1] as number)).toBe(lease.until.toISOString());
  expect(until.get(ids[2] as number)).toBe(later.toISOString());
});
