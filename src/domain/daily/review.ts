/**
 * The weekly review (seed 002 §5.2 周复盘模板, 卡若五步法) and the monthly KPI board (§5.3
 * 月度数据看板) as data and neutral messages. The review is a form the team fills on Friday
 * (seed 003 周总结会议 每周五 17:00), pre-filled with what sopbot already knows of the week, so
 * the meeting spends its time on reflection, not on counting. Its 执行 items come back the next
 * week as last week's actions to check off, closing the loop the method asks for.
 *
 * Pre-filled, decided here: 本周目标 lists each KPI's weekly target, 实际结果 the weekly totals
 * and the report count, 完成率 the mean completion rate of the KPIs (of the reports filed vs
 * expected when the team has no KPI), 过程 one `action: result` line per measured activity
 * (reports, blockers, tickets and SLA). Everything stays editable.
 */
import type { Form, FormField, FormValues } from '../../core/form.ts';
import { type CardBlock, type OutgoingMessage, type RichText, span } from '../../core/message.ts';
import type { DailyTranslator } from './compile.ts';
import type { DailyLocale, Label } from './fields.ts';
import { daysBetween } from './schedule.ts';
import {
  completionRate,
  describeTarget,
  formatNumber,
  formatRate,
  meetsTarget,
  type Target,
  withUnit,
} from './target.ts';

/** One question of a review section. */
export interface ReviewQuestion {
  key: string;
  label: Label;
  kind: 'multiline' | 'number';
}

/** The five steps of seed 002 §5.2, headings as the seed writes them. */
export const REVIEW_SECTIONS: { key: string; title: Label; questions: ReviewQuestion[] }[] = [
  {
    key: 'goals',
    title: { 'zh-CN': '一、目标&结果', en: '1. Goals & results' },
    questions: [
      { key: 'goal', label: { 'zh-CN': '本周目标', en: "This week's goal" }, kind: 'multiline' },
      { key: 'result', label: { 'zh-CN': '实际结果', en: 'Actual result' }, kind: 'multiline' },
      { key: 'rate', label: { 'zh-CN': '完成率', en: 'Completion rate' }, kind: 'number' },
    ],
  },
  {
    key: 'process',
    title: { 'zh-CN': '二、过程', en: '2. Process' },
    questions: [
      { key: 'process', label: { 'zh-CN': '关键动作：结果', en: 'Key action: result' }, kind: 'multiline' },
    ],
  },
  {
    key: 'reflection',
    title: { 'zh-CN': '三、反思', en: '3. Reflection' },
    questions: [
      { key: 'good', label: { 'zh-CN': '做得好的', en: 'What went well' }, kind: 'multiline' },
      { key: 'bad', label: { 'zh-CN': '做得不好的', en: 'What went badly' }, kind: 'multiline' },
      { key: 'cause', label: { 'zh-CN': '根本原因', en: 'Root cause' }, kind: 'multiline' },
    ],
  },
  {
    key: 'summary',
    title: { 'zh-CN': '四、总结', en: '4. Summary' },
    questions: [{ key: 'summary', label: { 'zh-CN': '核心结论', en: 'Key conclusion' }, kind: 'multiline' }],
  },
  {
    key: 'actions',
    title: { 'zh-CN': '五、执行', en: '5. Execution' },
    questions: [
      { key: 'actions', label: { 'zh-CN': '下周行动', en: "Next week's actions" }, kind: 'multiline' },
    ],
  },
];

/** The form field holding last week's actions, checked when done. */
export const LAST_ACTIONS_KEY = 'last_actions';

/** A KPI's week: the total of its daily values and the weekly target (see `scaleTarget`). */
export interface WeekKpi {
  label: string;
  total: number;
  target?: Target | null;
  unit?: string;
}

/** What sopbot knows of the week, for the pre-filled review. */
export interface WeekNumbers {
  team?: string;
  /** The week's first and last local dates (Monday..Sunday). */
  from: string;
  to: string;
  kpis: WeekKpi[];
  filed: number;
  expected: number;
  blockersOpened: number;
  blockersResolved: number;
  blockersOpen: number;
  ticketsResolved: number;
  /** SLA compliance of the team's tickets as a fraction, null without tickets. */
  slaCompliance: number | null;
  /** Last week's 执行 items. */
  lastWeekActions: string[];
}

