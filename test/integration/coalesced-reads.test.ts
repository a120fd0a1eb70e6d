/**
 * The base repositories coalesce single-row reads made outside a transaction (tickets by id, SLA
 * clocks, live messages) and live-message edit records: concurrent callers each get exactly the
 * row a query of their own would return, and code inside a unit of work still reads its own
 * uncommitted changes, never a coalesced read of the committed state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { createTestApp } from '../helpers/app.ts';
import { consoleSession } from '../helpers/console.ts';
import { testDatabase } from '../helpers/db.ts';

let database: Database;
let app: App;

beforeAll(async () => {
  database = await testDatabase();
  app = await createTestApp(database);
  const s = consoleSession(app, { user: 'me', channel: 'support', locale: 'en' });
  for (let i = 1; i <= 5; i++) await s.say(`/ticket new P2 Printer ${i} is jammed`);
});

afterAll(async () => {
  await app.stop();
  await database.close();
});

describe('coalesced reads', () => {
  it('concurrent reads outside a transaction each get their own row, or none', async () => {
    const { repos } = app.runtime;
    const ids = (await repos.tickets.byIds([1, 2, 3, 4, 5, 6, 7])).map((t) => t.id).sort();
    expect(ids).toHaveLength(5);
    const asked = [...ids, 999_999, ids[0] as number];
    const rows = await Promise.all(asked.map((id) => repos.tickets.byId(id)));
    expect(rows.map((r) => r?.id)).toEqual([...ids, undefined, ids[0]]);
    expect(rows[0]?.title).toBe('Printer 1 is jammed');
    const clocks = await Promise.all(ids.map((id) => repos.sla.clock(id)));
    expect(clocks.map((c) => c?.ticketId)).toEqual(ids);
    expect(clocks.every((c) => c?.priority === 'P2')).toBe(true);
  });

  it('inside a unit of work a read sees the unit’s own uncommitted change', async () => {
    const { repos } = app.runtime;
    const [first] = await repos.tickets.byIds([1, 2, 3, 4, 5]);
    const id = first?.id as number;
    const seen = await repos
      .transaction(async (r) => {
        await r.tickets.update(id, { title: 'Renamed inside', updatedAt: new Date() });
        const inside = await repos.tickets.byId(id);
        const clock = await repos.sla.clock(id);
        throw Object.assign(new Error('roll back'), { seen: [inside?.title, clock?.ticketId] });
      })
      .catch((err: { seen?: unknown }) => err.seen);
    expect(seen).toEqual(['Renamed inside', id]);
    // Rolled back: outside the unit the committed title again.
    expect((await repos.tickets.byId(id))?.title).toBe(first?.title);
  });

  it('live-message edits recorded together add up per message', async () => {
    const { repos } = app.runtime;
    const [card] = await repos.live.getMany(['ticket:1']);
    expect(card).toBeDefined();
    const before = card?.edits ?? 0;
    const t1 = new Date('2026-03-04T01:00:00Z');
    const t2 = new Date('2026-03-04T01:00:05Z');
    await Promise.all([repos.live.edited('ticket:1', t2), repos.live.edited('ticket:1', t1)]);
    const after = await repos.live.get('ticket:1');
    expect(after?.edits).toBe(before + 2);
    expect(after?.editedAt?.toISOString()).toBe(t2.toISOString());
  });
});
