/**
 * The figures of a digest, as set-based SQL: every query aggregates in Postgres over indexed
 * ranges and returns one row holding one JSON document, so a group of figures is one round trip
 * and no ticket is ever loaded into Node. Definitions (what counts where) are stated on each
 * method; src/domain/digests/figures.ts assembles them into a digest.
 *
 * Periods are half-open [start, end) instants; `zone` is only used to name local days.
 * Instants are passed as ISO strings (`::timestamptz`): postgres.js cannot bind a JS Date in raw SQL.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { resultRows } from './bulk.ts';

/** Whose tickets: a team's, plus those without a team when it is the default team. */
export interface DigestScope {
  workspaceId: number;
  team: string;
  /** Tickets whose team is null belong to the default team: true for that team. */
  includeUnassigned: boolean;
}

/** A half-open period [start, end) as ISO instants, and the IANA zone its local days are in. */
export interface DigestPeriod {
  start: string;
  end: string;
  zone: string;
}

/** Counts of one period (see `flow`). */
export interface FlowRow {
  created: number;
  escalated: number;
  resolutions: number;
  reopens: number;
  resolvedTickets: number;
  firstContact: number;
  csatCount: number;
  csatMean: number | null;
  categories: { category: string; count: number }[];
  openedByDay: { day: string; count: number }[];
  resolvedByDay: { day: string; count: number }[];
}

export type DigestTarget = 'first_response' | 'resolve' | 'restore';
export type OverrunBucket = 'le50' | 'le100' | 'gt100';

/** Compliance of one target, overall (`priority` null) or for one priority. */
export interface ComplianceRow {
  target: DigestTarget;
  priority: string | null;
  compliant: number;
  breached: number;
  le50: number;
  le100: number;
  gt100: number;
}

/** One breach of the period, with what the domain needs to state its exact overrun. */
export interface BreachRow {
  ticketId: number;
  number: number;
  title: string;
  priority: string;
  target: DigestTarget;
  dueAt: string;
  /** When the target was met, or null if it still is not. */
  metAt: string | null;
  bucket: OverrunBucket;
  /** Calendar time the target took, when met. */
  tookMs: number | null;
  targetMs: number;
  startedAt: string;
  /** The frozen policy's calendar and the clock's pauses (to measure an unmet breach at the end). */
  calendar: Record<string, unknown>;
  pauses: { from: string; to: string | null }[];
}

/** Mean and percentiles of one target's durations, for all tickets or one group. */
export interface DurationRow {
  target: DigestTarget;
  dimension: 'all' | 'priority' | 'category' | 'assignee';
  /** The priority, category or assignee (null: unassigned); null for `all`. */
  key: string | null;
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
}

/** An open ticket at the end of a period. */
export interface OpenTicketRow {
  ticketId: number;
  number: number;
  title: string;
  priority: string;
  category: string;
  assigneeId: string | null;
  createdAt: string;
  ageMs: number;
  sourceUrl: string | null;
  channelId: string | null;
  threadId: string | null;
}

/** The open backlog at an instant: how many, by age, and the oldest. */
export interface BacklogRow {
  count: number;
  ages: { lt1d: number; d1to3: number; d3to7: number; gte7d: number };
  oldest: OpenTicketRow[];
}

const at = (iso: string): SQL => sql`${iso}::timestamptz`;

function teamOf(scope: DigestScope): SQL {
  return scope.includeUnassigned
    ? sql`t.workspace_id = ${scope.workspaceId} and (t.team = ${scope.team} or t.team is null)`
    : sql`t.workspace_id = ${scope.workspaceId} and t.team = ${scope.team}`;
}

/**
 * The scope's tickets that can have anything happen in [start, end): opened before the end and
 * not resolved for good before the start (currently open, or last resolved at or after the
 * start). A ticket whose current resolution is before the start met every target, and had its
 * last resolve, reopen and close, before the start.
 */
