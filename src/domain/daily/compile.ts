/**
 * The compiled daily report posted at the cutoff (PRODUCT.md capability 4): everyone's answers,
 * who is missing and who is off, the KPI fields as a member × value table against the target
 * (✅/❌) with the team's total, and the open blockers with their age. Pure: it takes what the
 * repositories return and builds one neutral message; every platform renders it its own way.
 *
 * Missing members are plain names unless `mentionMissing` is set: the seed's stand-up lists
 * the missing, it does not page them at the cutoff (reminders did that already). A member whose
 * own prompt time (in their zone) comes after the team's cutoff is not missing: they are listed
 * as due later, and their report updates the compiled report when it comes.
 *
 * Open blockers carry their ledger id (`B7`) and ticket (`→ #42`); the card's two selects mark
 * one resolved or turn it into a ticket (`daily.blocker_done`, `daily.blocker_ticket`).
 *
 * Staying inside platform limits (Slack: ≤ 50 blocks, ≤ 3,000 characters a section; Feishu cards
 * are similar), the rule:
 * - answers take at most `MAX_ANSWER_SECTIONS` (20) sections: with more reporting members than
 *   that, ⌈members / 20⌉ members share a section;
 * - each answer is cut to fit its section: ⌊2,600 / (members per section × text fields)⌋
 *   characters, never fewer than 80;
 * - the KPI table shows at most 50 member rows (then a "… N more" row) plus the team total;
 * - at most 20 blockers are listed (then "… N more"), each cut to 200 characters.
 * So a card has at most 20 answer sections + 7 other blocks, plus the header, the summary fields
 * and the small print: well under 50.
 */
import { formatDateTime } from '../../core/format.ts';
import type { Translator } from '../../core/i18n/index.ts';
import {
  type CardBlock,
  type CardSelect,
  type OutgoingMessage,
  type RichText,
  type Span,
  span,
} from '../../core/message.ts';
import { localDate } from '../../core/zoned-time.ts';
import type { DailyField } from './fields.ts';
import type { DailyValues } from './parse.ts';
import { type DayOff, dayOffOn, daysBetween } from './schedule.ts';
import { describeTarget, meetsTarget, scaleTarget, withUnit } from './target.ts';

/** The translator compile and review take: the catalog lookup plus the reader's locale. */
export type DailyTranslator = Translator;

export interface DailyMember {
  id: string;
  /** Display name; the id is shown when there is none. */
  name?: string;
  /** The member's zone (their filing time is shown in it); default the team's. */
  zone?: string;
}

export interface FiledReport {
  values: DailyValues;
  filedAt: Date;
  editedAt?: Date | null;
  /** Filed after the compiled report was posted. */
  late?: boolean;
}

/** An open entry of the blocker ledger. */
export interface OpenBlocker {
  /** Its ledger id, shown as `B7` and carried by the card's selects. */
  id?: number;
  owner: string;
  text: string;
  /** Local date (team zone) the blocker was first reported. */
  openedOn: string;
  /** The ticket it became (`#42`). */
  ticket?: string;
}

/** The card actions of the daily module (action id prefix `daily`). */
export const DAILY_ACTIONS = {
  /** Opens the report form (value: the team). */
  open: 'daily.open',
  blockerDone: 'daily.blocker_done',
  blockerTicket: 'daily.blocker_ticket',
  /** Opens the weekly review form (value: `team|week start`). */
  review: 'daily.review_open',
} as const;

/** A blocker's ledger id as people type it: `B7`. */
export function blockerRef(id: number): string {
  return `B${id}`;
}

export interface MemberDayOff extends DayOff {
  memberId: string;
}

export interface CompileInput {
  team?: string;
  /** The team's zone: today's date and the blockers' age are counted in it. */
  timeZone: string;
  now: Date;
  fields: DailyField[];
  members: DailyMember[];
  /** Today's reports by member id. */
  reports: Record<string, FiledReport>;
  daysOff: MemberDayOff[];
  blockers: OpenBlocker[];
  mentionMissing: boolean;
  /** Members whose prompt of the day comes after `now` in their own zone (not missing yet). */
  later?: string[];
}

export const MAX_ANSWER_SECTIONS = 20;
const SECTION_BUDGET = 2600;
const MAX_TABLE_ROWS = 50;
const MAX_BLOCKERS = 20;

/** A blocker-field answer, for the ledger. */
export interface BlockerAnswer {
  field: string;
  text: string;
}

/** The non-empty answers of `blocker: true` fields (遇到问题, 需要支持): what feeds the ledger. */
export function blockersOf(fields: DailyField[], values: DailyValues): BlockerAnswer[] {
  return fields.flatMap((f) => {
    const v = values[f.key];
    if (!f.blocker || typeof v !== 'string') return [];
    const text = v.trim();
    return text && !isNone(text) ? [{ field: f.key, text }] : [];
  });
}

