import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { projectPath } from '../src/core/paths.ts';
import * as schema from './schema/index.ts';

/** The drizzle handle every repository takes: postgres.js and PGlite share this shape. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  /**
   * Where the delivery journal writes before each ack: on Postgres its own two connections, so
   * an ack never queues behind the work of earlier ones, with `synchronous_commit = off` (the row
   * survives any sopbot crash; only a crash of the Postgres server itself could lose its last
   * fraction of a second). PGlite: the one session, `db`.
   */
  journalDb: Db;
  /**
   * Statements that must commit at once whatever transaction their caller is in (the next ticket
   * number): on Postgres two connections of their own, used for nothing else, so they never wait
   * behind a journal write or a unit of work. PGlite: the one session, `db`.
   */
  autonomousDb: Db;
  kind: 'postgres' | 'pglite';
  /** Applies the committed migrations; on Postgres under an advisory lock so replicas can race. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** The ticket-number connections' `lock_timeout` (ms); see tickets.repository nextNumber. */
export const AUTONOMOUS_LOCK_TIMEOUT_MS = 1_000;

export const MIGRATIONS_DIR = projectPath('db', 'migrations');

/** Arbitrary, fixed key of the advisory lock serializing migrations across replicas. */
const MIGRATION_LOCK_KEY = 7_314_042_001;

export interface DatabaseOptions {
  /** A postgres:// URL: use Postgres. Absent: embedded PGlite. */
  url?: string;
  /** PGlite data directory; `memory://` keeps it in memory (tests). */
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
  /** Told every statement sent to Postgres (the text; profiling and round-trip counts in tests). */
  onQuery?: (text: string) => void;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url
    ? openPostgres(options.url, options.max ?? 10, options.onQuery)
    : openPglite(options.dataDir ?? './data');
}

async function openPostgres(url: string, max: number, onQuery?: (text: string) => void): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const debug = onQuery ? (_c: number, text: string) => onQuery(text) : undefined;
  const client = postgres(url, { max, onnotice: () => {}, debug });
  const db = drizzle(preparing(client), { schema }) as unknown as Db;
  const journal = postgres(url, {
    max: 2,
    onnotice: () => {},
    connection: { synchronous_commit: 'off' },
    debug,
  });
  const journalDb = drizzle(preparing(journal), { schema }) as unknown as Db;
  // A number's statement waits at most this long for the workspace row: the row is locked that
  // long only by a unit that changed the workspace itself (then numbering inside it is right).
  const autonomous = postgres(url, {
    max: 2,
    onnotice: () => {},
    connection: { lock_timeout: AUTONOMOUS_LOCK_TIMEOUT_MS },
    debug,
  });
  const autonomousDb = drizzle(preparing(autonomous), { schema }) as unknown as Db;
  return {
    db,
    journalDb,
    autonomousDb,
    kind: 'postgres',
    async migrate() {
      const { migrate } = await import('drizzle-orm/postgres-js/migrator');
      // One connection so the session-level advisory lock covers the whole migration.
      const single = postgres(url, { max: 1, onnotice: () => {} });
      try {
        await single`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
        await migrate(drizzle(single), { migrationsFolder: MIGRATIONS_DIR });
        await single`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      } finally {
        await single.end({ timeout: 5 });
      }
    },
    close: async () => {
      await Promise.all([
        client.end({ timeout: 5 }),
        journal.end({ timeout: 5 }),
        autonomous.end({ timeout: 5 }),
      ]);
    },
  };
}

type Sql = import('postgres').Sql;

/**
 * drizzle runs every query it did not name as an unnamed statement, which postgres.js sends as
 * Parse+Describe, waits, then Bind+Execute: two round trips and a fresh parse per query. This view
 * of the client asks postgres.js to prepare them instead (a named statement per query text and
 * connection, reused from then on: one round trip), inside transactions and savepoints too. A
 * DATABASE_URL with `?prepare=false` (PgBouncer in transaction mode) still wins: postgres.js ANDs
 * its pool option with this one.
 */
export function preparing<T extends Sql>(sql: T): T {
  const wrapTx =
    (method: 'begin' | 'savepoint') =>
    (...args: unknown[]) => {
      const body = args.pop() as (tx: Sql) => unknown;
      const call = (sql as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
      return call?.(...args, (tx: Sql) => body(preparing(tx)));
    };
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop === 'unsafe')
        return (query: string, params?: unknown[], options?: object) =>
          target.unsafe(query, params as never, { ...options, prepare: true });
      if (prop === 'begin' || prop === 'savepoint') return wrapTx(prop);
      return Reflect.get(target, prop, receiver);
    },
  });
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) mkdirSync(resolve(dataDir), { recursive: true });
  // Postgres' default 128 MB of shared buffers is most of an embedded instance's memory; 32 MB
  // holds a team's working set (PGlite writes this as the data dir's postgresql.conf each start).
  const client = new PGlite(inMemory ? dataDir : resolve(dataDir), {
    postgresqlconf: ['shared_buffers = 32MB'],
  });
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    journalDb: db,
    autonomousDb: db,
    kind: 'pglite',
    async migrate() {
      // PGlite is one session in one process: there is no other replica to race.
      const { migrate } = await import('drizzle-orm/pglite/migrator');
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    },
    close: () => client.close(),
  };
}