function touched(scope: DigestScope, p: DigestPeriod): SQL {
  return sql`${teamOf(scope)} and t.created_at < ${at(p.end)}
    and (t.resolved_at is null or t.resolved_at >= ${at(p.start)})`;
}

async function one<T>(db: Db, query: SQL): Promise<T> {
  const [row] = resultRows<{ figures: T | string }>(await db.execute(query));
  if (!row) throw new Error('digest query returned no row');
  return typeof row.figures === 'string' ? (JSON.parse(row.figures) as T) : row.figures;
}

/**
 * Each SLA target of the touched tickets: when it was met (mirrors `metAt`: resolving meets
 * every target), its due instant, overrun instants, calendar duration and target duration.
 * Targets the frozen policy does not have (restore is optional) are left out.
 */
function targets(scope: DigestScope, p: DigestPeriod): SQL {
  return sql`select t.id, t.number, t.title, t.priority, t.category, t.assignee_id, k.started_at,
      k.pauses, k.policy -> 'calendar' as calendar, v.*
    from tickets t
    join sla_clocks k on k.ticket_id = t.id
    cross join lateral (values
      ('first_response', coalesce(t.first_response_at, t.resolved_at, t.closed_at), k.first_response_due,
        k.first_response_over50_at, k.first_response_over100_at, k.first_response_ms,
        (k.policy ->> 'firstResponseMs')::bigint),
      ('resolve', coalesce(t.resolved_at, t.closed_at), k.resolve_due,
        k.resolve_over50_at, k.resolve_over100_at, k.resolve_ms, (k.policy ->> 'resolveMs')::bigint),
      ('restore', coalesce(k.restored_at, t.resolved_at, t.closed_at), k.restore_due,
        k.restore_over50_at, k.restore_over100_at, k.restore_ms, (k.policy ->> 'restoreMs')::bigint)
    ) as v(target, met, due, over50, over100, took_ms, target_ms)
    where ${touched(scope, p)} and v.target_ms is not null`;
}