/** ISO 8601 week number of a local date (weeks start on Monday; week 1 holds the first Thursday). */
export function isoWeek(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = `${day.getUTCFullYear()}-01-01`;
  return Math.floor(daysBetween(yearStart, day.toISOString().slice(0, 10)) / 7) + 1;
}

const rateOf = (k: WeekKpi) => (k.target ? completionRate(k.total, k.target) : null);

/** The pre-filled 完成率 in percent (see the file comment), or undefined when nothing is measured. */
export function weekRate(n: WeekNumbers): number | undefined {
  const rates = n.kpis.map(rateOf).filter((r): r is number => r !== null);
  const rate = rates.length
    ? rates.reduce((a, b) => a + b, 0) / rates.length
    : n.expected
      ? n.filed / n.expected
      : null;
  return rate === null ? undefined : Math.round(rate * 1000) / 10;
}

function kpiLine(k: WeekKpi, t: DailyTranslator): string {
  if (!k.target) return `${k.label}${t('daily.colon')}${withUnit(k.total, k.unit)}`;
  const mark = meetsTarget(k.total, k.target) ? '✅' : '❌';
  return t('daily.review.kpi_line', {
    label: k.label,
    total: withUnit(k.total, k.unit),
    target: describeTarget(k.target, k.unit, t),
    rate: formatRate(rateOf(k)),
    mark,
  });
}

/** The week's numbers as lines: the form's intro and the rendered review's small print. */
export function weekLines(n: WeekNumbers, t: DailyTranslator): string[] {
  const reports = t('daily.review.reports', {
    filed: n.filed,
    expected: n.expected,
    rate: formatRate(n.expected ? n.filed / n.expected : null),
  });
  const blockers = t('daily.review.blockers', {
    opened: n.blockersOpened,
    resolved: n.blockersResolved,
    open: n.blockersOpen,
  });
  const tickets = t('daily.review.tickets', {
    resolved: n.ticketsResolved,
    sla: formatRate(n.slaCompliance),
  });
  return [...n.kpis.map((k) => kpiLine(k, t)), reports, blockers, tickets];
}

function initials(n: WeekNumbers, t: DailyTranslator): Record<string, string | number | undefined> {
  const lines = weekLines(n, t);
  const goal = n.kpis
    .filter((k) => k.target)
    .map((k) => `${k.label}${t('daily.colon')}${describeTarget(k.target as Target, k.unit, t)}`);
  const result = n.kpis.map((k) => `${k.label}${t('daily.colon')}${withUnit(k.total, k.unit)}`);
  result.push(lines[n.kpis.length] ?? '');
  return {
    goal: goal.join('\n') || undefined,
    result: result.join('\n'),
    rate: weekRate(n),
    process: lines.slice(n.kpis.length).join('\n'),
  };
}

function reviewTitle(n: WeekNumbers, t: DailyTranslator): string {
  return t('daily.review.title', { team: n.team ?? '', week: isoWeek(n.from) }).trim();
}

/** The review form, pre-filled with the week's numbers (form id `daily.review`). */
export function reviewForm(n: WeekNumbers, t: DailyTranslator): Form {
  const init = initials(n, t);
  const fields: FormField[] = [];
  if (n.lastWeekActions.length) {
    fields.push({
      key: LAST_ACTIONS_KEY,
      label: t('daily.review.last_actions'),
      kind: 'multiselect',
      options: n.lastWeekActions.map((a, i) => ({ value: String(i), label: a.slice(0, 75) })),
    });
  }
  for (const section of REVIEW_SECTIONS) {
    for (const q of section.questions) {
      const label = `${section.title[t.locale]} · ${q.label[t.locale]}`;
      const initial = init[q.key];
      if (q.kind === 'number') {
        fields.push({
          key: q.key,
          label,
          kind: 'number',
          unit: '%',
          min: 0,
          max: 1000,
          initial: initial as number | undefined,
        });
      } else {
        const hint = q.key === 'actions' ? t('daily.review.actions_hint') : undefined;
        fields.push({
          key: q.key,
          label,
          kind: 'multiline',
          maxLength: 3000,
          initial: initial as string | undefined,
          hint,
        });
      }
    }
  }
  return {
    id: 'daily.review',
    title: reviewTitle(n, t),
    submitLabel: t('daily.form.submit'),
    cancelLabel: t('daily.form.cancel'),
    intro: [
      span.bold(t('daily.review.numbers', { from: n.from, to: n.to })),
      span.text(`\n${weekLines(n, t).join('\n')}`),
    ],
    fields,
  };
}

