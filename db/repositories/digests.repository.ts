/**
 * The figures of a digest, as set-based SQL: each group of figures is one statement that
 * aggregates in Postgres over indexed ranges and returns one row holding one JSON document, so no
 * ticket is ever loaded into Node. What counts where is stated on each method.
 *
 * Each statement runs in its own read-only transaction with JIT off (compiling these plans costs
 * more than running them), no parallel workers (the statements of a digest already run side by
 * side) and room to sort in memory. The scope's team and, for the default team, the tickets with
 * no team are read as two index ranges joined by UNION ALL. Instants are bound as ISO strings
 * (`::timestamptz`): postgres.js cannot bind a JS Date in raw SQL.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { resultRows } from './bulk.ts';
import type {
  BacklogRow,
  ComplianceRow,
  DigestPeriod,
  DigestScope,
  DigestTarget,
  DurationRow,
  FlowRow,
  SlaRow,
} from './digests.types.ts';

export type * from './digests.types.ts';

const SETTINGS = sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true),
  set_config('max_parallel_workers_per_gather', '0', true)`;

const at = (iso: string): SQL => sql`${iso}::timestamptz`;
const instants = (isos: string[]): SQL => sql`${`{${isos.join(',')}}`}::timestamptz[]`;

/** `q(team condition)` for the scope's team and, when it takes them, for tickets with no team. */
function eachTeam(scope: DigestScope, alias: string, q: (team: SQL) => SQL): SQL {
  const named = q(sql`${sql.raw(alias)}.team = ${scope.team}`);
  if (!scope.includeUnassigned) return named;
  return sql`${named} union all ${q(sql`${sql.raw(alias)}.team is null`)}`;
}

/** The scope as one condition on a `tickets t` row (for lookups by primary key). */
function inScope(scope: DigestScope): SQL {
  const team = scope.includeUnassigned
    ? sql`(t.team = ${scope.team} or t.team is null)`
    : sql`t.team = ${scope.team}`;
  return sql`t.workspace_id = ${scope.workspaceId} and ${team}`;
}

async function figures<T>(db: Db, query: SQL): Promise<T> {
  return db.transaction(
    async (tx) => {
      await tx.execute(SETTINGS);
      const [row] = resultRows<{ figures: T | string }>(await tx.execute(query));
      if (!row) throw new Error('digest query returned no row');
      return typeof row.figures === 'string' ? (JSON.parse(row.figures) as T) : row.figures;
    },
    { accessMode: 'read only' },
  );
}

type PerDay = { i: number; n: number }[] | null;

/** Dense per-day counts from `[{ i: width_bucket index (1-based), n }]`. */
function perDay(rows: PerDay, days: number): number[] {
  const out = new Array<number>(days).fill(0);
  for (const r of rows ?? []) if (r.i >= 1 && r.i <= days) out[r.i - 1] = r.n;
  return out;
}

/**
 * The SLA columns of one target on a clock `k`, and whether the frozen policy has it when met
 * (restore is optional: its duration is kept exactly when the policy has the target).
 */
const TARGET_COLUMNS: Record<DigestTarget, { col: string; key: string; present: string }> = {
  first_response: { col: 'first_response', key: 'firstResponseMs', present: 'true' },
  resolve: { col: 'resolve', key: 'resolveMs', present: 'true' },
  restore: { col: 'restore', key: 'restoreMs', present: 'k.restore_ms is not null' },
};
const TARGETS = Object.keys(TARGET_COLUMNS) as DigestTarget[];
/** Time to first response and to resolve (PRODUCT.md §3); restore counts in compliance only. */
const DURATION_TARGETS: DigestTarget[] = ['first_response', 'resolve'];
/** The clock columns the SLA figures read: all in `sla_clocks_digest_idx` (an index-only scan). */
const CLOCK_COLUMNS = sql.raw(
  [
    'ticket_id, priority',
    ...TARGETS.map((t) =>
      ['met_at', 'due', 'over50_at', 'over100_at', 'ms'].map((x) => `${t}_${x}`).join(', '),
    ),
  ].join(', '),
);
/** The clock columns the durations read. */
const DURATION_COLUMNS = sql.raw(
  ['priority, category, assignee_id', ...DURATION_TARGETS.map((t) => `${t}_met_at, ${t}_ms`)].join(', '),
);
const BUCKETS = ['le50', 'le100', 'gt100'] as const;

