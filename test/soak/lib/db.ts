/**
 * Fresh Postgres databases for the soak scenarios (`soak_<name>`, dropped and recreated), and a
 * small client to read the verdict from: the soak checks what is in the database, not what sopbot
 * says about it.
 */
import postgres from 'postgres';

export type Sql = ReturnType<typeof postgres>;

/** The server the scenarios use: DATABASE_URL, else the local one. */
export function baseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
}

function named(name: string): string {
  const clean = `soak_${name.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}`;
  const url = new URL(baseUrl());
  url.pathname = `/${clean}`;
  return url.toString();
}

async function admin<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = postgres(baseUrl(), { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A postgres:// URL of an empty database `soak_<name>` (sopbot migrates it at start). */
export async function freshDatabase(name: string): Promise<string> {
  const url = named(name);
  const db = new URL(url).pathname.slice(1);
  await admin(async (sql) => {
    await sql.unsafe(`drop database if exists ${db} with (force)`);
    await sql.unsafe(`create database ${db}`);
  });
  return url;
}

export async function dropDatabase(url: string): Promise<void> {
  const db = new URL(url).pathname.slice(1);
  await admin((sql) => sql.unsafe(`drop database if exists ${db} with (force)`)).catch(() => {});
}

/** A client of one database (close it with `end`). */
export function connect(url: string, max = 2): Sql {
  return postgres(url, { max, onnotice: () => {} });
}

/** Tickets by title (several rows for one title: a doubled ticket). */
export async function ticketsByTitle(sql: Sql): Promise<Map<string, number>> {
  const rows = await sql<{ title: string; n: number }[]>`
    select title, count(*)::int as n from tickets group by title`;
  return new Map(rows.map((r) => [r.title, r.n]));
}

/** Journaled deliveries not finished, and outbox rows still to send. */
export async function backlog(sql: Sql): Promise<{ deliveries: number; outbox: number }> {
  const [d] = await sql<{ n: number }[]>`select count(*)::int as n from deliveries`;
  const [o] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where status = 'pending'`;
  return { deliveries: d?.n ?? 0, outbox: o?.n ?? 0 };
}

export async function ticketCount(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from tickets`;
  return row?.n ?? 0;
}

/** Waits until nothing is journaled or left to send (or `limitMs` passed); returns what is left. */
export async function drain(
  sql: Sql,
  limitMs: number,
): Promise<{ deliveries: number; outbox: number; seconds: number }> {
  const started = Date.now();
  let left = await backlog(sql);
  while (Date.now() - started < limitMs && left.deliveries + left.outbox > 0) {
    await new Promise((r) => setTimeout(r, 500));
    left = await backlog(sql);
  }
  return { ...left, seconds: (Date.now() - started) / 1000 };
}