/** The 执行 items of a submitted review, one per line, bullets and `[ ]` boxes dropped (at most 10). */
export function reviewActions(values: FormValues): string[] {
  const text = typeof values.actions === 'string' ? values.actions : '';
  return text
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•·+]\s*|\d{1,2}[.)、]\s*)?(?:\[[ xX✓]?\]\s*)?/, '').trim())
    .filter(Boolean)
    .slice(0, 10);
}

function answer(values: FormValues, key: string): string {
  const v = values[key];
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return `${formatNumber(v)}%`;
  return (Array.isArray(v) ? v.join(', ') : v).trim() || '—';
}

/** A submitted review as a card: the five steps, last week's actions checked off, the numbers. */
export function reviewCard(n: WeekNumbers, values: FormValues, t: DailyTranslator): OutgoingMessage {
  const locale: DailyLocale = t.locale;
  const blocks: CardBlock[] = REVIEW_SECTIONS.map((s): CardBlock => {
    if (s.key === 'actions') {
      const items = reviewActions(values);
      return {
        kind: 'section',
        title: s.title[locale],
        text: items.length ? items.map((a) => `☐ ${a}`).join('\n') : '—',
      };
    }
    if (s.questions.length === 1)
      return { kind: 'section', title: s.title[locale], text: answer(values, s.questions[0]?.key ?? '') };
    return {
      kind: 'section',
      title: s.title[locale],
      fields: s.questions.map((q) => ({ label: q.label[locale], value: answer(values, q.key) })),
    };
  });
  if (n.lastWeekActions.length) {
    const raw = values[LAST_ACTIONS_KEY];
    const done = new Set(Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []);
    const text = n.lastWeekActions.map((a, i) => `${done.has(String(i)) ? '✅' : '⬜'} ${a}`).join('\n');
    blocks.unshift({ kind: 'section', title: t('daily.review.last_actions_done'), text });
  }
  const title = reviewTitle(n, t);
  return {
    text: title,
    card: { title, tone: 'info', blocks, context: weekLines(n, t).join(' · ') },
  };
}

/** One row of the monthly board: the month's actual against its target, and last month's. */
export interface MonthKpi {
  label: string;
  target: Target | null;
  actual: number | null;
  previous: number | null;
  unit?: string;
}

/** 环比: the change against last month as a signed percentage (`+12.5%`), `—` without a base. */
export function monthOverMonth(actual: number | null, previous: number | null): string {
  if (actual === null || previous === null || previous === 0) return '—';
  const change = (actual - previous) / Math.abs(previous);
  return `${change > 0 ? '+' : ''}${formatRate(change)}`;
}

/** The monthly KPI board (seed 002 §5.3: 指标 / 目标 / 实际 / 完成率 / 环比). */
export function monthlyBoard(
  board: { team?: string; month: string; kpis: MonthKpi[] },
  t: DailyTranslator,
): OutgoingMessage {
  const rows: RichText[][] = board.kpis.map((k) => {
    const target = k.target
      ? k.target.op === '>='
        ? withUnit(k.target.value, k.unit)
        : describeTarget(k.target, k.unit, t)
      : '—';
    const rate = k.target ? completionRate(k.actual, k.target) : null;
    return [
      k.label,
      target,
      k.actual === null ? '—' : withUnit(k.actual, k.unit),
      formatRate(rate),
      monthOverMonth(k.actual, k.previous),
    ];
  });
  const columns = (['kpi', 'target', 'actual', 'rate', 'mom'] as const).map((c, i) => ({
    label: t(`daily.board.${c}`),
    align: i ? ('right' as const) : ('left' as const),
  }));
  const title = t('daily.board.title', { team: board.team ?? '', month: board.month }).trim();
  return {
    text: title,
    card: {
      title,
      tone: 'info',
      blocks: rows.length
        ? [{ kind: 'table', table: { columns, rows } }]
        : [{ kind: 'section', text: t('daily.board.empty') }],
    },
  };
}
