/**
 * Digest figures on a real database (PGlite, or Postgres with DATABASE_URL). Tickets of two teams
 * (support in Los Angeles with the tickets that have no team, billing in Shanghai), a second
 * workspace, DST changes, period edges (23:59:59 vs 00:00:00 local), business-hours P2s that span
 * nights and weekends, pauses, reopen cycles, restores, breaches in every overrun bucket and
 * changed CSAT answers are played through the real services. Every figure of daily, weekly and
 * monthly digests is compared with test/helpers/digest-oracle.ts (a plain loop over the same
 * tickets and event logs); the billing fixture is small enough to also be checked by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { createRepositories, type Repositories } from '../../db/repositories/index.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { computeFigures, type DigestFigures, type DigestKind } from '../../src/domain/digests/figures.ts';
import { createTestApp } from '../helpers/app.ts';
import { testDatabase } from '../helpers/db.ts';
import { type GivenRating, playStories, randomStories } from '../helpers/digest-fixture.ts';
import { expectedFigures, loadTickets, type OracleTicket } from '../helpers/digest-oracle.ts';
import { BILLING, DIGEST_CONFIG, LA, POLICIES, SH, SUPPORT } from '../helpers/digest-stories.ts';

const M = 60_000;
const H = 60 * M;

const RANDOM = randomStories(140, Date.parse('2026-02-14T00:00:00Z'), Date.parse('2026-03-26T00:00:00Z'), 42);

let database: Database;
let app: App;
let repos: Repositories;
let tickets: OracleTicket[];
let ratings: GivenRating[];

beforeAll(async () => {
  database = await testDatabase();
  const clock = new ManualClock('2026-02-01T00:00:00Z');
  app = await createTestApp(database, { config: DIGEST_CONFIG, clock });
  repos = createRepositories(database.db);
  const played = await playStories(app, repos, clock, [...BILLING, ...SUPPORT, ...RANDOM]);
  tickets = await loadTickets(repos, played.ids);
  ratings = played.ratings;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await database?.close();
});

/** Dates as ISO strings and numbers to 12 significant digits, so equal figures compare equal. */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'number') return Number(value.toPrecision(12));
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function days(first: string, count: number): string[] {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => new Date(start + i * 86_400_000).toISOString().slice(0, 10));
}

interface Case {
  name: string;
  team: 'support' | 'billing';
  kind: DigestKind;
  at: string;
  /** [start, end) of the period and of the previous one, and the first day and length of each. */
  period: [string, string, string, number];
  previous: [string, string, string, number];
}