/** `无`, `none`, `-`, `N/A`: an answer that says there is nothing is not a blocker. */
function isNone(text: string): boolean {
  return /^(?:无|没有|暂无|无问题|none|no|nothing|n\/?a|-+|—+|\/)[。.!！]?$/i.test(text);
}

const nameOf = (m: DailyMember) => m.name?.trim() || m.id;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function joinSpans(parts: Span[][], sep: string): Span[] {
  return parts.flatMap((p, i) => (i ? [span.text(sep), ...p] : p));
}

function answerSections(input: CompileInput, reported: DailyMember[], t: DailyTranslator): CardBlock[] {
  const textFields = input.fields.filter((f) => f.type !== 'number');
  const perSection = Math.ceil(reported.length / MAX_ANSWER_SECTIONS);
  const maxAnswer = Math.max(80, Math.floor(SECTION_BUDGET / (perSection * Math.max(1, textFields.length))));
  const blocks: CardBlock[] = [];
  for (let i = 0; i < reported.length; i += perSection) {
    const parts = reported
      .slice(i, i + perSection)
      .map((m) => memberSpans(m, input, textFields, maxAnswer, t));
    blocks.push({
      kind: 'section',
      title: i ? undefined : t('daily.compiled.answers'),
      text: joinSpans(parts, '\n\n'),
    });
  }
  return blocks;
}

function memberSpans(
  m: DailyMember,
  input: CompileInput,
  textFields: DailyField[],
  maxAnswer: number,
  t: DailyTranslator,
): Span[] {
  const report = input.reports[m.id] as FiledReport;
  const time = formatDateTime(report.filedAt, m.zone ?? input.timeZone).slice(11);
  const edited =
    (report.late ? t('daily.compiled.late') : '') + (report.editedAt ? t('daily.compiled.edited') : '');
  const out: Span[] = [span.bold(nameOf(m)), span.text(` · ${time}${edited}`)];
  for (const f of textFields) {
    const v = report.values[f.key];
    if (typeof v !== 'string' || !v.trim()) continue;
    out.push(
      span.text('\n'),
      span.bold(`${f.label[t.locale]}${t('daily.colon')}`),
      span.text(clip(v.trim(), maxAnswer)),
    );
  }
  return out;
}

function peopleSection(title: string, people: Span[][], sep: string): CardBlock {
  return { kind: 'section', title, text: joinSpans(people, sep) };
}

function kpiBlock(
  input: CompileInput,
  rows: DailyMember[],
  expected: number,
  t: DailyTranslator,
): CardBlock | null {
  const kpis = input.fields.filter((f) => f.type === 'number');
  if (!kpis.length) return null;
  const cell = (value: number | null, f: DailyField, target = f.target): RichText => {
    if (value === null) return '—';
    const mark = target ? (meetsTarget(value, target) ? ' ✅' : ' ❌') : '';
    return `${withUnit(value, f.unit)}${mark}`;
  };
  const kpiValue = (m: DailyMember, f: DailyField) => {
    const v = input.reports[m.id]?.values[f.key];
    return typeof v === 'number' ? v : null;
  };
  const body: RichText[][] = rows
    .slice(0, MAX_TABLE_ROWS)
    .map((m) => [nameOf(m), ...kpis.map((f) => cell(kpiValue(m, f), f))]);
  if (rows.length > MAX_TABLE_ROWS) {
    body.push([t('daily.compiled.more', { count: rows.length - MAX_TABLE_ROWS }), ...kpis.map(() => '')]);
  }
  const totals = kpis.map((f): RichText => {
    const values = rows.map((m) => kpiValue(m, f)).filter((v): v is number => v !== null);
    if (!values.length) return '—';
    const sum = values.reduce((a, b) => a + b, 0);
    if (f.total === 'avg') return cell(Math.round((sum / values.length) * 100) / 100, f);
    return cell(sum, f, f.target && scaleTarget(f.target, expected));
  });
  body.push([[span.bold(t('daily.compiled.team_total'))], ...totals]);
  const columns = [
    { label: t('daily.compiled.member') },
    ...kpis.map((f) => ({
      label: f.target ? `${f.label[t.locale]} (${describeTarget(f.target, f.unit, t)})` : f.label[t.locale],
      align: 'right' as const,
    })),
  ];
  return { kind: 'table', title: t('daily.compiled.kpis'), table: { columns, rows: body } };
}

function blockerBlock(input: CompileInput, today: string, t: DailyTranslator): CardBlock | null {
  if (!input.blockers.length) return null;
  const names = new Map(input.members.map((m) => [m.id, nameOf(m)]));
  const sorted = [...input.blockers].sort((a, b) => a.openedOn.localeCompare(b.openedOn));
  const lines = sorted.slice(0, MAX_BLOCKERS).map((b) => {
    const day = Math.max(1, daysBetween(b.openedOn, today) + 1);
    const ref = b.id ? ` · ${blockerRef(b.id)}` : '';
    const ticket = b.ticket ? ` → ${b.ticket}` : '';
    return [
      span.text('• '),
      span.bold(names.get(b.owner) ?? b.owner),
      span.text(
        ` · ${t('daily.compiled.blocker_age', { day })}${ref}${t('daily.colon')}${clip(b.text, 200)}${ticket}`,
      ),
    ];
  });
  if (sorted.length > MAX_BLOCKERS)
    lines.push([span.text(t('daily.compiled.more', { count: sorted.length - MAX_BLOCKERS }))]);
  return peopleSection(t('daily.compiled.blockers', { count: input.blockers.length }), lines, '\n');
}

