/**
 * The digest figures computed the slow, obvious way, to check the SQL against: a loop over every
 * ticket and its whole event log. Everything is derived here from the event log (first response,
 * resolutions, reopens, pauses, restore, priority) and the SLA policies written out in the test;
 * only calendar arithmetic is borrowed (`elapsedBusinessMs`, and `addBusinessMs` for due instants).
 * Counts, rates, buckets, means and percentiles are computed here, not by the code under test.
 */
import type { Repositories } from '../../db/repositories/index.ts';
import { localDate, zonedToInstant } from '../../src/core/zoned-time.ts';
import type { DigestFigures } from '../../src/domain/digests/figures.ts';
import { addBusinessMs, elapsedBusinessMs, type Pause } from '../../src/domain/sla/calendar.ts';
import type { SlaPolicy } from '../../src/domain/sla/policy.ts';
import type { GivenRating } from './digest-fixture.ts';

const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
const TARGETS = ['first_response', 'restore', 'resolve'] as const;
type TargetName = (typeof TARGETS)[number];
const BUCKETS = ['le50', 'le100', 'gt100'] as const;
type Bucket = (typeof BUCKETS)[number];
const DAY = 86_400_000;

export interface OracleTicket {
  id: number;
  workspaceId: number;
  number: number;
  title: string;
  team: string | null;
  category: string;
  assigneeId: string | null;
  sourceUrl: string | null;
  channelId: string | null;
  threadId: string | null;
  events: { id: number; kind: string; at: number; data: Record<string, unknown> }[];
}

/** Reads the fixture's tickets and their event logs back (plain rows, no digest code). */
export async function loadTickets(repos: Repositories, ids: number[]): Promise<OracleTicket[]> {
  const out: OracleTicket[] = [];
  for (const id of ids) {
    const row = await repos.tickets.byId(id);
    if (!row) throw new Error(`ticket ${id} missing`);
    const events = (await repos.tickets.events(id)).map((e) => ({ ...e, at: e.at.getTime() }));
    out.push({ ...row, events });
  }
  return out;
}

interface Facts {
  t: OracleTicket;
  priority: string;
  created: number;
  policy: SlaPolicy;
  pauses: Pause[];
  met: Record<TargetName, number | null>;
}

/** What the event log says about one ticket now. */
function factsOf(t: OracleTicket, policies: Record<string, SlaPolicy>): Facts {
  let priority = '';
  let created = 0;
  let firstResponse: number | null = null;
  let restored: number | null = null;
  let lastResolve: number | null = null;
  let state: 'open' | 'resolved' | 'closed' = 'open';
  let closedAt: number | null = null;
  let stopped: number | null = null;
  const pauses: Pause[] = [];
  const openPause = () => pauses.find((p) => p.to === null);
  for (const e of t.events) {
    const at = new Date(e.at);
    if (e.kind === 'created') [priority, created] = [String(e.data.priority), e.at];
    if (e.kind === 'priority_changed') priority = String(e.data.to);
    if (e.kind === 'first_response' && firstResponse === null) firstResponse = e.at;
    if (e.kind === 'sla_restored' && restored === null) restored = e.at;
    if (e.kind === 'status_changed' && e.data.to === 'pending' && !openPause())
      pauses.push({ from: at, to: null });
    if (e.kind === 'status_changed' && e.data.from === 'pending') {
      const p = openPause();
      if (p) p.to = at;
    }
    if (e.kind === 'resolved' || e.kind === 'closed') {
      const p = openPause();
      if (p) p.to = at;
      stopped ??= e.at;
      state = e.kind;
      if (e.kind === 'resolved') lastResolve = e.at;
      if (e.kind === 'closed') closedAt = e.at;
    }
    if (e.kind === 'reopened') {
      if (stopped !== null) pauses.push({ from: new Date(stopped), to: at });
      stopped = null;
      state = 'open';
      closedAt = null;
    }
  }
  const resolvedAt = state === 'open' ? null : lastResolve;
  const done = resolvedAt ?? closedAt;
  const policy = policies[priority];
  if (!policy) throw new Error(`no policy for ${priority}`);
  return {
    t,
    priority,
    created,
    policy,
    pauses,
    met: { first_response: firstResponse ?? done, resolve: done, restore: restored ?? done },
  };
}

function goalOf(policy: SlaPolicy, target: TargetName): number | undefined {
  if (target === 'first_response') return policy.firstResponseMs;
  if (target === 'resolve') return policy.resolveMs;
  return policy.restoreMs;
}