const CASES: Case[] = [
  {
    name: 'daily, spring-forward day (23 h)',
    team: 'support',
    kind: 'daily',
    at: '2026-03-09T09:00:00-07:00',
    period: ['2026-03-08T00:00:00-08:00', '2026-03-09T00:00:00-07:00', '2026-03-08', 1],
    previous: ['2026-03-07T00:00:00-08:00', '2026-03-08T00:00:00-08:00', '2026-03-07', 1],
  },
  {
    name: 'daily, the day after',
    team: 'support',
    kind: 'daily',
    at: '2026-03-10T09:00:00-07:00',
    period: ['2026-03-09T00:00:00-07:00', '2026-03-10T00:00:00-07:00', '2026-03-09', 1],
    previous: ['2026-03-08T00:00:00-08:00', '2026-03-09T00:00:00-07:00', '2026-03-08', 1],
  },
  {
    name: 'daily, fall-back day (25 h)',
    team: 'support',
    kind: 'daily',
    at: '2026-11-02T09:00:00-08:00',
    period: ['2026-11-01T00:00:00-07:00', '2026-11-02T00:00:00-08:00', '2026-11-01', 1],
    previous: ['2026-10-31T00:00:00-07:00', '2026-11-01T00:00:00-07:00', '2026-10-31', 1],
  },
  {
    name: 'weekly, the week with the DST change',
    team: 'support',
    kind: 'weekly',
    at: '2026-03-09T09:00:00-07:00',
    period: ['2026-03-02T00:00:00-08:00', '2026-03-09T00:00:00-07:00', '2026-03-02', 7],
    previous: ['2026-02-23T00:00:00-08:00', '2026-03-02T00:00:00-08:00', '2026-02-23', 7],
  },
  {
    name: 'weekly, the week after',
    team: 'support',
    kind: 'weekly',
    at: '2026-03-16T09:00:00-07:00',
    period: ['2026-03-09T00:00:00-07:00', '2026-03-16T00:00:00-07:00', '2026-03-09', 7],
    previous: ['2026-03-02T00:00:00-08:00', '2026-03-09T00:00:00-07:00', '2026-03-02', 7],
  },
  {
    name: 'monthly, March',
    team: 'support',
    kind: 'monthly',
    at: '2026-04-01T09:00:00-07:00',
    period: ['2026-03-01T00:00:00-08:00', '2026-04-01T00:00:00-07:00', '2026-03-01', 31],
    previous: ['2026-02-01T00:00:00-08:00', '2026-03-01T00:00:00-08:00', '2026-02-01', 28],
  },
  {
    name: 'monthly, February against an empty January',
    team: 'support',
    kind: 'monthly',
    at: '2026-03-01T09:00:00-08:00',
    period: ['2026-02-01T00:00:00-08:00', '2026-03-01T00:00:00-08:00', '2026-02-01', 28],
    previous: ['2026-01-01T00:00:00-08:00', '2026-02-01T00:00:00-08:00', '2026-01-01', 31],
  },
  {
    name: 'daily in Shanghai',
    team: 'billing',
    kind: 'daily',
    at: '2026-03-09T09:00:00+08:00',
    period: ['2026-03-08T00:00:00+08:00', '2026-03-09T00:00:00+08:00', '2026-03-08', 1],
    previous: ['2026-03-07T00:00:00+08:00', '2026-03-08T00:00:00+08:00', '2026-03-07', 1],
  },
  {
    name: 'weekly in Shanghai',
    team: 'billing',
    kind: 'weekly',
    at: '2026-03-16T09:00:00+08:00',
    period: ['2026-03-09T00:00:00+08:00', '2026-03-16T00:00:00+08:00', '2026-03-09', 7],
    previous: ['2026-03-02T00:00:00+08:00', '2026-03-09T00:00:00+08:00', '2026-03-02', 7],
  },
  {
    name: 'monthly in Shanghai',
    team: 'billing',
    kind: 'monthly',
    at: '2026-04-01T09:00:00+08:00',
    period: ['2026-03-01T00:00:00+08:00', '2026-04-01T00:00:00+08:00', '2026-03-01', 31],
    previous: ['2026-02-01T00:00:00+08:00', '2026-03-01T00:00:00+08:00', '2026-02-01', 28],
  },
];

const scopeOf = (team: Case['team']) => ({
  workspaceId: 1,
  team,
  includeUnassigned: team === 'support',
  zone: team === 'support' ? LA : SH,
});

async function figuresOf(c: Pick<Case, 'team' | 'kind' | 'at'>): Promise<DigestFigures> {
  return computeFigures(repos.digests, { kind: c.kind, at: new Date(c.at), ...scopeOf(c.team) });
}

