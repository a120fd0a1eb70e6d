/**
 * Shared by the benchmarks: a dedicated database per bench (dropped and recreated, dropped again
 * at the end) and set-based seeding — every table filled by `insert … select generate_series`,
 * never row by row, so a million tickets take seconds.
 */
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';

export type Sql = postgres.Sql;

/** The URL of database `name` on the server of `base`. */
export function benchUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops database `name` if it exists and, unless `dropOnly`, creates it empty. */
export async function recreateDatabase(base: string, name: string, dropOnly = false): Promise<void> {
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    if (!dropOnly) await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Runs one seeding statement and prints how long it took. */
export type SeedStep = (label: string, query: string) => Promise<void>;

/** A one-connection client for seeding and the step runner over it; `end` closes it. */
export function seeder(url: string): { sql: Sql; step: SeedStep; end(): Promise<void> } {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const step: SeedStep = async (label, query) => {
    const t = performance.now();
    await sql.unsafe(query);
    console.log(`  seed ${label.padEnd(40)} ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  return { sql, step, end: () => sql.end({ timeout: 5 }) };
}

/** SQL expressions, over the series number `g` and the creation time `ts`, for one ticket row. */
export interface TicketColumns {
  /** Over `g` only: when the ticket was opened. */
  createdAt: string;
  priority: string;
  category: string;
  status: string;
  team: string;
  assigneeId?: string;
  firstResponseAt: string;
  resolvedAt: string;
  closedAt?: string;
  /** Extra columns of the inner select (over `g`, `ts`), e.g. `, random() as r`, usable above. */
  extra?: string;
}

/** Workspace 1 (`console` / `local`), its ticket counter at `lastNumber`. */
export async function seedWorkspace(step: SeedStep, lastNumber: number): Promise<void> {
  await step(
    'workspace',
    `insert into workspaces (platform, external_id, last_ticket_number) values ('console', 'local', ${lastNumber})`,
  );
}

/** `count` tickets of workspace 1, numbered 1..count, their columns given as SQL expressions. */
export async function seedTickets(step: SeedStep, count: number, c: TicketColumns): Promise<void> {
  await step(
    `${count.toLocaleString()} tickets`,
    `insert into tickets (workspace_id, number, title, priority, category, status, tier, team, reporter_id,
       assignee_id, source, channel_id, thread_id, created_at, updated_at,
       first_response_at, resolved_at, closed_at)
     select 1, g, 'ticket ' || g, ${c.priority}, ${c.category}, ${c.status}, 'L1', ${c.team}, 'rep',
       ${c.assigneeId ?? 'null'}, 'intake', 'support', 't' || g, ts, ts,
       ${c.firstResponseAt}, ${c.resolvedAt}, ${c.closedAt ?? 'null'}
     from (select s0.* ${c.extra ?? ''}
       from (select g, ${c.createdAt} as ts from generate_series(1, ${count}) g) s0) s`,
  );
}

/** The live card of every ticket matching `where` (SQL over `tickets`), as the intake posted it. */
export async function seedLiveCards(step: SeedStep, where: string): Promise<void> {
  await step(
    'live messages (ticket cards)',
    `insert into live_messages (subject, platform, channel_id, message_id, posted_at)
     select 'ticket:' || id, 'console', 'support', 't' || id, created_at from tickets where ${where}`,
  );
}

/** The `created` entry of every ticket's event log. */
export async function seedCreatedEvents(step: SeedStep): Promise<void> {
  await step(
    'ticket_events (created)',
    `insert into ticket_events (ticket_id, at, actor_id, kind, data)
     select id, created_at, 'rep', 'created', '{}'::jsonb from tickets`,
  );
}

/**
 * A deterministic pseudo-random number in [0, 1) for series number `g` and stream `k` (SQL), from
 * Postgres' own 64-bit hash: the seed data is the same on every run, and streams are independent.
 */
export function rand(g: string, k: number): string {
  return `((hashint8extended((${g})::bigint, ${k}) & 4294967295)::float8 / 4294967296)`;
}