const elapsed = (f: Facts, to: number) =>
  elapsedBusinessMs(f.policy.calendar, new Date(f.created), new Date(to), f.pauses);

/** Whether a ticket was open at instant x: opened before it, and its last move before it was none or a reopen. */
function openAt(t: OracleTicket, x: number): boolean {
  const created = t.events.find((e) => e.kind === 'created')?.at ?? Number.POSITIVE_INFINITY;
  const moves = t.events.filter((e) => ['resolved', 'reopened', 'closed'].includes(e.kind) && e.at < x);
  return created < x && (moves.length === 0 || moves[moves.length - 1]?.kind === 'reopened');
}

/** percentile_cont: linear interpolation between the two nearest ranks. */
export function percentileCont(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = sorted[Math.floor(pos)] as number;
  const hi = sorted[Math.ceil(pos)] as number;
  return lo + (hi - lo) * (pos - Math.floor(pos));
}

interface Window {
  start: number;
  end: number;
  days: string[];
}

interface Outcome {
  f: Facts;
  target: TargetName;
  breached: boolean;
  due: number | null;
  met: number | null;
  bucket: Bucket | null;
  overrun: number;
}

function outcomes(facts: Facts[], w: Window): Outcome[] {
  const out: Outcome[] = [];
  for (const f of facts) {
    for (const target of TARGETS) {
      const goal = goalOf(f.policy, target);
      if (goal === undefined) continue;
      const met = f.met[target];
      const dueDate = addBusinessMs(f.policy.calendar, new Date(f.created), goal, f.pauses);
      const due = dueDate ? dueDate.getTime() : null;
      const breached = due !== null && due >= w.start && due < w.end && (met === null || met > due);
      const kept = met !== null && met >= w.start && met < w.end && (due === null || met <= due);
      if (!breached && !kept) continue;
      const over = elapsed(f, Math.min(met ?? w.end, w.end)) - goal;
      const bucket = !breached ? null : 2 * over <= goal ? 'le50' : over <= goal ? 'le100' : 'gt100';
      out.push({ f, target, breached, due, met, bucket, overrun: over / goal });
    }
  }
  return out;
}

interface Stats {
  count: number;
  meanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
}

function statsOf(values: number[]): Stats {
  if (!values.length) return { count: 0, meanMs: null, p50Ms: null, p90Ms: null };
  return {
    count: values.length,
    meanMs: values.reduce((a, b) => a + b, 0) / values.length,
    p50Ms: percentileCont(values, 0.5),
    p90Ms: percentileCont(values, 0.9),
  };
}

/** Every figure of one period, the obvious way. */
function periodFigures(all: OracleTicket[], facts: Facts[], ratings: GivenRating[], w: Window, zone: string) {
  const inW = (x: number | null | undefined) => x !== null && x !== undefined && x >= w.start && x < w.end;
  const ids = new Set(all.map((t) => t.id));
  const createdT = facts.filter((f) => inW(f.created));
  const events = all.flatMap((t) => t.events.map((e) => ({ ...e, t })));
  const resolutions = events.filter((e) => e.kind === 'resolved' && inW(e.at));
  const solved = [...new Set(resolutions.map((e) => e.t))];
  const rated = ratings.filter((r) => ids.has(r.ticketId) && inW(r.ratedAt));
  const backlog = all.filter((t) => openAt(t, w.end));
  const took: Record<string, { f: Facts; ms: number }[]> = {};
  for (const target of TARGETS) {
    took[target] = facts
      .filter((f) => goalOf(f.policy, target) !== undefined && inW(f.met[target]))
      .map((f) => ({ f, ms: elapsed(f, f.met[target] as number) }));
  }
  const count = (xs: string[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(x, (m.get(x) ?? 0) + 1);
    return m;
  };
  return {
    created: createdT.length,
    resolutions: resolutions.length,
    reopens: events.filter((e) => e.kind === 'reopened' && inW(e.at)).length,
    backlog,
    escalated: createdT.filter((f) => f.t.events.some((e) => e.kind === 'escalated')).length,
    resolvedTickets: solved.length,
    firstContact: solved.filter((t) => !t.events.some((e) => e.kind === 'reopened')).length,
    csatCount: rated.length,
    csatMean: rated.length ? rated.reduce((a, r) => a + r.rating, 0) / rated.length : null,
    categories: count(createdT.map((f) => f.t.category)),
    opened: count(createdT.map((f) => localDate(new Date(f.created), zone))),
    resolvedDays: count(resolutions.map((e) => localDate(new Date(e.at), zone))),
    outcomes: outcomes(facts, w),
    took,
  };
}

type PeriodFigures = ReturnType<typeof periodFigures>;

function cmp(value: number | null, previous: number | null) {
  if (value === null || previous === null) return { value, previous, delta: null, direction: null };
  const delta = value - previous;
  return { value, previous, delta, direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'same' };
}

const share = (a: number, b: number) => (b === 0 ? null : a / b);

function slaOf(cur: PeriodFigures, prev: PeriodFigures) {
  const tally = (p: PeriodFigures, target: string, priority: string | null) => {
    const xs = p.outcomes.filter(
      (o) => o.target === target && (priority === null || o.f.priority === priority),
    );
    const breached = xs.filter((o) => o.breached).length;
    return { kept: xs.length - breached, breached };
  };
  const one = (target: string, priority: string | null) => {
    const [a, b] = [tally(cur, target, priority), tally(prev, target, priority)];
    return {
      compliant: cmp(a.kept, b.kept),
      breached: cmp(a.breached, b.breached),
      rate: cmp(share(a.kept, a.kept + a.breached), share(b.kept, b.kept + b.breached)),
    };
  };
  return TARGETS.map((target) => ({
    target,
    overall: one(target, null),
    byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, one(target, p)])),
  }));
}