/** Digest figures for one scope and period, each group of figures in one statement. */
export function createDigestsRepository({ db }: { db: Db }) {
  return {
    /**
     * The flow of a period:
     * - `created`: tickets opened in it; `categories` and `openedByDay` (local days of `zone`)
     *   split them.
     * - `resolutions` / `reopens`: `resolved` / `reopened` events in it (a ticket resolved,
     *   reopened and resolved again counts twice), so backlog(end) = backlog(start) + created
     *   - resolutions + reopens; `resolvedByDay` splits the resolutions by local day.
     * - `escalated`: tickets opened in it that escalated at least once (manual or automatic, at
     *   any time up to now).
     * - `resolvedTickets`: distinct tickets resolved in it; `firstContact`: those of them never
     *   reopened (up to now), seed 001 一次性问题解决率.
     * - `csatCount` / `csatMean`: ratings first given in it (`rated_at`), at their current value.
     */
    async flow(scope: DigestScope, p: DigestPeriod): Promise<FlowRow> {
      const s = at(p.start);
      const e = at(p.end);
      return one<FlowRow>(
        db,
        sql`with created as (
          select t.id, t.category, t.created_at from tickets t
          where ${teamOf(scope)} and t.created_at >= ${s} and t.created_at < ${e}
        ), moves as (
          select x.ticket_id, x.kind, x.at from ticket_events x
          join tickets t on t.id = x.ticket_id
          where x.kind in ('resolved', 'reopened') and x.at >= ${s} and x.at < ${e}
            and ${touched(scope, p)}
        ), solved as (
          select distinct ticket_id from moves where kind = 'resolved'
        ), rated as (
          select r.rating from csat_ratings r join tickets t on t.id = r.ticket_id
          where r.rated_at >= ${s} and r.rated_at < ${e} and ${teamOf(scope)}
        )
        select json_build_object(
          'created', (select count(*) from created),
          'escalated', (select count(*) from created c where c.id in (
            select x.ticket_id from ticket_events x where x.kind = 'escalated' and x.at >= ${s})),
          'resolutions', (select count(*) from moves where kind = 'resolved'),
          'reopens', (select count(*) from moves where kind = 'reopened'),
          'resolvedTickets', (select count(*) from solved),
          'firstContact', (select count(*) from solved where not exists (
            select 1 from ticket_events x where x.kind = 'reopened' and x.ticket_id = solved.ticket_id)),
          'csatCount', (select count(*) from rated),
          'csatMean', (select avg(rating)::float8 from rated),
          'categories', (select coalesce(json_agg(json_build_object('category', category, 'count', n)
              order by n desc, category), '[]'::json)
            from (select category, count(*) as n from created group by category) g),
          'openedByDay', (select coalesce(json_agg(json_build_object('day', d, 'count', n) order by d), '[]'::json)
            from (select to_char(created_at at time zone ${p.zone}, 'YYYY-MM-DD') as d, count(*) as n
              from created group by 1) g),
          'resolvedByDay', (select coalesce(json_agg(json_build_object('day', d, 'count', n) order by d), '[]'::json)
            from (select to_char(at at time zone ${p.zone}, 'YYYY-MM-DD') as d, count(*) as n
              from moves where kind = 'resolved' group by 1) g)
        ) as figures`,
      );
    },

    /**
     * SLA compliance of a period, per target, overall and per priority. A target counts in the
     * period in which its outcome became known: a target met at or before its due instant counts
     * as compliant where it was met; one not met by its due counts as breached where it fell due
     * (whether it was met later or not). Each target of each ticket so counts in exactly one
     * period (as the tickets are now: a reopen un-meets the resolve target until the next
     * resolve). A breach's overrun, (calendar time taken - target) / target, is measured when it
     * was met or at the end of the period if it was not met by then, and bucketed as seed 001
     * 响应时间补偿: `le50` (≤ 50% over), `le100` (over 50%, ≤ 100%), `gt100` (> 100%).
     * `worst`: up to `limit` breaches, worst bucket first, then earliest due, then ticket number.
     */
    async compliance(
      scope: DigestScope,
      p: DigestPeriod,
      limit = 10,
    ): Promise<{ rows: ComplianceRow[]; worst: BreachRow[] }> {
      const s = at(p.start);
      const e = at(p.end);
      return one(
        db,
        sql`with tg as (${targets(scope, p)}), outcome as (
          select tg.*,
            coalesce(tg.due >= ${s} and tg.due < ${e} and (tg.met is null or tg.met > tg.due), false) as breached,
            coalesce(tg.met >= ${s} and tg.met < ${e} and (tg.due is null or tg.met <= tg.due), false) as kept,
            least(coalesce(tg.met, ${e}), ${e}) as measured
          from tg
        ), judged as (
          select outcome.*, case
              when over50 is null or measured < over50 then 'le50'
              when over100 is null or measured < over100 then 'le100'
              else 'gt100' end as bucket
          from outcome where breached or kept
        )
        select json_build_object(
          'rows', (select coalesce(json_agg(g), '[]'::json) from (
            select target, case when grouping(priority) = 1 then null else priority end as priority,
              count(*) filter (where not breached) as compliant,
              count(*) filter (where breached) as breached,
              count(*) filter (where breached and bucket = 'le50') as le50,
              count(*) filter (where breached and bucket = 'le100') as le100,
              count(*) filter (where breached and bucket = 'gt100') as gt100
            from judged group by grouping sets ((target), (target, priority))) g),
          'worst', (select coalesce(json_agg(w), '[]'::json) from (
            select id as "ticketId", number, title, priority, target, due as "dueAt",
              met as "metAt", bucket,
              took_ms as "tookMs", target_ms as "targetMs", started_at as "startedAt", calendar, pauses
            from judged where breached
            order by case bucket when 'gt100' then 0 when 'le100' then 1 else 2 end, due, number, target
            limit ${limit}) w)
        ) as figures`,
      );
    },

    /**
     * Time to first response, restore and resolve in a period: mean, p50 and p90
     * (`percentile_cont`, interpolated) of the calendar durations stored with the clocks
     * (`metDurations`), over the targets met in the period (as `compliance` counts them: the
     * ticket's current met instant in [start, end)), overall and per priority, category and
     * assignee (current values).
     */
    async durations(scope: DigestScope, p: DigestPeriod): Promise<DurationRow[]> {
      return one<DurationRow[]>(
        db,
        sql`with tg as (${targets(scope, p)})
        select coalesce(json_agg(g), '[]'::json) as figures from (
          select target,
            case when grouping(priority) = 0 then 'priority' when grouping(category) = 0 then 'category'
              when grouping(assignee_id) = 0 then 'assignee' else 'all' end as dimension,
            coalesce(case when grouping(priority) = 0 then priority end,
              case when grouping(category) = 0 then category end,
              case when grouping(assignee_id) = 0 then assignee_id end) as key,
            count(*) as count, avg(took_ms)::float8 as "meanMs",
            percentile_cont(0.5) within group (order by took_ms) as "p50Ms",
            percentile_cont(0.9) within group (order by took_ms) as "p90Ms"
          from tg
          where tg.met >= ${at(p.start)} and tg.met < ${at(p.end)} and tg.took_ms is not null
          group by grouping sets ((target), (target, priority), (target, category), (target, assignee_id))
        ) g`,
      );
    },

    /**
     * The open backlog at instant `end`: tickets opened before it whose last resolve, reopen or
     * close before it is none or a reopen (events at `end` itself belong to the next period).
     * Ages (end - created) in [0, 1d), [1d, 3d), [3d, 7d), [7d, ∞); `oldest`: up to `oldest`
     * tickets, oldest first. Only tickets ever reopened need their event log read: for the others
     * "not resolved before `end`" is their current `resolved_at`.
     */
    async backlog(scope: DigestScope, end: string, oldest = 5): Promise<BacklogRow> {
      const e = at(end);
      return one<BacklogRow>(
        db,
        sql`with open as (
          select t.id, t.number, t.title, t.priority, t.category, t.assignee_id, t.created_at,
            t.source_url, t.channel_id, t.thread_id, ${e} - t.created_at as age
          from tickets t
          where ${teamOf(scope)} and t.created_at < ${e} and (t.resolved_at is null or t.resolved_at >= ${e})
            and (not exists (select 1 from ticket_events r where r.kind = 'reopened' and r.ticket_id = t.id)
              or coalesce((select x.kind from ticket_events x
                  where x.ticket_id = t.id and x.kind in ('resolved', 'reopened', 'closed') and x.at < ${e}
                  order by x.at desc, x.id desc limit 1), 'reopened') = 'reopened')
        )
        select json_build_object(
          'count', (select count(*) from open),
          'ages', (select json_build_object(
              'lt1d', count(*) filter (where age < interval '1 day'),
              'd1to3', count(*) filter (where age >= interval '1 day' and age < interval '3 days'),
              'd3to7', count(*) filter (where age >= interval '3 days' and age < interval '7 days'),
              'gte7d', count(*) filter (where age >= interval '7 days')) from open),
          'oldest', (select coalesce(json_agg(o), '[]'::json) from (
            select id as "ticketId", number, title, priority, category, assignee_id as "assigneeId",
              created_at as "createdAt", (extract(epoch from age) * 1000)::bigint as "ageMs",
              source_url as "sourceUrl", channel_id as "channelId", thread_id as "threadId"
            from open order by created_at, number limit ${oldest}) o)
        ) as figures`,
      );
    },
  };
}

export type DigestsRepository = ReturnType<typeof createDigestsRepository>;
