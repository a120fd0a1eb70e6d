/**
 * A digest as one neutral card, in the reader's language: the overview as fields (new, resolved,
 * reopened, backlog, escalation rate, first-contact resolution, CSAT next to its target), then SLA
 * compliance per target and priority, breaches by overrun bucket with the worst ones, time to first
 * response and to resolve (count, mean, p50, p90 per priority, category and assignee), the oldest
 * open tickets, the recurring categories, the charts, and small print saying what ▲▼ compare with.
 * Every figure carries its change against the previous period. Kept to a dozen blocks, well inside
 * Slack's 50. Pure: the figures, a translator and the pictures come in.
 */
import './catalog.ts';
import { formatDateTime } from '../../core/format.ts';
import { hasMessage, type Translator } from '../../core/i18n/index.ts';
import {
  type CardBlock,
  type CardField,
  type CardImage,
  type CardTable,
  type OutgoingMessage,
  type RichText,
  type Span,
  span,
} from '../../core/message.ts';
import { humanDuration, type Target, targetName } from '../sla/index.ts';
import { PRIORITIES } from '../tickets/index.ts';
import type { Compliance, DigestFigures, DurationStats, TargetDurations } from './figures.ts';
import { change, compared, count, percent, value } from './format.ts';

/** What a digest card shows beyond its figures. */
export interface RenderOptions {
  /** The charts, already rendered (chart images in the reader's language). */
  images?: CardImage[];
  /** Set when a scheduled digest goes out late: when it was due. */
  lateSince?: Date;
  /** Groups shown per duration dimension (assignees can be many). */
  maxGroups?: number;
  /** Breaches listed by name. */
  maxBreaches?: number;
}

/** `2026-03-02 – 2026-03-08 (America/Los_Angeles)`, or one day. */
export function periodLabel(f: DigestFigures, t: Translator): string {
  const first = f.period.days[0] ?? '';
  const last = f.period.days[f.period.days.length - 1] ?? first;
  if (first === last) return t('digests.period_day', { day: first, zone: f.zone });
  return t('digests.period_range', { from: first, to: last, zone: f.zone });
}

/** `📊 Weekly digest · support` / `📊 support 团队周报`. */
export function digestTitle(f: DigestFigures, t: Translator): string {
  return t('digests.title', { kind: t(`digests.kind.${f.kind}`), team: f.team });
}

function share(
  rate: DigestFigures['escalation']['rate'],
  part: number | null,
  whole: number | null,
  t: Translator,
) {
  if (rate.value === null) return t('digests.none');
  return t('digests.share', {
    rate: compared(rate, 'rate', t),
    count: count(part ?? 0, t.locale),
    total: count(whole ?? 0, t.locale),
  });
}

function csatField(f: DigestFigures, t: Translator): string {
  const { mean, responses, target, meetsTarget } = f.csat;
  const goal = value(target, 'score', t);
  if (mean.value === null) return t('digests.csat_none', { target: goal });
  return t('digests.csat_value', {
    mean: value(mean.value, 'score', t),
    change: change(mean, 'score', t),
    count: count(responses.value ?? 0, t.locale),
    target: goal,
    mark: meetsTarget ? '✅' : '⚠️',
  }).replace(/\s+·/, ' ·');
}

function overview(f: DigestFigures, t: Translator): CardField[] {
  const c = f.counts;
  return [
    { label: t('digests.f.created'), value: compared(c.created, 'count', t) },
    { label: t('digests.f.resolved'), value: compared(c.resolved, 'count', t) },
    { label: t('digests.f.reopened'), value: compared(c.reopened, 'count', t) },
    { label: t('digests.f.backlog'), value: compared(c.backlog, 'count', t) },
    {
      label: t('digests.f.escalation'),
      value: share(f.escalation.rate, f.escalation.escalated.value, f.counts.created.value, t),
    },
    {
      label: t('digests.f.fcr'),
      value: share(
        f.firstContact.rate,
        f.firstContact.resolvedFirstTime.value,
        f.firstContact.resolvedTickets.value,
        t,
      ),
    },
    { label: t('digests.f.csat'), value: csatField(f, t) },
  ];
}

