/**
 * The `daily:` config block (PRODUCT.md §Runtime contract, capability 4) and its defaults from
 * seed 003 附录A (每日同步会议 9:00-9:15; 报告格式 昨天完成 / 今天计划 / 遇到问题 / 需要支持;
 * 周总结会议 每周五 17:00).
 *
 * Two steps, so a team can override single keys of the top-level block:
 * 1. `dailyBlockSchema` validates one block as written (top-level `daily:` or
 *    `teams.<team>.daily:`), every key optional and without defaults. Its issue messages are
 *    `key|json-params` like src/config.ts, with `config.`-prefixed keys so the config loader reports
 *    them with their path.
 * 2. `resolveDaily(top, team)` lays defaults ← top-level ← team key by key (a team's `fields`
 *    replaces the whole list) and checks what needs several keys at once, naming the path of the
 *    block the offending key came from.
 *
 * Decided here: `prompt`, `remind` and `cutoff` are wall-clock times of one day; `prompt` must be
 * before `cutoff`, and every reminder strictly between them (a reminder at or after the cutoff
 * would chase a report already compiled). `prompt` and `remind` are read in each member's zone,
 * `cutoff` in the team's. `review: false` and `calendar: false` turn those off.
 * The seed's window follows the prompt when only the prompt is written: an unwritten `cutoff` is
 * the prompt + 15 min and an unwritten `remind` the prompt + 10 min (none if that is not before
 * the cutoff), so `prompt: "10:00"` alone means 10:00 / 10:10 / 10:15.
 */
import { z } from 'zod';
import type { Form, FormField } from '../../core/form.ts';
import type { Translator } from '../../core/i18n/index.ts';
import { describeTarget, parseTarget, type Target } from './target.ts';
// The module's strings are registered wherever its code is loaded.
import './catalog.ts';

/** Weekday codes in `Date#getDay` order. */
export const DAILY_WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DailyWeekday = (typeof DAILY_WEEKDAYS)[number];

/** The locales field labels are written in. */
export type DailyLocale = 'zh-CN' | 'en';

/** A label in both languages (a plain string in the config is used for both). */
export type Label = Record<DailyLocale, string>;

/** One question of the daily report, as resolved from config. */
export interface DailyField {
  key: string;
  label: Label;
  type: 'text' | 'multiline' | 'number';
  /** Number fields only: the daily target per member (seed 002 §5.1). */
  target?: Target;
  /** The target as written, for messages. */
  targetText?: string;
  unit?: string;
  /** Non-empty answers feed the blocker ledger (遇到问题, 需要支持). */
  blocker: boolean;
  required: boolean;
  /** How member values combine into the team's figure: `sum` (counts) or `avg` (ratios). */
  total: 'sum' | 'avg';
}

/** The resolved daily-report settings of one team. */
export interface DailySettings {
  prompt: string;
  remind: string[];
  cutoff: string;
  mentionMissing: boolean;
  days: DailyWeekday[];
  /** Name of the calendar whose holidays are no-report days, or false. */
  calendar: string | false;
  fields: DailyField[];
  /** When the weekly review (卡若五步法) is posted, or false. */
  review: { day: DailyWeekday; time: string } | false;
}

/** A config problem in the shape of src/config.ts's ConfigProblem. */
export interface DailyConfigProblem {
  path: string;
  key: string;
  params: Record<string, string | number>;
}