/**
 * The clocks of one team that can have an SLA outcome in [start, end): opened before the end and
 * not resolved for good before the start (still open, or resolved since). Two index ranges.
 */
function clocksOf(scope: DigestScope, p: DigestPeriod, columns: SQL): (team: SQL) => SQL {
  const [s, e, ws] = [at(p.start), at(p.end), scope.workspaceId];
  return (team) => sql`select ${columns} from sla_clocks k
      where k.workspace_id = ${ws} and ${team} and k.resolve_met_at >= ${s} and k.started_at < ${e}
    union all select ${columns} from sla_clocks k
      where k.workspace_id = ${ws} and ${team} and k.resolve_met_at is null and k.started_at < ${e}`;
}

/** Per-target outcome columns of a clock in [s, e): kept, breached, bucket, duration if met in it. */
function outcomeColumns(p: DigestPeriod): SQL {
  const s = at(p.start);
  const e = at(p.end);
  const parts = TARGETS.map((target) => {
    const { col, present } = TARGET_COLUMNS[target];
    const [met, due, o50, o100, ms] = ['met_at', 'due', 'over50_at', 'over100_at', 'ms'].map((x) =>
      sql.raw(`k.${col}_${x}`),
    );
    const measured = sql`least(coalesce(${met}, ${e}), ${e})`;
    const t = (name: string) => sql.raw(`${col}_${name}`);
    return sql`${met} as ${t('met')}, ${due} as ${t('due')}, ${ms} as ${t('ms')},
      (${due} >= ${s} and ${due} < ${e} and (${met} is null or ${met} > ${due})) is true as ${t('breach')},
      (${sql.raw(present)} and ${met} >= ${s} and ${met} < ${e} and (${due} is null or ${met} <= ${due})) is true
        as ${t('kept')},
      case when ${o50} is null or ${measured} < ${o50} then 1
        when ${o100} is null or ${measured} < ${o100} then 2 else 3 end as ${t('bucket')},
      case when ${met} >= ${s} and ${met} < ${e} then ${ms} end as ${t('took')}`;
  });
  return sql.join(parts, sql`, `);
}

function complianceAggregates(): SQL {
  const parts = TARGETS.flatMap((target) => {
    const { col } = TARGET_COLUMNS[target];
    const c = (x: string) => sql.raw(`${col}_${x}`);
    return [
      sql`count(*) filter (where ${c('kept')}) as ${c('kept')}`,
      sql`count(*) filter (where ${c('breach')}) as ${c('breached')}`,
      ...BUCKETS.map(
        (b, i) =>
          sql`count(*) filter (where ${c('breach')} and ${c('bucket')} = ${sql.raw(String(i + 1))}) as ${c(b)}`,
      ),
    ];
  });
  return sql.join(parts, sql`, `);
}

function durationAggregates(): SQL {
  const parts = DURATION_TARGETS.map((target) => {
    const c = (x: string) => sql.raw(`${TARGET_COLUMNS[target].col}_${x}`);
    return sql`count(${c('took')}) as ${c('n')}, avg(${c('took')})::float8 as ${c('mean')},
      percentile_cont(array[0.5, 0.9]) within group (order by ${c('took')}) as ${c('pct')}`;
  });
  return sql.join(parts, sql`, `);
}

/**
 * The breached targets of the period, worst bucket first, then earliest due, then ticket: the
 * top `limit` of each target (an ordered scan of the period's clocks each), then the top of those.
 */
