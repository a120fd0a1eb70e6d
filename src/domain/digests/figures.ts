/**
 * The figures of a team's daily / weekly / monthly digest (PRODUCT.md capability 3; seed 001
 * §运营监控与分析 服务指标, §服务补偿政策 响应时间补偿; seed 002 §五; seed 003 §11.3): every figure for
 * the last full period and the one before it, with the direction of the change. The numbers come
 * from the digests repository (set-based SQL); this module only asks for them and assembles them.
 * Rendering (text, cards, charts) is someone else's: everything here is plain data.
 */
import type {
  BacklogRow,
  BreachRow,
  DigestPeriod,
  DigestScope,
  DigestsRepository,
  DurationRow,
  FlowRow,
  OpenTicketRow,
  OverrunBucket,
} from '../../../db/repositories/index.ts';
import { type Calendar, elapsedBusinessMs, TARGETS, type Target } from '../sla/index.ts';
import { PRIORITIES, type Priority } from '../tickets/index.ts';
import { type DigestKind, type Period, periodOf } from './period.ts';

export type { OverrunBucket } from '../../../db/repositories/index.ts';
export { type DigestKind, type Period, periodOf } from './period.ts';

/** The overrun buckets in order: ≤ 50%, 50–100%, > 100% over target (seed 001 响应时间补偿). */
export const OVERRUN_BUCKETS: readonly OverrunBucket[] = ['le50', 'le100', 'gt100'];
/** Seed 001 客户成功 关键指标: 客户满意度 > 4.3/5.0, shown next to the CSAT mean. */
export const CSAT_TARGET = 4.3;

/** ▲ up, ▼ down, or unchanged. */
export type Direction = 'up' | 'down' | 'same';

/** A figure of this period next to the previous one. Null: no value (e.g. a rate of nothing). */
export interface Compared {
  value: number | null;
  previous: number | null;
  /** value - previous, when both exist. */
  delta: number | null;
  direction: Direction | null;
}

/** Kept and breached targets, and the share kept (null when none counted). */
export interface Compliance {
  compliant: Compared;
  breached: Compared;
  rate: Compared;
}

export interface TargetCompliance {
  target: Target;
  overall: Compliance;
  byPriority: Record<Priority, Compliance>;
}

/** One breach of the period, with how far over its target it went (0.3 = 30% over). */
export interface Breach {
  ticketId: number;
  number: number;
  title: string;
  priority: string;
  target: Target;
  dueAt: Date;
  metAt: Date | null;
  bucket: OverrunBucket;
  /** (calendar time taken - target) / target, when met or else at the end of the period. */
  overrun: number;
}

export interface DurationStats {
  count: Compared;
  meanMs: Compared;
  p50Ms: Compared;
  p90Ms: Compared;
}

/** Duration statistics of one target, overall and per priority, category and assignee. */
export interface TargetDurations {
  target: Target;
  all: DurationStats;
  byPriority: { key: string; stats: DurationStats }[];
  byCategory: { key: string; stats: DurationStats }[];
  /** `key` null: unassigned tickets. */
  byAssignee: { key: string | null; stats: DurationStats }[];
}

/** A ticket open at the end of the period, with its age then and where to link to. */
export type OpenTicket = Omit<OpenTicketRow, 'createdAt'> & { createdAt: Date };

/** Every figure of one digest. */
export interface DigestFigures {
  kind: DigestKind;
  team: string;
  zone: string;
  period: Period;
  previousPeriod: Period;
  counts: { created: Compared; resolved: Compared; reopened: Compared; backlog: Compared };
  sla: TargetCompliance[];
  breaches: {
    total: Compared;
    buckets: Record<OverrunBucket, Compared>;
    byTarget: Record<Target, Record<OverrunBucket, Compared>>;
    worst: Breach[];
  };
  durations: TargetDurations[];
  escalation: { escalated: Compared; rate: Compared };
  firstContact: { resolvedFirstTime: Compared; resolvedTickets: Compared; rate: Compared };
  csat: { mean: Compared; responses: Compared; target: number; meetsTarget: boolean | null };
  /** The oldest tickets open at the end of the period (age at the end). */
  oldestOpen: OpenTicket[];
  /** Categories of the tickets opened, most frequent first. */
  categories: { category: string; count: Compared }[];
  /** Per local day of the period: tickets opened and resolutions (chart: opened vs resolved). */
  series: { day: string; opened: number; resolved: number }[];
  /** The backlog at the end of the period by age (chart: backlog by age). */
  backlogAge: BacklogRow['ages'];
}

/** The repository queries the figures come from (DigestsRepository satisfies it). */
export type DigestQueries = Pick<DigestsRepository, 'flow' | 'compliance' | 'durations' | 'backlog'>;

export interface FiguresRequest {
  kind: DigestKind;
  /** When the digest is made: it covers the last full period before this instant. */
  at: Date;
  /** The team's IANA zone: period boundaries and local days. */
  zone: string;
  workspaceId: number;
  team: string;
  /** True for the default team: tickets without a team are its tickets. */
  includeUnassigned: boolean;
  csatTarget?: number;
}