function breachesOf(cur: PeriodFigures, prev: PeriodFigures) {
  const n = (p: PeriodFigures, b: Bucket, target?: string) =>
    p.outcomes.filter((o) => o.bucket === b && (!target || o.target === target)).length;
  const buckets = (target?: string) =>
    Object.fromEntries(BUCKETS.map((b) => [b, cmp(n(cur, b, target), n(prev, b, target))]));
  const rank = (b: Bucket | null) => (b === 'gt100' ? 0 : b === 'le100' ? 1 : 2);
  const worst = cur.outcomes
    .filter((o) => o.breached)
    .sort(
      (a, b) =>
        rank(a.bucket) - rank(b.bucket) ||
        (a.due as number) - (b.due as number) ||
        a.f.t.id - b.f.t.id ||
        a.target.localeCompare(b.target),
    )
    .slice(0, 10)
    .map((o) => ({
      ticketId: o.f.t.id,
      number: o.f.t.number,
      title: o.f.t.title,
      priority: o.f.priority,
      target: o.target,
      dueAt: new Date(o.due as number),
      metAt: o.met === null ? null : new Date(o.met),
      bucket: o.bucket,
      overrun: o.overrun,
    }));
  const total = (p: PeriodFigures) => p.outcomes.filter((o) => o.breached).length;
  return {
    total: cmp(total(cur), total(prev)),
    buckets: buckets(),
    byTarget: Object.fromEntries(TARGETS.map((t) => [t, buckets(t)])),
    worst,
  };
}

function durationsOf(cur: PeriodFigures, prev: PeriodFigures) {
  const both = (a: number[], b: number[]) => {
    const [x, y] = [statsOf(a), statsOf(b)];
    return {
      count: cmp(x.count, y.count),
      meanMs: cmp(x.meanMs, y.meanMs),
      p50Ms: cmp(x.p50Ms, y.p50Ms),
      p90Ms: cmp(x.p90Ms, y.p90Ms),
    };
  };
  const byKey = <K extends string | null>(
    target: string,
    key: (f: Facts) => K,
    order: (a: K, b: K) => number,
  ) => {
    const c = cur.took[target] ?? [];
    const p = prev.took[target] ?? [];
    const keys = [...new Set([...c, ...p].map((x) => key(x.f)))].sort(order);
    const of = (xs: { f: Facts; ms: number }[], k: K) => xs.filter((x) => key(x.f) === k).map((x) => x.ms);
    return keys.map((k) => ({ key: k, stats: both(of(c, k), of(p, k)) }));
  };
  const byName = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
  return (['first_response', 'resolve'] as const).map((target) => ({
    target,
    all: both(
      (cur.took[target] ?? []).map((x) => x.ms),
      (prev.took[target] ?? []).map((x) => x.ms),
    ),
    byPriority: byKey(
      target,
      (f) => f.priority,
      (a, b) => a.localeCompare(b),
    ),
    byCategory: byKey(target, (f) => f.t.category, byName),
    byAssignee: byKey(target, (f) => f.t.assigneeId, byName),
  }));
}

