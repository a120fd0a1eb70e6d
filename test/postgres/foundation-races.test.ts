/**
 * Races only real Postgres can show: replicas migrating at once (advisory lock), and many
 * concurrent creators allocating per-workspace ticket numbers.
 */
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.ts';
import { createTestApp } from '../helpers/app.ts';
import { freshPostgresUrl } from '../helpers/db.ts';

const opened: Database[] = [];
afterAll(async () => {
  for (const d of opened) await d.close();
});

describe('on real Postgres', () => {
  it('four replicas migrating together all succeed and apply each migration once', async () => {
    const url = await freshPostgresUrl('_mig');
    const replicas = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ url, max: 2 })));
    opened.push(...replicas);
    await Promise.all(replicas.map((r) => r.migrate()));
    const rows = (await replicas[0]?.db.execute(
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
    )) as unknown as {
      n: number;
    }[];
    const { readdirSync } = await import('node:fs');
    const { MIGRATIONS_DIR } = await import('../../db/client.ts');
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
    expect(rows[0]?.n).toBe(files.length);
  });

  it('concurrent ticket creation gives unique, gapless numbers per workspace', async () => {
    const database = await openDatabase({ url: await freshPostgresUrl('_num'), max: 10 });
    opened.push(database);
    await database.migrate();
    const app = await createTestApp(database);
    const ws = await app.runtime.workspaces.resolve('slack', 'T_RACE');
    const made = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        app.services.tickets.open({ workspaceId: ws.id, title: `t${i}`, reporterId: 'U', source: 'command' }),
      ),
    );
    const numbers = made.map((m) => m.ticket.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    await app.stop();
  });
});
