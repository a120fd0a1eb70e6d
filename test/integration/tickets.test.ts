import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { CodedError } from '../../src/core/errors.ts';
import { createTestApp } from '../helpers/app.ts';
import { resetDatabase, testDatabase } from '../helpers/db.ts';

let database: Database;
let app: App;
const clock = new ManualClock('2026-11-20T01:00:00Z');

beforeAll(async () => {
  database = await testDatabase();
  app = await createTestApp(database, { clock, config: { teams: { support: { tiers: [] } } } });
});
afterAll(async () => {
  await app.stop();
  await database.close();
});
beforeEach(() => resetDatabase(database));

async function workspace(id = 'T1') {
  return app.runtime.workspaces.resolve('slack', id);
}

async function open(wsId: number, title = 'Checkout fails', reporterId = 'U_REP') {
  return (await app.services.tickets.open({ workspaceId: wsId, title, reporterId, source: 'command' }))
    .ticket;
}

describe('ticket use cases on a real database', () => {
  it('numbers tickets per workspace', async () => {
    const a = await workspace('T1');
    const b = await workspace('T2');
    expect((await open(a.id)).number).toBe(1);
    expect((await open(a.id)).number).toBe(2);
    expect((await open(b.id)).number).toBe(1);
    expect((await workspace('T1')).id).toBe(a.id);
  });

  it('walks the lifecycle and logs every change with actor and time', async () => {
    const ws = await workspace();
    const t = await open(ws.id);
    const s = app.services.tickets;
    clock.advance(60_000);
    expect((await s.acknowledge(ws.id, t.number, 'U_ON')).ticket).toMatchObject({
      status: 'acknowledged',
      assigneeId: 'U_ON',
    });
    clock.advance(60_000);
    await s.setStatus(ws.id, t.number, 'U_ON', 'in_progress');
    await s.setStatus(ws.id, t.number, 'U_ON', 'pending');
    await s.setStatus(ws.id, t.number, 'U_ON', 'in_progress');
    await s.setPriority(ws.id, t.number, 'U_ON', 'P1');
    await s.assign(ws.id, t.number, 'U_ON', 'U_OTHER');
    await s.escalate(ws.id, t.number, 'U_OTHER', 'needs DBA');
    const resolved = await s.resolve(ws.id, t.number, 'U_OTHER', 'Rebuilt the index');
    expect(resolved.ticket).toMatchObject({
      status: 'resolved',
      resolutionNote: 'Rebuilt the index',
      tier: 'L2',
    });
    expect(resolved.ticket.resolvedAt?.toISOString()).toBe('2026-11-20T01:02:00.000Z');
    await s.close(ws.id, t.number, 'U_REP');
    const reopened = await s.reopen(ws.id, t.number, 'U_REP');
    expect(reopened.ticket).toMatchObject({ status: 'in_progress', resolvedAt: null, closedAt: null });

    const { events } = await s.get(ws.id, t.number);
    expect(events.map((e) => [e.kind, e.actorId])).toEqual([
      ['created', 'U_REP'],
      ['acknowledged', 'U_ON'],
      ['first_response', 'U_ON'],
      ['status_changed', 'U_ON'],
      ['status_changed', 'U_ON'],
      ['status_changed', 'U_ON'],
      ['priority_changed', 'U_ON'],
      ['assigned', 'U_ON'],
      ['escalated', 'U_OTHER'],
      ['resolved', 'U_OTHER'],
      ['closed', 'U_REP'],
      ['reopened', 'U_REP'],
    ]);
    expect(events[8]?.data).toMatchObject({ from: 'L1', to: 'L2', reason: 'needs DBA' });
    expect(events[1]?.at.toISOString()).toBe('2026-11-20T01:01:00.000Z');
  });

  it('records the first response only for someone other than the reporter', async () => {
    const ws = await workspace();
    const t = await open(ws.id, 'Slow page', 'U_REP');
    const s = app.services.tickets;
    await s.comment(ws.id, t.number, 'U_REP', 'also on mobile');
    expect((await s.get(ws.id, t.number)).ticket.firstResponseAt).toBeNull();
    clock.advance(5_000);
    const at = clock.now();
    await s.comment(ws.id, t.number, 'U_AGENT', 'on it');
    await s.comment(ws.id, t.number, 'U_AGENT2', 'me too');
    const { ticket, events } = await s.get(ws.id, t.number);
    expect(ticket.firstResponseAt?.getTime()).toBe(at.getTime());
    expect(events.filter((e) => e.kind === 'first_response')).toHaveLength(1);
  });

  it('refuses invalid transitions and changes nothing', async () => {
    const ws = await workspace();
    const t = await open(ws.id);
    const s = app.services.tickets;
    await s.resolve(ws.id, t.number, 'U_ON');
    const before = await s.get(ws.id, t.number);
    const errors = await Promise.all([
      s.setStatus(ws.id, t.number, 'U_ON', 'pending').catch((e: unknown) => e),
      s.acknowledge(ws.id, t.number, 'U_ON').catch((e: unknown) => e),
      s.resolve(ws.id, t.number, 'U_ON').catch((e: unknown) => e),
      s.escalate(ws.id, t.number, 'U_ON').catch((e: unknown) => e),
      s.setPriority(ws.id, t.number, 'U_ON', 'P0').catch((e: unknown) => e),
      s.reopen(ws.id, 404, 'U_ON').catch((e: unknown) => e),
    ]);
    expect(errors.map((e) => (e as CodedError).key)).toEqual([
      'tickets.invalid_transition',
      'tickets.invalid_transition',
      'tickets.already_in_status',
      'tickets.closed_for_changes',
      'tickets.closed_for_changes',
      'tickets.not_found',
    ]);
    const after = await s.get(ws.id, t.number);
    expect(after.ticket).toEqual(before.ticket);
    expect(after.events).toHaveLength(before.events.length);
  });

  it('escalates tier by tier to managers, then refuses', async () => {
    const ws = await workspace();
    const t = await open(ws.id);
    const s = app.services.tickets;
    const tiers = [];
    for (let i = 0; i < 3; i++) tiers.push((await s.escalate(ws.id, t.number, 'U_ON')).ticket.tier);
    expect(tiers).toEqual(['L2', 'L3', 'managers']);
    await expect(s.escalate(ws.id, t.number, 'U_ON')).rejects.toThrow(CodedError);
  });

  it('classifies by keywords and keeps an explicit priority', async () => {
    const ws = await workspace();
    const auto = await open(ws.id, '服务完全不可用 since 9am');
    expect(auto).toMatchObject({ priority: 'P0', category: 'technical' });
    const explicit = (
      await app.services.tickets.open({
        workspaceId: ws.id,
        title: 'refund please',
        priority: 'P1',
        reporterId: 'U',
        source: 'command',
      })
    ).ticket;
    expect(explicit).toMatchObject({ priority: 'P1', category: 'billing' });
  });

  it('lists open, mine and all', async () => {
    const ws = await workspace();
    const s = app.services.tickets;
    const a = await open(ws.id, 'a');
    const b = await open(ws.id, 'b');
    await open(ws.id, 'c');
    await s.take(ws.id, b.number, 'U_ME');
    await s.resolve(ws.id, a.number, 'U_ME');
    expect((await s.list(ws.id, 'open', 'U_ME')).map((t) => t.title)).toEqual(['c', 'b']);
    expect((await s.list(ws.id, 'mine', 'U_ME')).map((t) => t.title)).toEqual(['b']);
    expect((await s.list(ws.id, 'all', 'U_ME')).map((t) => t.title)).toEqual(['c', 'b', 'a']);
  });

  it('lists tickets past their SLA as breached', async () => {
    const ws = await workspace();
    const p0 = (
      await app.services.tickets.open({
        workspaceId: ws.id,
        title: 'down',
        priority: 'P0',
        reporterId: 'U',
        source: 'command',
      })
    ).ticket;
    await app.services.tickets.open({
      workspaceId: ws.id,
      title: 'slow',
      priority: 'P1',
      reporterId: 'U',
      source: 'command',
    });
    clock.advance(16 * 60_000); // P0 first response is 15m, P1 is 30m
    expect((await app.services.sla.breached(ws.id)).map((t) => t.number)).toEqual([p0.number]);
  });

  it('rejects empty and oversized input without writing', async () => {
    const ws = await workspace();
    await expect(open(ws.id, '   ')).rejects.toMatchObject({ key: 'tickets.title_empty' });
    await expect(open(ws.id, 'x'.repeat(10_000))).rejects.toMatchObject({ key: 'tickets.title_too_long' });
    const t = await open(ws.id);
    await expect(app.services.tickets.comment(ws.id, t.number, 'U', '')).rejects.toBeInstanceOf(CodedError);
    expect((await app.services.tickets.list(ws.id, 'all', 'U')).length).toBe(1);
    expect(t.number).toBe(1);
  });
});
