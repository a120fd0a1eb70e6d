/**
 * Upgrading a database that already holds data: the migrations up to 0007 (before ratings kept
 * their ticket's scope) run on a fresh database, ratings are written in that shape, then the app's
 * own `migrate()` applies the rest. Migration 0008 must copy each rating's workspace and team from
 * its ticket, so a digest made after the upgrade still counts the ratings given before it. On real
 * Postgres with DATABASE_URL, otherwise on an embedded PGlite data directory.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, MIGRATIONS_DIR, openDatabase } from '../../db/client.ts';
import { createDigestsRepository } from '../../db/repositories/digests.repository.ts';
import { computeFigures } from '../../src/domain/digests/figures.ts';
import { freshPostgresUrl, onPostgres } from '../helpers/db.ts';

const BEFORE = '0008_csat_scope';
const work = mkdtempSync(join(tmpdir(), 'sopbot-upgrade-'));

/** A migrations folder holding only the migrations before `tag`. */
function migrationsBefore(tag: string): string {
  const dir = join(work, 'migrations');
  mkdirSync(join(dir, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; idx: number }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  if (cut < 0) throw new Error(`no migration ${tag}`);
  const kept = journal.entries.slice(0, cut);
  writeFileSync(join(dir, 'meta', '_journal.json'), JSON.stringify({ ...journal, entries: kept }));
  for (const e of kept) copyFileSync(join(MIGRATIONS_DIR, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  return dir;
}

/** Runs `statements` after migrating to just before `tag`, on the database `target` names. */
async function seedOldShape(target: { url?: string; dataDir?: string }, statements: string[]): Promise<void> {
  const folder = migrationsBefore(BEFORE);
  if (target.url) {
    const { default: postgres } = await import('postgres');
    const { drizzle } = await import('drizzle-orm/postgres-js');
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    const client = postgres(target.url, { max: 1, onnotice: () => {} });
    try {
      await migrate(drizzle(client), { migrationsFolder: folder });
      for (const s of statements) await client.unsafe(s);
    } finally {
      await client.end({ timeout: 5 });
    }
    return;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = new PGlite(target.dataDir);
  try {
    await migrate(drizzle(client), { migrationsFolder: folder });
    for (const s of statements) await client.exec(s);
  } finally {
    await client.close();
  }
}

const TICKET = (id: number, team: string | null) =>
  `insert into tickets (id, workspace_id, number, title, priority, category, status, tier, team, reporter_id,
     source, created_at, updated_at, resolved_at)
   values (${id}, 1, ${id}, 'old ticket ${id}', 'P2', 'other', 'resolved', 'L1', ${team ? `'${team}'` : 'null'},
     'U1', 'command', '2026-03-02T10:00:00Z', '2026-03-03T10:00:00Z', '2026-03-03T10:00:00Z')`;
const RATING = (id: number, rating: number) =>
  `insert into csat_ratings (ticket_id, rating, rated_by, rated_at, updated_at)
   values (${id}, ${rating}, 'U1', '2026-03-04T10:00:00Z', '2026-03-04T10:00:00Z')`;

let database: Database;
beforeAll(async () => {
  const target = onPostgres ? { url: await freshPostgresUrl('_upgrade') } : { dataDir: join(work, 'pgdata') };
  await seedOldShape(target, [
    `insert into workspaces (id, platform, external_id) values (1, 'console', 'local')`,
    TICKET(1, 'support'),
    TICKET(2, null),
    TICKET(3, 'billing'),
    RATING(1, 5),
    RATING(2, 3),
    RATING(3, 1),
  ]);
  database = await openDatabase(target);
  await database.migrate();
});
afterAll(async () => {
  await database?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('upgrading a database with ratings given before migration 0008', () => {
  it('copies each rating’s workspace and team from its ticket', async () => {
    const rows = (await database.db.execute(
      sql`select ticket_id::int as ticket_id, workspace_id, team from csat_ratings order by ticket_id`,
    )) as unknown as { rows?: unknown[] } & unknown[];
    expect(rows.rows ?? rows).toEqual([
      { ticket_id: 1, workspace_id: 1, team: 'support' },
      { ticket_id: 2, workspace_id: 1, team: null },
      { ticket_id: 3, workspace_id: 1, team: 'billing' },
    ]);
  });

  it('the next digest counts them: support with the tickets without a team, billing its own', async () => {
    const repo = createDigestsRepository({ db: database.db });
    const at = new Date('2026-03-09T17:00:00Z');
    const base = { kind: 'weekly' as const, at, zone: 'America/Los_Angeles', workspaceId: 1 };
    const support = await computeFigures(repo, { ...base, team: 'support', includeUnassigned: true });
    const billing = await computeFigures(repo, { ...base, team: 'billing', includeUnassigned: false });
    expect(support.csat.responses.value).toBe(2);
    expect(support.csat.mean.value).toBe(4);
    expect(billing.csat.responses.value).toBe(1);
    expect(billing.csat.mean.value).toBe(1);
  });
});