/** The selects that resolve a listed blocker or turn it into a ticket. */
function blockerSelects(input: CompileInput, t: DailyTranslator): CardSelect[] {
  const names = new Map(input.members.map((m) => [m.id, nameOf(m)]));
  const listed = [...input.blockers]
    .sort((a, b) => a.openedOn.localeCompare(b.openedOn))
    .slice(0, MAX_BLOCKERS)
    .filter((b): b is OpenBlocker & { id: number } => b.id !== undefined);
  const option = (b: OpenBlocker & { id: number }) => ({
    value: String(b.id),
    label: clip(`${blockerRef(b.id)} · ${names.get(b.owner) ?? b.owner} · ${b.text}`, 75),
  });
  const selects: CardSelect[] = [];
  if (listed.length) {
    selects.push({
      actionId: DAILY_ACTIONS.blockerDone,
      placeholder: t('daily.compiled.resolve_blocker'),
      options: listed.map(option),
    });
  }
  const ticketable = listed.filter((b) => !b.ticket);
  if (ticketable.length) {
    selects.push({
      actionId: DAILY_ACTIONS.blockerTicket,
      placeholder: t('daily.compiled.ticket_blocker'),
      options: ticketable.map(option),
    });
  }
  return selects;
}

/** Who filed, who is off (and did not file anyway), who is due later, who is missing, on `today`. */
function partition(input: CompileInput, today: string) {
  const reported = input.members.filter((m) => input.reports[m.id]);
  const offToday = input.members.flatMap((m) => {
    if (input.reports[m.id]) return [];
    const off = dayOffOn(
      today,
      input.daysOff.filter((d) => d.memberId === m.id),
    );
    return off ? [{ m, off }] : [];
  });
  const offIds = new Set(offToday.map((x) => x.m.id));
  const laterIds = new Set(input.later ?? []);
  const open = input.members.filter((m) => !input.reports[m.id] && !offIds.has(m.id));
  const later = open.filter((m) => laterIds.has(m.id));
  const missing = open.filter((m) => !laterIds.has(m.id));
  return { reported, offToday, later, missing, expected: input.members.length - offIds.size - later.length };
}

/** The compiled daily report of one team (the limits and the mention rule are in the file comment). */
export function compileDailyReport(input: CompileInput, t: DailyTranslator): OutgoingMessage {
  const today = localDate(input.now, input.timeZone);
  const { reported, offToday, later, missing, expected } = partition(input, today);
  const sep = t('common.list_sep');
  const blocks: CardBlock[] = answerSections(input, reported, t);
  if (blocks.length) blocks.push({ kind: 'divider' });
  if (missing.length) {
    const people = missing.map((m) => [input.mentionMissing ? span.mention(m.id) : span.text(nameOf(m))]);
    blocks.push(peopleSection(t('daily.compiled.missing', { count: missing.length }), people, sep));
  }
  if (offToday.length) {
    const people = offToday.map(({ m, off }) => [
      span.text(off.reason ? `${nameOf(m)} (${clip(off.reason, 60)})` : nameOf(m)),
    ]);
    blocks.push(peopleSection(t('daily.compiled.off', { count: offToday.length }), people, sep));
  }
  if (later.length) {
    const people = later.map((m) => [span.text(nameOf(m))]);
    blocks.push(peopleSection(t('daily.compiled.later', { count: later.length }), people, sep));
  }
  const kpi = kpiBlock(input, [...reported, ...missing], expected, t);
  if (kpi) blocks.push(kpi);
  const blockers = blockerBlock(input, today, t);
  if (blockers) blocks.push(blockers);
  const counts = { filed: reported.length, expected, missing: missing.length, off: offToday.length };
  const team = input.team ?? '';
  return {
    text: t('daily.compiled.text', { team, date: today, ...counts, blockers: input.blockers.length }).trim(),
    card: {
      title: t('daily.compiled.title', { team, date: today }).trim(),
      tone: missing.length ? 'warning' : 'success',
      fields: [
        { label: t('daily.compiled.filed'), value: `${counts.filed}/${expected}` },
        { label: t('daily.compiled.missing_count'), value: String(counts.missing) },
        { label: t('daily.compiled.off_count'), value: String(counts.off) },
        { label: t('daily.compiled.blocker_count'), value: String(input.blockers.length) },
      ],
      blocks,
      selects: blockerSelects(input, t),
      context: t('daily.compiled.context', { time: formatDateTime(input.now, input.timeZone) }),
    },
  };
}
