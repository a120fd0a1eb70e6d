/**
 * Races only real Postgres can show: replicas migrating at once (advisory lock), many concurrent
 * creators allocating per-workspace ticket numbers, and a creating unit of work that is still
 * open (its number is taken outside it, so nobody waits for it).
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

/** An app on a fresh database with a pool of 10, and one Slack workspace in it. */
async function appWithWorkspace(suffix: string, team: string) {
  const database = await openDatabase({ url: await freshPostgresUrl(suffix), max: 10 });
  opened.push(database);
  await database.migrate();
  const app = await createTestApp(database);
  return { app, ws: await app.runtime.workspaces.resolve('slack', team) };
}

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

  it('concurrent ticket creation gives unique numbers per workspace, gapless when every creation commits', async () => {
    const { app, ws } = await appWithWorkspace('_num', 'T_RACE');
    const made = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        app.services.tickets.open({ workspaceId: ws.id, title: `t${i}`, reporterId: 'U', source: 'command' }),
      ),
    );
    const numbers = made.map((m) => m.ticket.number).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    await app.stop();
  });

  it('a unit of work still open after creating a ticket does not hold the next creation in its workspace', async () => {
    const { app, ws } = await appWithWorkspace('_numhold', 'T_HOLD');
    const { tickets } = app.services;
    const order: string[] = [];
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let first = 0;
    // A keeps its transaction open after its ticket (as a handler does while it posts and
    // answers); B, in the same workspace, must not wait for A's commit. Before numbers were taken
    // outside the unit, B blocked on the workspace counter until A committed.
    const a = app.runtime.repos.unit(async () => {
      first = (await tickets.open({ workspaceId: ws.id, title: 'A', reporterId: 'U', source: 'command' }))
        .ticket.number;
      await Promise.race([held, new Promise((r) => setTimeout(r, 5000))]);
      order.push('A committing');
    });
    await new Promise((r) => setTimeout(r, 200));
    const b = await tickets.open({ workspaceId: ws.id, title: 'B', reporterId: 'U', source: 'command' });
    order.push('B created');
    release();
    await a;
    expect(order).toEqual(['B created', 'A committing']);
    expect([first, b.ticket.number]).toEqual([1, 2]);
    const numbers = (await tickets.openTickets(ws.id)).map((t) => t.number);
    expect(numbers).toEqual([1, 2]);
    await app.stop();
  });

  it('a unit that changed its workspace and then opens a ticket in it does not wait for itself', async () => {
    const { app, ws } = await appWithWorkspace('_numself', 'T_SELF');
    const { tickets } = app.services;
    // The unit holds the workspace row (its locale changed); the number's own connection cannot
    // take it before the unit commits, gives up after its lock timeout, and the unit numbers the
    // ticket itself. Without the timeout the unit waited for itself forever.
    const made = app.runtime.repos.transaction(async (r) => {
      await r.workspaces.setLocale(ws.id, 'en');
      return (
        await tickets.open({ workspaceId: ws.id, title: 'after locale', reporterId: 'U', source: 'command' })
      ).ticket.number;
    });
    const outcome = await Promise.race([
      made,
      new Promise((r) => setTimeout(() => r('still waiting'), 8_000)),
    ]);
    expect(outcome).toBe(1);
    const next = await tickets.open({
      workspaceId: ws.id,
      title: 'next',
      reporterId: 'U',
      source: 'command',
    });
    expect(next.ticket.number).toBe(2);
    expect((await app.runtime.repos.workspaces.get(ws.id))?.locale).toBe('en');
    await app.stop();
  }, 20_000);
});