export interface OracleRequest {
  kind: DigestFigures['kind'];
  zone: string;
  workspaceId: number;
  team: string;
  includeUnassigned: boolean;
  period: Window;
  previous: Window;
}

/** The whole digest as `computeFigures` should return it. */
export function expectedFigures(
  tickets: OracleTicket[],
  ratings: GivenRating[],
  policies: Record<string, SlaPolicy>,
  req: OracleRequest,
): DigestFigures {
  const mine = tickets.filter(
    (t) =>
      t.workspaceId === req.workspaceId &&
      (t.team === req.team || (req.includeUnassigned && t.team === null)),
  );
  const facts = mine.map((t) => factsOf(t, policies));
  const cur = periodFigures(mine, facts, ratings, req.period, req.zone);
  const prev = periodFigures(mine, facts, ratings, req.previous, req.zone);
  const end = req.period.end;
  const ageOf = (t: OracleTicket) => end - (t.events[0]?.at ?? 0);
  const byAge = (lo: number, hi: number) => cur.backlog.filter((t) => ageOf(t) >= lo && ageOf(t) < hi).length;
  const categories = [...new Set([...cur.categories.keys(), ...prev.categories.keys()])]
    .map((c) => ({ category: c, count: cmp(cur.categories.get(c) ?? 0, prev.categories.get(c) ?? 0) }))
    .sort(
      (a, b) =>
        (b.count.value ?? 0) - (a.count.value ?? 0) ||
        (b.count.previous ?? 0) - (a.count.previous ?? 0) ||
        (a.category < b.category ? -1 : 1),
    );
  const window = (w: Window) => ({
    kind: req.kind,
    zone: req.zone,
    start: new Date(w.start),
    end: new Date(w.end),
    days: w.days,
    dayStarts: w.days.map((d) => {
      const [year, month, day] = d.split('-').map(Number) as [number, number, number];
      return zonedToInstant({ year, month, day, hour: 0, minute: 0 }, req.zone);
    }),
  });
  return {
    kind: req.kind,
    team: req.team,
    zone: req.zone,
    period: window(req.period),
    previousPeriod: window(req.previous),
    counts: {
      created: cmp(cur.created, prev.created),
      resolved: cmp(cur.resolutions, prev.resolutions),
      reopened: cmp(cur.reopens, prev.reopens),
      backlog: cmp(cur.backlog.length, prev.backlog.length),
    },
    sla: slaOf(cur, prev),
    breaches: breachesOf(cur, prev),
    durations: durationsOf(cur, prev),
    escalation: {
      escalated: cmp(cur.escalated, prev.escalated),
      rate: cmp(share(cur.escalated, cur.created), share(prev.escalated, prev.created)),
    },
    firstContact: {
      resolvedFirstTime: cmp(cur.firstContact, prev.firstContact),
      resolvedTickets: cmp(cur.resolvedTickets, prev.resolvedTickets),
      rate: cmp(share(cur.firstContact, cur.resolvedTickets), share(prev.firstContact, prev.resolvedTickets)),
    },
    csat: {
      mean: cmp(cur.csatMean, prev.csatMean),
      responses: cmp(cur.csatCount, prev.csatCount),
      target: 4.3,
      meetsTarget: cur.csatMean === null ? null : cur.csatMean >= 4.3,
    },
    oldestOpen: [...cur.backlog]
      .sort((a, b) => ageOf(b) - ageOf(a) || a.number - b.number)
      .slice(0, 5)
      .map((t) => ({
        ticketId: t.id,
        number: t.number,
        title: t.title,
        priority: factsOf(t, policies).priority,
        category: t.category,
        assigneeId: t.assigneeId,
        createdAt: new Date(t.events[0]?.at ?? 0),
        ageMs: ageOf(t),
        sourceUrl: t.sourceUrl,
        channelId: t.channelId,
        threadId: t.threadId,
      })),
    categories,
    series: req.period.days.map((day) => ({
      day,
      opened: cur.opened.get(day) ?? 0,
      resolved: cur.resolvedDays.get(day) ?? 0,
    })),
    backlogAge: {
      lt1d: byAge(0, DAY),
      d1to3: byAge(DAY, 3 * DAY),
      d3to7: byAge(3 * DAY, 7 * DAY),
      gte7d: byAge(7 * DAY, Number.POSITIVE_INFINITY),
    },
  } as DigestFigures;
}