function worstBreaches(limit: number): SQL {
  const tops = TARGETS.map((target) => {
    const { col, key } = TARGET_COLUMNS[target];
    const c = (x: string) => sql.raw(`${col}_${x}`);
    return sql`(select ticket_id, priority, ${target} as target, ${key} as key, ${c('bucket')} as bucket,
        ${c('due')} as due, ${c('met')} as met, ${c('ms')} as ms
      from c where ${c('breach')} order by ${c('bucket')} desc, ${c('due')}, ticket_id limit ${limit})`;
  });
  return sql`select b.ticket_id as "ticketId", t.number, t.title, b.priority, b.target, b.due as "dueAt",
      b.met as "metAt", (array['le50', 'le100', 'gt100'])[b.bucket] as bucket, b.ms as "tookMs",
      (k.policy ->> b.key)::bigint as "targetMs", k.started_at as "startedAt", k.policy -> 'calendar' as calendar,
      k.pauses
    from (select * from (${sql.join(tops, sql` union all `)}) x
      order by bucket desc, due, ticket_id, target limit ${limit}) b
    join tickets t on t.id = b.ticket_id
    join sla_clocks k on k.ticket_id = b.ticket_id
    order by b.bucket desc, b.due, b.ticket_id, b.target`;
}

type Grouped = Record<string, unknown>;

function toCompliance(groups: Grouped[]): ComplianceRow[] {
  return groups.flatMap((g) =>
    TARGETS.map((target) => {
      const c = (x: string) => Number(g[`${TARGET_COLUMNS[target].col}_${x}`] ?? 0);
      const priority = g.priority === undefined ? null : (g.priority as string | null);
      return {
        target,
        priority,
        compliant: c('kept'),
        breached: c('breached'),
        le50: c('le50'),
        le100: c('le100'),
        gt100: c('gt100'),
      };
    }),
  );
}

function toDurations(groups: Grouped[]): DurationRow[] {
  return groups.flatMap((g) => {
    const dimension = g.dimension as DurationRow['dimension'];
    return DURATION_TARGETS.flatMap((target) => {
      const c = (x: string) => g[`${TARGET_COLUMNS[target].col}_${x}`] as unknown;
      if (!c('n')) return [];
      const key = (g.key ?? null) as string | null;
      const [p50Ms, p90Ms] = c('pct') as [number, number];
      return [{ target, dimension, key, count: c('n') as number, meanMs: c('mean') as number, p50Ms, p90Ms }];
    });
  });
}