/** Pairs a figure with its previous value; ▲▼ only, no judgement of better or worse. */
export function compare(value: number | null, previous: number | null): Compared {
  if (value === null || previous === null) return { value, previous, delta: null, direction: null };
  const delta = value - previous;
  return { value, previous, delta, direction: delta > 0 ? 'up' : delta < 0 ? 'down' : 'same' };
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

type ComplianceCounts = { compliant: number; breached: number } & Record<OverrunBucket, number>;
type ComplianceIndex = Map<string, ComplianceCounts>;
const ZERO: ComplianceCounts = { compliant: 0, breached: 0, le50: 0, le100: 0, gt100: 0 };

function complianceIndex(rows: { target: string; priority: string | null }[]): ComplianceIndex {
  return new Map(rows.map((r) => [`${r.target}|${r.priority ?? '*'}`, r as unknown as ComplianceCounts]));
}

function compliance(cur: ComplianceCounts, prev: ComplianceCounts): Compliance {
  return {
    compliant: compare(cur.compliant, prev.compliant),
    breached: compare(cur.breached, prev.breached),
    rate: compare(
      ratio(cur.compliant, cur.compliant + cur.breached),
      ratio(prev.compliant, prev.compliant + prev.breached),
    ),
  };
}

function slaFigures(cur: ComplianceIndex, prev: ComplianceIndex): TargetCompliance[] {
  const get = (i: ComplianceIndex, target: Target, p: string) => i.get(`${target}|${p}`) ?? ZERO;
  return TARGETS.map((target) => {
    const byPriority = {} as Record<Priority, Compliance>;
    for (const p of PRIORITIES) byPriority[p] = compliance(get(cur, target, p), get(prev, target, p));
    return { target, overall: compliance(get(cur, target, '*'), get(prev, target, '*')), byPriority };
  });
}

function bucketsOf(pick: (b: OverrunBucket) => [number, number]): Record<OverrunBucket, Compared> {
  const out = {} as Record<OverrunBucket, Compared>;
  for (const b of OVERRUN_BUCKETS) out[b] = compare(...pick(b));
  return out;
}

function breachFigures(
  cur: ComplianceIndex,
  prev: ComplianceIndex,
  worst: BreachRow[],
  end: Date,
): DigestFigures['breaches'] {
  const sum = (i: ComplianceIndex, key: keyof ComplianceCounts) =>
    TARGETS.reduce((n, t) => n + (i.get(`${t}|*`)?.[key] ?? 0), 0);
  const of = (i: ComplianceIndex, t: Target, b: OverrunBucket) => i.get(`${t}|*`)?.[b] ?? 0;
  const byTarget = {} as Record<Target, Record<OverrunBucket, Compared>>;
  for (const t of TARGETS) byTarget[t] = bucketsOf((b) => [of(cur, t, b), of(prev, t, b)]);
  return {
    total: compare(sum(cur, 'breached'), sum(prev, 'breached')),
    buckets: bucketsOf((b) => [sum(cur, b), sum(prev, b)]),
    byTarget,
    worst: worst.map((w) => toBreach(w, end)),
  };
}

/** A breach row with its exact overrun: from the stored duration if met by `end`, else measured at `end`. */
export function toBreach(row: BreachRow, end: Date): Breach {
  const met = row.metAt === null ? null : new Date(row.metAt);
  const took =
    met && met < end && row.tookMs !== null
      ? row.tookMs
      : elapsedBusinessMs(
          row.calendar as unknown as Calendar,
          new Date(row.startedAt),
          end,
          row.pauses.map((p) => ({ from: new Date(p.from), to: p.to === null ? null : new Date(p.to) })),
        );
  return {
    ticketId: row.ticketId,
    number: row.number,
    title: row.title,
    priority: row.priority,
    target: row.target,
    dueAt: new Date(row.dueAt),
    metAt: met,
    bucket: row.bucket,
    overrun: (took - row.targetMs) / row.targetMs,
  };
}

function stats(cur: DurationRow | undefined, prev: DurationRow | undefined): DurationStats {
  return {
    count: compare(cur?.count ?? 0, prev?.count ?? 0),
    meanMs: compare(cur?.meanMs ?? null, prev?.meanMs ?? null),
    p50Ms: compare(cur?.p50Ms ?? null, prev?.p50Ms ?? null),
    p90Ms: compare(cur?.p90Ms ?? null, prev?.p90Ms ?? null),
  };
}

function groups<K extends string | null>(
  cur: DurationRow[],
  prev: DurationRow[],
  order: (a: K, b: K) => number,
): { key: K; stats: DurationStats }[] {
  const keys = [...new Set([...cur, ...prev].map((r) => r.key as K))].sort(order);
  return keys.map((key) => ({
    key,
    stats: stats(
      cur.find((r) => r.key === key),
      prev.find((r) => r.key === key),
    ),
  }));
}

const byName = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
const byPriorityOrder = (a: string, b: string) =>
  PRIORITIES.indexOf(a as Priority) - PRIORITIES.indexOf(b as Priority) || byName(a, b);

/** The targets whose durations digests report: time to first response and to resolve. */
export const DURATION_TARGETS: readonly Target[] = ['first_response', 'resolve'];

function durationFigures(cur: DurationRow[], prev: DurationRow[]): TargetDurations[] {
  return DURATION_TARGETS.map((target) => {
    const pick = (rows: DurationRow[], dimension: DurationRow['dimension']) =>
      rows.filter((r) => r.target === target && r.dimension === dimension);
    return {
      target,
      all: stats(pick(cur, 'all')[0], pick(prev, 'all')[0]),
      byPriority: groups<string>(pick(cur, 'priority'), pick(prev, 'priority'), byPriorityOrder),
      byCategory: groups<string>(pick(cur, 'category'), pick(prev, 'category'), byName),
      byAssignee: groups<string | null>(pick(cur, 'assignee'), pick(prev, 'assignee'), byName),
    };
  });
}

function categoryFigures(cur: FlowRow, prev: FlowRow): DigestFigures['categories'] {
  const count = (f: FlowRow, c: string) => f.categories.find((x) => x.category === c)?.count ?? 0;
  const names = [...new Set([...cur.categories, ...prev.categories].map((c) => c.category))];
  return names
    .map((category) => ({ category, count: compare(count(cur, category), count(prev, category)) }))
    .sort(
      (a, b) =>
        (b.count.value ?? 0) - (a.count.value ?? 0) ||
        (b.count.previous ?? 0) - (a.count.previous ?? 0) ||
        byName(a.category, b.category),
    );
}

function series(period: Period, flow: FlowRow): DigestFigures['series'] {
  return period.days.map((day, i) => ({
    day,
    opened: flow.openedPerDay[i] ?? 0,
    resolved: flow.resolvedPerDay[i] ?? 0,
  }));
}

function flowFigures(cur: FlowRow, prev: FlowRow, csatTarget: number) {
  return {
    escalation: {
      escalated: compare(cur.escalated, prev.escalated),
      rate: compare(ratio(cur.escalated, cur.created), ratio(prev.escalated, prev.created)),
    },
    firstContact: {
      resolvedFirstTime: compare(cur.firstContact, prev.firstContact),
      resolvedTickets: compare(cur.resolvedTickets, prev.resolvedTickets),
      rate: compare(
        ratio(cur.firstContact, cur.resolvedTickets),
        ratio(prev.firstContact, prev.resolvedTickets),
      ),
    },
    csat: {
      mean: compare(cur.csatMean, prev.csatMean),
      responses: compare(cur.csatCount, prev.csatCount),
      target: csatTarget,
      meetsTarget: cur.csatMean === null ? null : cur.csatMean >= csatTarget,
    },
  };
}

const asQuery = (p: Period): DigestPeriod => ({
  start: p.start.toISOString(),
  end: p.end.toISOString(),
  dayStarts: p.dayStarts.map((d) => d.toISOString()),
});

/**
 * Every figure of the digest of `kind` made at `at` for one team: the queries of the period and
 * of the previous one run side by side (one statement per group of figures), then this pairs
 * them. The backlog of the previous period is the one open at its end (this period's start),
 * derived from this period's flow.
 */
export async function computeFigures(repo: DigestQueries, req: FiguresRequest): Promise<DigestFigures> {
  const { current, previous } = periodOf(req.kind, req.at, req.zone);
  const scope: DigestScope = {
    workspaceId: req.workspaceId,
    team: req.team,
    includeUnassigned: req.includeUnassigned,
  };
  const cur = asQuery(current);
  const prev = asQuery(previous);
  const [flow, flowBefore, sla, slaBefore, took, tookBefore, backlog] = await Promise.all([
    repo.flow(scope, cur),
    repo.flow(scope, prev),
    repo.compliance(scope, cur),
    repo.compliance(scope, prev, 0),
    repo.durations(scope, cur),
    repo.durations(scope, prev),
    repo.backlog(scope, cur.end),
  ]);
  // The flow's counts are defined so that backlog(end) = backlog(start) + opened - resolved + reopened.
  const backlogBefore = backlog.count - flow.created + flow.resolutions - flow.reopens;
  const slaNow = complianceIndex(sla.compliance);
  const slaThen = complianceIndex(slaBefore.compliance);
  return {
    kind: req.kind,
    team: req.team,
    zone: req.zone,
    period: current,
    previousPeriod: previous,
    counts: {
      created: compare(flow.created, flowBefore.created),
      resolved: compare(flow.resolutions, flowBefore.resolutions),
      reopened: compare(flow.reopens, flowBefore.reopens),
      backlog: compare(backlog.count, backlogBefore),
    },
    sla: slaFigures(slaNow, slaThen),
    breaches: breachFigures(slaNow, slaThen, sla.worst, current.end),
    durations: durationFigures(took, tookBefore),
    ...flowFigures(flow, flowBefore, req.csatTarget ?? CSAT_TARGET),
    oldestOpen: backlog.oldest.map((o) => ({ ...o, createdAt: new Date(o.createdAt) })),
    categories: categoryFigures(flow, flowBefore),
    series: series(current, flow),
    backlogAge: backlog.ages,
  };
}