function msg(key: string, params: Record<string, string | number> = {}): string {
  return `${key}|${JSON.stringify(params)}`;
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** `9:00` → `09:00`; null when it is not a time of day. */
export function normalizeTime(text: string): string | null {
  const m = TIME.exec(text.trim());
  return m ? `${(m[1] ?? '').padStart(2, '0')}:${m[2]}` : null;
}

const time = z
  .string({ error: (iss) => msg('config.daily_bad_time', { value: String(iss.input) }) })
  .transform((v, ctx) => {
    const t = normalizeTime(v);
    if (t) return t;
    ctx.addIssue({ code: 'custom', message: msg('config.daily_bad_time', { value: v }) });
    return z.NEVER;
  });

const weekday = z.enum(DAILY_WEEKDAYS, {
  error: (iss) => msg('config.daily_bad_day', { value: String(iss.input) }),
});

const text = z
  .string()
  .trim()
  .min(1, { error: msg('config.daily_bad_label') });

const label = z
  .union([text, z.object({ 'zh-CN': text.optional(), en: text.optional() }).strict()], {
    error: msg('config.daily_bad_label'),
  })
  .transform((v, ctx): Label => {
    if (typeof v === 'string') return { 'zh-CN': v, en: v };
    const zh = v['zh-CN'] ?? v.en;
    const en = v.en ?? v['zh-CN'];
    if (zh && en) return { 'zh-CN': zh, en };
    ctx.addIssue({ code: 'custom', message: msg('config.daily_bad_label') });
    return z.NEVER;
  });

const fieldSchema = z
  .object({
    key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, { error: msg('config.daily_bad_key') }),
    label,
    type: z
      .enum(['text', 'multiline', 'number'], { error: msg('config.daily_bad_type') })
      .default('multiline'),
    target: z.union([z.string(), z.number()]).optional(),
    unit: z
      .string()
      .trim()
      .max(10, { error: msg('config.daily_bad_unit') })
      .optional(),
    blocker: z.boolean({ error: msg('config.daily_bad_boolean') }).default(false),
    required: z.boolean({ error: msg('config.daily_bad_boolean') }).default(false),
    total: z.enum(['sum', 'avg'], { error: msg('config.daily_bad_total') }).optional(),
  })
  .strict()
  .transform((f, ctx): DailyField => {
    const out: DailyField = {
      key: f.key,
      label: f.label,
      type: f.type,
      blocker: f.blocker,
      required: f.required,
      total: f.total ?? 'sum',
    };
    if (f.unit) out.unit = f.unit;
    if (f.type !== 'number' && (f.target !== undefined || f.unit || f.total)) {
      ctx.addIssue({ code: 'custom', message: msg('config.daily_number_only', { key: f.key }) });
    }
    if (f.type === 'number' && f.blocker) {
      ctx.addIssue({ code: 'custom', message: msg('config.daily_blocker_text', { key: f.key }) });
    }
    if (f.target !== undefined) {
      const target = parseTarget(f.target);
      if (!target) {
        ctx.addIssue({
          code: 'custom',
          path: ['target'],
          message: msg('config.daily_bad_target', { value: String(f.target) }),
        });
      } else {
        out.target = target;
        out.targetText = String(f.target);
      }
    }
    return out;
  });

const fieldList = z
  .array(fieldSchema)
  .min(1, { error: msg('config.daily_no_fields') })
  .max(20, { error: msg('config.daily_too_many_fields') })
  .superRefine((fields, ctx) => {
    const keys = new Set<string>();
    const labels = new Set<string>();
    fields.forEach((f, i) => {
      if (keys.has(f.key.toLowerCase())) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'key'],
          message: msg('config.daily_duplicate_key', { key: f.key }),
        });
      }
      keys.add(f.key.toLowerCase());
      for (const l of new Set([f.label['zh-CN'], f.label.en].map((s) => s.toLowerCase()))) {
        if (labels.has(l)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'label'],
            message: msg('config.daily_duplicate_label', { label: l }),
          });
        }
        labels.add(l);
      }
    });
  });

const review = z.union([z.literal(false), z.string()]).transform((v, ctx) => {
  if (v === false) return false as const;
  const m = /^(sun|mon|tue|wed|thu|fri|sat)\s+(\S+)$/i.exec(v.trim());
  const at = m ? normalizeTime(m[2] ?? '') : null;
  if (m && at) return { day: (m[1] ?? '').toLowerCase() as DailyWeekday, time: at };
  ctx.addIssue({ code: 'custom', message: msg('config.daily_bad_review', { value: v }) });
  return z.NEVER;
});

/** One `daily:` block as written: every key optional, no defaults (those come in `resolveDaily`). */
export const dailyBlockSchema = z
  .object({
    prompt: time.optional(),
    remind: z
      .array(time)
      .max(5, { error: msg('config.daily_too_many_reminders') })
      .optional(),
    cutoff: time.optional(),
    mentionMissing: z.boolean({ error: msg('config.daily_bad_boolean') }).optional(),
    days: z
      .array(weekday)
      .min(1, { error: msg('config.daily_no_days') })
      .optional(),
    calendar: z.union([z.literal(false), z.string().min(1)]).optional(),
    fields: fieldList.optional(),
    review: review.optional(),
  })
  .strict();

export type DailyBlock = z.output<typeof dailyBlockSchema>;

const seedField = (key: string, zh: string, en: string, blocker = false): DailyField => ({
  key,
  label: { 'zh-CN': zh, en },
  type: 'multiline',
  blocker,
  required: false,
  total: 'sum',
});