const counted = (c: Compliance) =>
  (c.compliant.value ?? 0) +
  (c.breached.value ?? 0) +
  (c.compliant.previous ?? 0) +
  (c.breached.previous ?? 0);

function rateCell(c: Compliance, t: Translator): string {
  return c.rate.value === null ? t('digests.none') : compared(c.rate, 'rate', t);
}

function slaTable(f: DigestFigures, t: Translator): CardBlock {
  // Nothing fell due or was met in either period: one line, not a table of dashes.
  if (f.sla.every((s) => counted(s.overall) === 0))
    return { kind: 'section', title: t('digests.s.sla'), text: t('digests.no_sla') };
  // Restore is optional: its row shows only where some policy has the target.
  const shown = f.sla.filter((s) => s.target !== 'restore' || counted(s.overall) > 0);
  const table: CardTable = {
    columns: [
      { label: t('digests.col.target') },
      { label: t('digests.col.all'), align: 'right' },
      ...PRIORITIES.map((p) => ({ label: p, align: 'right' as const })),
    ],
    rows: shown.map((s) => [
      targetName(s.target, t),
      rateCell(s.overall, t),
      ...PRIORITIES.map((p) => rateCell(s.byPriority[p], t)),
    ]),
  };
  return { kind: 'table', title: t('digests.s.sla'), table };
}

/** A category's name; one the catalog does not know (set by hand in the database) as itself. */
function categoryName(key: string, t: Translator): string {
  const k = `category.${key}`;
  return hasMessage(k) ? t(k) : key;
}

function ticketLink(number: number, url: string | null): Span {
  return url ? span.link(url, `#${number}`) : span.bold(`#${number}`);
}

function breachesSection(f: DigestFigures, t: Translator, max: number): CardBlock {
  const b = f.breaches;
  // No breach in either period: one line, not a row of zeros above it.
  if (!b.total.value && !b.total.previous)
    return { kind: 'section', title: t('digests.s.breaches'), text: t('digests.no_breaches') };
  const lines: Span[] = [
    span.text(
      t('digests.breaches_line', {
        total: count(b.total.value ?? 0, t.locale),
        change: change(b.total, 'count', t),
        le50: compared(b.buckets.le50, 'count', t),
        le100: compared(b.buckets.le100, 'count', t),
        gt100: compared(b.buckets.gt100, 'count', t),
      }).replace(/\s+·/, ' ·'),
    ),
  ];
  if (!b.total.value) lines.push(span.text(`\n${t('digests.no_breaches')}`));
  for (const w of b.worst.slice(0, max)) {
    lines.push(span.text('\n• '), ticketLink(w.number, null));
    lines.push(
      span.text(
        ` ${t('digests.breach_item', {
          priority: w.priority,
          target: targetName(w.target, t),
          over: percent(w.overrun, t.locale),
          bucket: t(`digests.bucket.${w.bucket}`),
        })} · `,
      ),
      span.text(w.title),
    );
  }
  return { kind: 'section', title: t('digests.s.breaches'), text: lines };
}

function statsRow(label: RichText, s: DurationStats, t: Translator): RichText[] {
  return [
    label,
    compared(s.count, 'count', t),
    compared(s.meanMs, 'duration', t),
    compared(s.p50Ms, 'duration', t),
    compared(s.p90Ms, 'duration', t),
  ];
}