describe('digest figures, by hand (billing, Shanghai, 2026-03-08)', () => {
  it('counts, rates, CSAT and the day series', async () => {
    const f = await figuresOf({ team: 'billing', kind: 'daily', at: '2026-03-09T09:00:00+08:00' });
    expect(f.period.start.toISOString()).toBe('2026-03-07T16:00:00.000Z');
    // B1 (23:59:59), B3, B4, B5, B9; B2 (00:00:00 on the 9th) is the next day's.
    expect(f.counts.created).toMatchObject({ value: 5, previous: 1, direction: 'up' }); // B6 on the 7th
    expect(f.series).toEqual([{ day: '2026-03-08', opened: 5, resolved: 4 }]);
    expect(f.counts.resolved.value).toBe(4); // B3, B4, B7 (second time), B9
    expect(f.counts.reopened.value).toBe(1); // B7
    // Open at the end: B1 B5 B6 B8; at the start: B6 B8 (B7 was resolved then, reopened at 09:00).
    expect(f.counts.backlog).toMatchObject({ value: 4, previous: 2, delta: 2, direction: 'up' });
    expect(f.escalation.rate.value).toBeCloseTo(1 / 5, 12); // B4
    expect(f.firstContact.resolvedTickets.value).toBe(4);
    expect(f.firstContact.rate.value).toBeCloseTo(3 / 4, 12); // B7 was reopened
    expect(f.csat).toMatchObject({
      responses: { value: 2 },
      mean: { value: 4 },
      target: 4.3,
      meetsTarget: false,
    });
    expect(f.backlogAge).toEqual({ lt1d: 2, d1to3: 1, d3to7: 0, gte7d: 1 });
    expect(f.oldestOpen.map((o) => [o.title, o.ageMs])).toEqual([
      ['a question', (16 * 24 + 14) * H],
      ['feature idea', 38 * H],
      ['error on pay page', 4 * H],
      ['invoice is wrong', 1000],
    ]);
  });

  it('compliance, overrun buckets and the worst breaches', async () => {
    const f = await figuresOf({ team: 'billing', kind: 'daily', at: '2026-03-09T09:00:00+08:00' });
    const of = (target: string) => f.sla.find((s) => s.target === target)?.overall;
    expect(of('first_response')).toMatchObject({ compliant: { value: 2 }, breached: { value: 2 } }); // B4 B9 / B3 B5
    expect(of('resolve')).toMatchObject({ compliant: { value: 3 }, breached: { value: 2 } }); // B3 B7 B9 / B4 B5
    expect(of('restore')).toMatchObject({ compliant: { value: 1 }, breached: { value: 3 } }); // B9 / B3 B4 B5
    expect(f.sla[0]?.byPriority.P0.breached.value).toBe(1);
    expect(f.breaches.total.value).toBe(7);
    expect(f.breaches.buckets).toMatchObject({
      le50: { value: 4 },
      le100: { value: 1 },
      gt100: { value: 2 },
    });
    expect(f.breaches.worst.map((b) => [b.title, b.target, b.bucket, Number(b.overrun.toFixed(4))])).toEqual([
      ['error on pay page', 'first_response', 'gt100', 15], // measured at midnight: 4 h for 15 min
      ['error on pay page', 'restore', 'gt100', 3],
      ['error on pay page', 'resolve', 'le100', 1], // exactly 100% at midnight
      ['cannot login', 'first_response', 'le50', 0.3333],
      ['cannot login', 'restore', 'le50', 0.5], // exactly 50%
      ['error on save', 'restore', 'le50', 0.1667],
      ['error on save', 'resolve', 'le50', 0.5],
    ]);
  });

  it('durations: mean and interpolated percentiles on the calendar', async () => {
    const f = await figuresOf({ team: 'billing', kind: 'daily', at: '2026-03-09T09:00:00+08:00' });
    const fr = f.durations.find((d) => d.target === 'first_response')?.all;
    // 5, 10 and 40 minutes: p90 is 10 + (40 - 10) * 0.8.
    expect(fr?.count.value).toBe(3);
    expect(fr?.meanMs.value).toBeCloseTo((55 * M) / 3, 6);
    expect(fr?.p50Ms.value).toBeCloseTo(10 * M, 6);
    expect(fr?.p90Ms.value).toBeCloseTo(34 * M, 6);
    // 1, 3, 3 and 4 hours (B7: 2 h before it was resolved the first time, 2 h after the reopen).
    const rs = f.durations.find((d) => d.target === 'resolve')?.all;
    expect(rs?.meanMs.value).toBeCloseTo(2.75 * H, 6);
    expect(rs?.p50Ms.value).toBeCloseTo(3 * H, 6);
    expect(rs?.p90Ms.value).toBeCloseTo(3.7 * H, 6);
    // B6: a P2 on LA business hours over a weekend and the DST change: 9 h Monday + 2 h Tuesday.
    const week = await figuresOf({ team: 'billing', kind: 'weekly', at: '2026-03-16T09:00:00+08:00' });
    const p2 = week.durations.find((d) => d.target === 'resolve')?.byPriority.find((g) => g.key === 'P2');
    expect(p2?.stats.meanMs.value).toBe(11 * H);
  });
});

