/**
 * A real database for tests: Postgres when DATABASE_URL is set (one database per vitest
 * worker, recreated and migrated per file), otherwise an in-memory PGlite built from the same
 * committed migrations. `reset` truncates every table between tests.
 */
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../db/client.ts';

export const onPostgres = Boolean(process.env.DATABASE_URL);

/**
 * A postgres:// URL of a fresh database for this worker (dropped and recreated). Several checkouts
 * may test against one server at once: `SOPBOT_TEST_DB` (letters, digits, `_`) keeps their
 * databases apart.
 */
export async function freshPostgresUrl(suffix = ''): Promise<string> {
  const base = new URL(process.env.DATABASE_URL as string);
  const space = (process.env.SOPBOT_TEST_DB ?? '').replace(/[^a-z0-9_]/gi, '').toLowerCase();
  const name = `sopbot_test_${space ? `${space}_` : ''}${process.env.VITEST_POOL_ID ?? '0'}${suffix}`;
  const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function testDatabase(): Promise<Database> {
  const database = onPostgres
    ? await openDatabase({ url: await freshPostgresUrl(), max: 5 })
    : await openDatabase({ dataDir: 'memory://' });
  await database.migrate();
  return database;
}

/** Empties every application table and restarts identities. */
export async function resetDatabase(database: Database): Promise<void> {
  const rows = (await database.db.execute(
    sql`select tablename from pg_tables where schemaname = 'public'`,
  )) as unknown as { rows?: { tablename: string }[] } & { tablename: string }[];
  const list = (rows.rows ?? rows).map((r) => `"${r.tablename}"`);
  if (list.length) await database.db.execute(sql.raw(`truncate ${list.join(', ')} restart identity cascade`));
}