function durationTable(d: TargetDurations, t: Translator, max: number): CardBlock {
  const title = t(`digests.s.durations.${d.target as 'first_response' | 'resolve'}`);
  const live = <K>(groups: { key: K; stats: DurationStats }[]) =>
    groups.filter((g) => (g.stats.count.value ?? 0) > 0).slice(0, max);
  const rows: RichText[][] = [statsRow(t('digests.col.all'), d.all, t)];
  for (const g of live(d.byPriority)) rows.push(statsRow(g.key, g.stats, t));
  for (const g of live(d.byCategory)) rows.push(statsRow(categoryName(g.key, t), g.stats, t));
  const assignees = [...live(d.byAssignee)].sort(
    (a, b) => (b.stats.count.value ?? 0) - (a.stats.count.value ?? 0),
  );
  for (const g of assignees)
    rows.push(statsRow(g.key ? [span.mention(g.key)] : t('digests.unassigned'), g.stats, t));
  const table: CardTable = {
    columns: [
      { label: t('digests.col.group') },
      { label: t('digests.col.count'), align: 'right' },
      { label: t('digests.col.mean'), align: 'right' },
      { label: t('digests.col.p50'), align: 'right' },
      { label: t('digests.col.p90'), align: 'right' },
    ],
    rows,
  };
  if (!(d.all.count.value ?? 0)) return { kind: 'section', title, text: t('digests.no_durations') };
  return { kind: 'table', title, table };
}

function oldestSection(f: DigestFigures, t: Translator): CardBlock {
  const spans: Span[] = [];
  for (const o of f.oldestOpen) {
    if (spans.length) spans.push(span.text('\n'));
    spans.push(span.text('• '), ticketLink(o.number, o.sourceUrl), span.text(` ${o.priority} · `));
    spans.push(
      span.text(o.title),
      span.text(` · ${t('digests.open_for', { age: humanDuration(o.ageMs, t) })}`),
    );
  }
  return { kind: 'section', title: t('digests.s.oldest'), text: spans.length ? spans : t('digests.no_open') };
}

function categoriesSection(f: DigestFigures, t: Translator): CardBlock {
  const items = f.categories
    .filter((c) => (c.count.value ?? 0) > 0 || (c.count.previous ?? 0) > 0)
    .map((c) =>
      t('digests.category_item', {
        category: categoryName(c.category, t),
        count: count(c.count.value ?? 0, t.locale),
        change: change(c.count, 'count', t),
      }).trim(),
    );
  return {
    kind: 'section',
    title: t('digests.s.categories'),
    text: items.length ? items.join(' · ') : t('digests.no_tickets'),
  };
}

/** Whether a target's row is worth a chart series (restore only where some policy has it). */
export function targetShown(f: DigestFigures, target: Target): boolean {
  const s = f.sla.find((x) => x.target === target);
  return Boolean(s) && (target !== 'restore' || counted((s as (typeof f.sla)[number]).overall) > 0);
}

/** The digest card and its notification text. */
export function digestMessage(f: DigestFigures, t: Translator, opts: RenderOptions = {}): OutgoingMessage {
  const title = digestTitle(f, t);
  const period = periodLabel(f, t);
  // The period heads the card, next to the title: what the figures under it are about.
  const late = opts.lateSince
    ? t('digests.late', { time: formatDateTime(opts.lateSince, f.zone) })
    : undefined;
  const blocks: CardBlock[] = [
    slaTable(f, t),
    breachesSection(f, t, opts.maxBreaches ?? 5),
    ...f.durations.map((d) => durationTable(d, t, opts.maxGroups ?? 6)),
    oldestSection(f, t),
    categoriesSection(f, t),
    ...(opts.images ?? []).map((image): CardBlock => ({ kind: 'image', image })),
  ];
  const summary = t('digests.summary', {
    title,
    period,
    created: count(f.counts.created.value ?? 0, t.locale),
    resolved: count(f.counts.resolved.value ?? 0, t.locale),
    backlog: count(f.counts.backlog.value ?? 0, t.locale),
  });
  return {
    text: late ? `${summary} ${late}` : summary,
    card: {
      title: `${title} · ${period}`,
      key: `digest:${f.team}:${f.kind}:${f.period.days[0] ?? ''}`,
      tone: late ? 'warning' : 'info',
      fields: overview(f, t),
      ...(late ? { text: late } : {}),
      blocks,
      context: t('digests.legend', { unit: t(`digests.unit.${f.kind}`) }),
    },
  };
}
