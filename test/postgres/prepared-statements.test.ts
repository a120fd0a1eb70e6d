/**
 * drizzle sends unnamed statements (parse + describe, then bind + execute: two round trips per
 * query); openDatabase asks postgres.js to prepare them. Proven on the server: the session's
 * pg_prepared_statements lists the query text after it ran, inside transactions and savepoints.
 */
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { workspaces } from '../../db/schema/index.ts';
import { freshPostgresUrl } from '../helpers/db.ts';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ url: await freshPostgresUrl('_prep'), max: 1 });
  await database.migrate();
});
afterAll(() => database.close());

type Tx = Parameters<Parameters<Database['db']['transaction']>[0]>[0];

/** The statements this session has prepared whose text mentions `marker`. */
async function preparedLike(tx: Tx | Database['db'], marker: string): Promise<number> {
  const rows = (await tx.execute(
    sql`select count(*)::int as n from pg_prepared_statements where statement like ${`%${marker}%`} and not from_sql`,
  )) as unknown as { n: number }[];
  return rows[0]?.n ?? -1;
}

describe('prepared statements on Postgres', () => {
  it('prepares drizzle queries once per connection and reuses them', async () => {
    const { db } = database;
    for (const id of ['T1', 'T2', 'T3'])
      await db.select().from(workspaces).where(eq(workspaces.externalId, id));
    // One pool connection (max: 1): the same text three times is one statement, reused.
    expect(await preparedLike(db, 'from "workspaces" where "workspaces"."external_id"')).toBe(1);
  });

  it('prepares inside transactions and savepoints too', async () => {
    await database.db.transaction(async (tx) => {
      await tx.select({ n: sql<number>`1` }).from(workspaces).where(eq(workspaces.platform, 'tx-marker'));
      expect(await preparedLike(tx, 'tx-marker')).toBe(0); // the marker is a parameter, not text
      expect(await preparedLike(tx, 'where "workspaces"."platform" = $1')).toBeGreaterThan(0);
      await tx.transaction(async (nested) => {
        await nested.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.locale, 'zh-CN'));
        expect(await preparedLike(nested, 'where "workspaces"."locale" = $1')).toBe(1);
      });
    });
  });

  it('prepares nothing when DATABASE_URL says ?prepare=false (PgBouncer in transaction mode)', async () => {
    const url = new URL(await freshPostgresUrl('_noprep'));
    url.searchParams.set('prepare', 'false');
    const unprepared = await openDatabase({ url: url.toString(), max: 1 });
    try {
      await unprepared.migrate();
      await unprepared.db.select().from(workspaces).where(eq(workspaces.externalId, 'T1'));
      expect(await preparedLike(unprepared.db, 'from "workspaces" where "workspaces"."external_id"')).toBe(0);
    } finally {
      await unprepared.close();
    }
  });
});