/** Digest figures for one scope and period, each group of figures in one statement. */
export function createDigestsRepository({ db }: { db: Db }) {
  return {
    /**
     * The flow of a period:
     * - `created`: tickets opened in it; `categories` and `openedPerDay` split them.
     * - `resolutions` / `reopens`: resolutions and reopens in it (a ticket resolved, reopened and
     *   resolved again counts twice), so backlog(end) = backlog(start) + created - resolutions +
     *   reopens. A resolution is the ticket's `resolved_at` when it still stands, or a `resolved`
     *   event a later reopen undid (found from the reopens since the start, a small set);
     *   `resolvedPerDay` splits them.
     * - `escalated`: tickets opened in it that escalated at least once (manual or automatic, at
     *   any time up to now).
     * - `resolvedTickets`: distinct tickets resolved in it; `firstContact`: those whose
     *   resolution stands and that were never reopened (seed 001 一次性问题解决率).
     * - `csatCount` / `csatMean`: ratings first given in it (`rated_at`), at their current value.
     */
    async flow(scope: DigestScope, p: DigestPeriod): Promise<FlowRow> {
      const [s, e, ws, days] = [at(p.start), at(p.end), scope.workspaceId, instants(p.dayStarts)];
      type Raw = Omit<FlowRow, 'openedPerDay' | 'resolvedPerDay'> & Record<'opened' | 'resolved', PerDay>;
      const { opened, resolved, ...counts } = await figures<Raw>(
        db,
        sql`with created as (${eachTeam(
          scope,
          't',
          (team) => sql`select t.id, t.category, t.created_at from tickets t
            where t.workspace_id = ${ws} and ${team} and t.created_at >= ${s} and t.created_at < ${e}`,
        )}
        ), standing as (${eachTeam(
          scope,
          't',
          (team) => sql`select t.id, t.resolved_at as at from tickets t
            where t.workspace_id = ${ws} and ${team} and t.resolved_at >= ${s} and t.resolved_at < ${e}`,
        )}
        ), reopens as (
          select x.id, x.ticket_id, x.at from ticket_events x
          cross join lateral (select 1 from tickets t where t.id = x.ticket_id and ${inScope(scope)} limit 1) mine
          where x.kind = 'reopened' and x.at >= ${s}
        ), undone as (
          select r.ticket_id as id, u.at from reopens r
          cross join lateral (select y.at from ticket_events y
            where y.ticket_id = r.ticket_id and y.kind = 'resolved' and y.id < r.id order by y.id desc limit 1) u
          where u.at >= ${s} and u.at < ${e}
        ), rated as (${eachTeam(
          scope,
          'r',
          (team) => sql`select r.rating from csat_ratings r
            where r.workspace_id = ${ws} and ${team} and r.rated_at >= ${s} and r.rated_at < ${e}`,
        )}
        ), opened as (
          select category, i, count(*) as n
          from (select category, width_bucket(created_at, ${days}) as i from created) x
          group by grouping sets ((category), (i))
        ), solved as (
          select width_bucket(at, ${days}) as i, count(*) as n
          from (select at from standing union all select at from undone) x group by 1
        )
        select json_build_object(
          'created', (select coalesce(sum(n), 0) from opened where category is not null),
          'escalated', (select count(*) from created where id in (
            select x.ticket_id from ticket_events x where x.kind = 'escalated' and x.at >= ${s})),
          'resolutions', (select coalesce(sum(n), 0) from solved),
          'reopens', (select count(*) from reopens where at < ${e}),
          'resolvedTickets', (select count(*) from standing)
            + (select count(distinct id) from undone where id not in (select id from standing)),
          'firstContact', (select count(*) from standing where id not in (
            select x.ticket_id from ticket_events x where x.kind = 'reopened')),
          'csatCount', (select count(*) from rated),
          'csatMean', (select avg(rating)::float8 from rated),
          'categories', (select coalesce(json_agg(json_build_object('category', category, 'count', n)
              order by n desc, category), '[]'::json) from opened where category is not null),
          'opened', (select json_agg(json_build_object('i', i, 'n', n)) from opened where category is null),
          'resolved', (select json_agg(json_build_object('i', i, 'n', n)) from solved)
        ) as figures`,
      );
      const n = p.dayStarts.length;
      return { ...counts, openedPerDay: perDay(opened, n), resolvedPerDay: perDay(resolved, n) };
    },

    /**
     * SLA compliance of a period, per target, overall and per priority, from the clocks alone
     * (they keep the ticket fields involved). A target counts in the period in which its outcome
     * became known: one met at or before its due instant counts as compliant where it was met;
     * one not met by its due counts as breached where it fell due (met later or not). Each target
     * of each ticket so counts in exactly one period, as the tickets are now (a reopen un-meets
     * the resolve target until the next resolve). A breach's overrun, (calendar time taken -
     * target) / target, is measured when it was met, or at the end of the period if it was not
     * met by then, and bucketed as seed 001 响应时间补偿: `le50` (≤ 50% over), `le100` (over 50%,
     * ≤ 100%), `gt100` (> 100%). `worst`: up to `limit` breaches, worst bucket first, then
     * earliest due, then ticket id.
     */
    async compliance(
      scope: DigestScope,
      p: DigestPeriod,
      limit = 10,
    ): Promise<Pick<SlaRow, 'compliance' | 'worst'>> {
      const row = await figures<{ compliance: Grouped[] | null; worst: SlaRow['worst'] | null }>(
        db,
        sql`with c as materialized (
          select k.ticket_id, k.priority, ${outcomeColumns(p)}
          from (${eachTeam(scope, 'k', clocksOf(scope, p, CLOCK_COLUMNS))}) k
        )
        select json_build_object(
          'compliance', (select json_agg(g) from (
            select case when grouping(priority) = 0 then priority end as priority, ${complianceAggregates()}
            from c group by grouping sets ((), (priority))) g),
          'worst', (select json_agg(w) from (${worstBreaches(limit)}) w)
        ) as figures`,
      );
      return { compliance: toCompliance(row.compliance ?? []), worst: row.worst ?? [] };
    },

    /**
     * Time to first response and to resolve in a period: count, mean, p50 and p90
     * (`percentile_cont`, interpolated) of the calendar durations the clocks keep, over the
     * targets met in the period (their current met instant in [start, end)), overall and per
     * priority, category and assignee. Its own statement, so it runs beside `compliance`.
     */
    async durations(scope: DigestScope, p: DigestPeriod): Promise<DurationRow[]> {
      const [s, e] = [at(p.start), at(p.end)];
      const took = DURATION_TARGETS.map((target) => {
        const col = TARGET_COLUMNS[target].col;
        const [met, ms] = [sql.raw(`k.${col}_met_at`), sql.raw(`k.${col}_ms`)];
        return sql`case when ${met} >= ${s} and ${met} < ${e} then ${ms} end as ${sql.raw(`${col}_took`)}`;
      });
      const rows = await figures<Grouped[] | null>(
        db,
        sql`select json_agg(g) as figures from (
          select case when grouping(priority) = 0 then 'priority' when grouping(category) = 0 then 'category'
              when grouping(assignee_id) = 0 then 'assignee' else 'all' end as dimension,
            coalesce(case when grouping(priority) = 0 then priority end,
              case when grouping(category) = 0 then category end,
              case when grouping(assignee_id) = 0 then assignee_id end) as key,
            ${durationAggregates()}
          from (select k.priority, k.category, k.assignee_id, ${sql.join(took, sql`, `)}
            from (${eachTeam(scope, 'k', clocksOf(scope, p, DURATION_COLUMNS))}) k) c
          group by grouping sets ((), (priority), (category), (assignee_id))) g`,
      );
      return toDurations(rows ?? []);
    },

    /**
     * The open backlog at instant `end`: tickets opened before it whose last resolve, reopen or
     * close before it is none or a reopen (events at `end` itself belong to the next period).
     * Ages (end - created) in [0, 1d), [1d, 3d), [3d, 7d), [7d, ∞); `oldest`: up to `oldest`
     * tickets, oldest first. Only tickets ever reopened need their event log read: for the others
     * "not resolved before `end`" is their current `resolved_at`.
     */
    async backlog(scope: DigestScope, end: string, oldest = 5): Promise<BacklogRow> {
      const [e, ws] = [at(end), scope.workspaceId];
      const cols = sql`t.id, t.number, t.title, t.priority, t.category, t.assignee_id, t.created_at,
        t.source_url, t.channel_id, t.thread_id`;
      const candidates = (team: SQL) => sql`select ${cols} from tickets t
          where t.workspace_id = ${ws} and ${team} and t.resolved_at is null and t.created_at < ${e}
        union all select ${cols} from tickets t
          where t.workspace_id = ${ws} and ${team} and t.resolved_at >= ${e} and t.created_at < ${e}`;
      return figures<BacklogRow>(
        db,
        sql`with open as (
          select c.*, ${e} - c.created_at as age from (${eachTeam(scope, 't', candidates)}) c
          where c.id not in (select x.ticket_id from ticket_events x where x.kind = 'reopened')
            or coalesce((select x.kind from ticket_events x
                where x.ticket_id = c.id and x.kind in ('resolved', 'reopened', 'closed') and x.at < ${e}
                order by x.at desc, x.id desc limit 1), 'reopened') = 'reopened'
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
            from open order by created_at, id limit ${oldest}) o)
        ) as figures`,
      );
    },
  };
}

export type DigestsRepository = ReturnType<typeof createDigestsRepository>;
