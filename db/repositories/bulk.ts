/**
 * Set-based writes for the timer hot path. Drizzle's multi-row insert binds one parameter per
 * value (rows × columns) and checks each on the way; at thousands of rows per second that client
 * work, not Postgres, is the bottleneck. Here a whole batch travels as one jsonb parameter and
 * `jsonb_populate_recordset` turns it back into rows of the table's own type on the server.
 */
import { type AnyColumn, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../client.ts';

/** Rows as one JSON array keyed by column name (dates become ISO strings through JSON). */
function toJson(table: PgTable, rows: Record<string, unknown>[], keys: string[]): string {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  const names = keys.map((k) => columns[k]?.name ?? k);
  const out: Record<string, unknown>[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Record<string, unknown>;
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[names[i] as string] = row[keys[i] as string] ?? null;
    out[r] = o;
  }
  return JSON.stringify(out);
}

function columnList(table: PgTable, keys: string[]): SQL {
  const columns = getTableColumns(table) as Record<string, { name: string }>;
  return sql.raw(keys.map((k) => `"${columns[k]?.name ?? k}"`).join(', '));
}

/** Rows of a raw `execute` on either driver (postgres.js returns an array, PGlite `{ rows }`). */
export function resultRows<T>(result: unknown): T[] {
  const r = result as { rows?: T[] } & T[];
  return r.rows ?? r;
}

/**
 * `insert into <table> (<keys>) select <keys> from jsonb_populate_recordset(…)`, in array order
 * (`with ordinality … order by`: rows are inserted, and RETURNING reports them, in that order),
 * optionally with an `on conflict` / `returning` tail. Every NOT NULL column must be in `keys`.
 */
export async function insertJson(
  db: Db,
  table: PgTable,
  tableName: string,
  rows: Record<string, unknown>[],
  keys: string[],
  tail: SQL = sql``,
): Promise<unknown> {
  const cols = columnList(table, keys);
  const json = toJson(table, rows, keys);
  return db.execute(
    sql`insert into ${sql.identifier(tableName)} (${cols}) select ${cols} from jsonb_populate_recordset(null::${sql.identifier(tableName)}, ${json}::jsonb) with ordinality as r order by r.ordinality ${tail}`,
  );
}

/**
 * `column = any('{1,2,3}'::bigint[])`: one parameter whatever the number of ids, so the statement
 * text (and the prepared statement postgres.js caches for it) is the same for every batch size.
 */
export function anyId(column: AnyColumn, ids: readonly number[]): SQL {
  return sql`${column} = any(${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::bigint[])`;
}

/**
 * `column = any(…)` over texts, bound as one jsonb parameter (one prepared statement for any
 * count, no array-literal quoting). Written as `= any(array(select …))`, not `in (select …)`:
 * the array is computed once and is an index condition, where a generic plan of the semi-join
 * scans a whole (partial) index and filters it by the list. For short lists only: when the plan
 * is a scan after all, every row is compared with every value (long lists: `in (select …)`).
 */
export function anyText(column: AnyColumn, values: readonly string[]): SQL {
  return sql`${column} = any(array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)))`;
}