/** Seed 003 附录A: 每日同步会议 9:00-9:15 on weekdays, its four questions, 周总结会议 Friday 17:00. */
export const DEFAULT_DAILY: DailySettings = {
  prompt: '09:00',
  remind: ['09:10'],
  cutoff: '09:15',
  mentionMissing: false,
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  calendar: 'business',
  fields: [
    seedField('done', '昨天完成', 'Done yesterday'),
    seedField('plan', '今天计划', 'Plan for today'),
    seedField('issues', '遇到问题', 'Problems', true),
    seedField('support', '需要支持', 'Help needed', true),
  ],
  review: { day: 'fri', time: '17:00' },
};

type Key = keyof DailySettings;

/** `HH:MM` plus some minutes, or null past midnight. */
function laterBy(time: string, minutes: number): string | null {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const total = h * 60 + m + minutes;
  if (total >= 24 * 60) return null;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** Checks across keys of the merged settings; `source` names the block each key came from. */
function crossCheck(s: DailySettings, source: (key: Key) => string): DailyConfigProblem[] {
  const problems: DailyConfigProblem[] = [];
  if (s.prompt >= s.cutoff) {
    problems.push({
      path: `${source('cutoff')}.cutoff`,
      key: 'config.daily_cutoff_before_prompt',
      params: { prompt: s.prompt, cutoff: s.cutoff },
    });
  }
  s.remind.forEach((r, i) => {
    if (r <= s.prompt || r >= s.cutoff) {
      problems.push({
        path: `${source('remind')}.remind.${i}`,
        key: 'config.daily_remind_outside',
        params: { value: r, prompt: s.prompt, cutoff: s.cutoff },
      });
    }
  });
  return problems;
}

/**
 * The settings of one team: defaults ← top-level `daily` ← `teams.<team>.daily`, key by key, and
 * the checks across keys. `calendars` (names defined under `calendars:` plus `business`) lets it
 * refuse an unknown calendar; leave it out to skip that check.
 */
export function resolveDaily(
  top: DailyBlock | undefined,
  team?: { name: string; block: DailyBlock | undefined },
  calendars?: readonly string[],
): { settings: DailySettings; problems: DailyConfigProblem[] } {
  const settings: DailySettings = { ...DEFAULT_DAILY };
  const from = new Map<Key, string>();
  const layers: [string, DailyBlock | undefined][] = [
    ['daily', top],
    [`teams.${team?.name}.daily`, team?.block],
  ];
  for (const [path, block] of layers) {
    for (const [key, value] of Object.entries(block ?? {}) as [Key, never][]) {
      if (value === undefined) continue;
      settings[key] = value;
      from.set(key, path);
    }
  }
  if (!from.has('cutoff')) settings.cutoff = laterBy(settings.prompt, 15) ?? settings.cutoff;
  if (!from.has('remind')) {
    const remind = laterBy(settings.prompt, 10);
    settings.remind = remind && remind < settings.cutoff ? [remind] : [];
  }
  settings.remind = [...new Set(settings.remind)].sort();
  settings.days = DAILY_WEEKDAYS.filter((d) => settings.days.includes(d));
  const source = (key: Key) => from.get(key) ?? 'daily';
  const problems = crossCheck(settings, source);
  if (calendars && settings.calendar !== false && !calendars.includes(settings.calendar)) {
    problems.push({
      path: `${source('calendar')}.calendar`,
      key: 'config.daily_bad_calendar',
      params: { value: settings.calendar },
    });
  }
  return { settings, problems };
}

/** A field's label in the reader's language. */
export function fieldLabel(field: DailyField, locale: DailyLocale): string {
  return field.label[locale];
}

/**
 * The `/daily` form (a Slack modal, a Feishu card form, console prompts): one form field per
 * report field, number fields with their unit and target as the hint, and the member's earlier
 * answers of the day as initial values (filing again edits the report).
 */
export function reportForm(
  fields: DailyField[],
  t: Translator,
  previous: Record<string, string | number> = {},
): Form {
  const formFields = fields.map((f): FormField => {
    const base = { key: f.key, label: fieldLabel(f, t.locale), required: f.required };
    const prev = previous[f.key];
    if (f.type === 'number') {
      const field: FormField = { ...base, kind: 'number', unit: f.unit };
      if (typeof prev === 'number') field.initial = prev;
      if (f.target) field.hint = t('daily.form.target_hint', { target: describeTarget(f.target, f.unit, t) });
      return field;
    }
    const initial = prev === undefined ? undefined : String(prev);
    return f.type === 'text'
      ? { ...base, kind: 'text', initial, maxLength: 200 }
      : { ...base, kind: 'multiline', initial, maxLength: 3000 };
  });
  return {
    id: 'daily.report',
    title: t('daily.form.title'),
    submitLabel: t('daily.form.submit'),
    cancelLabel: t('daily.form.cancel'),
    fields: formFields,
  };
}