describe('digest figures against the oracle', () => {
  for (const c of CASES) {
    it(`${c.team}: ${c.name}`, async () => {
      const { zone, ...scope } = scopeOf(c.team);
      const window = ([start, end, first, n]: Case['period']) => ({
        start: Date.parse(start),
        end: Date.parse(end),
        days: days(first, n),
      });
      const actual = await figuresOf(c);
      expect(actual.period.start.getTime()).toBe(Date.parse(c.period[0]));
      expect(actual.period.end.getTime()).toBe(Date.parse(c.period[1]));
      const expected = expectedFigures(tickets, ratings, POLICIES, {
        kind: c.kind,
        zone,
        ...scope,
        period: window(c.period),
        previous: window(c.previous),
      });
      expect(plain(actual)).toEqual(plain(expected));
    });
  }

  it('the fixture reaches every bucket, both rate edges and real durations', async () => {
    const month = await figuresOf({ team: 'support', kind: 'monthly', at: '2026-04-01T09:00:00-07:00' });
    for (const b of ['le50', 'le100', 'gt100'] as const)
      expect(month.breaches.buckets[b].value).toBeGreaterThan(2);
    expect(month.counts.reopened.value).toBeGreaterThan(2);
    expect(month.csat.responses.value).toBeGreaterThan(5);
    expect(month.durations.find((d) => d.target === 'resolve')?.byAssignee.length).toBeGreaterThan(2);
    const empty = await figuresOf({ team: 'support', kind: 'monthly', at: '2026-03-01T09:00:00-08:00' });
    expect(empty.escalation.rate).toMatchObject({ previous: null, direction: null });
  });
});

describe('CSAT ratings', () => {
  it('one answer per ticket: a second changes it, keeps when it was first given and the comment', async () => {
    const other = (await repos.workspaces.ensure('console', 'other')).id;
    const [ticket] = await repos.tickets.list({ workspaceId: other, limit: 1 });
    if (!ticket) throw new Error('the second workspace has no ticket');
    const first = await repos.csat.upsert({
      ticketId: ticket.id,
      rating: 2,
      comment: 'took a while',
      ratedBy: 'rep',
      at: new Date('2026-03-09T10:00:00Z'),
    });
    expect(first.created).toBe(true);
    const second = await repos.csat.upsert({
      ticketId: ticket.id,
      rating: 5,
      ratedBy: 'rep',
      at: new Date('2026-03-09T11:00:00Z'),
    });
    expect(second.created).toBe(false);
    expect(await repos.csat.byTicket(ticket.id)).toEqual({
      ticketId: ticket.id,
      rating: 5,
      comment: 'took a while',
      ratedBy: 'rep',
      ratedAt: new Date('2026-03-09T10:00:00Z'),
      updatedAt: new Date('2026-03-09T11:00:00Z'),
      // The ticket's scope, copied on the first answer: digests read a team's ratings by it.
      workspaceId: other,
      team: ticket.team,
    });
  });

  it('rejects a rating outside 1–5 and changes nothing', async () => {
    const other = (await repos.workspaces.ensure('console', 'other')).id;
    const [ticket] = await repos.tickets.list({ workspaceId: other, limit: 1 });
    if (!ticket) throw new Error('the second workspace has no ticket');
    const before = await repos.csat.byTicket(ticket.id);
    for (const rating of [0, 6]) {
      await expect(
        repos.csat.upsert({
          ticketId: ticket.id,
          rating,
          ratedBy: 'rep',
          at: new Date('2026-03-10T00:00:00Z'),
        }),
      ).rejects.toThrow();
    }
    expect(await repos.csat.byTicket(ticket.id)).toEqual(before);
  });
});
