import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { translator } from '../../src/core/i18n/index.ts';
import { catalog as daily } from '../../src/domain/daily/catalog.ts';
import { DAILY_ACTIONS } from '../../src/domain/daily/compile.ts';
import { DEFAULT_DAILY, dailyBlockSchema, reportForm, resolveDaily } from '../../src/domain/daily/fields.ts';
import { PROMPT_KIND, REMIND_KIND } from '../../src/domain/daily/prompts.ts';

/** The config problems of one block, as the config loader would report them. */
function problems(block: unknown) {
  const parsed = dailyBlockSchema.safeParse(block);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const [key, json] = issue.message.split('|', 2);
    return { path: issue.path.join('.'), key, params: json ? JSON.parse(json) : null };
  });
}

function block(doc: unknown) {
  return dailyBlockSchema.parse(doc);
}

describe('daily config: defaults from seed 003 附录A', () => {
  it('asks at 09:00, reminds at 09:10, compiles at 09:15 on weekdays, reviews on Friday 17:00', () => {
    const { settings, problems: found } = resolveDaily(undefined);
    expect(found).toEqual([]);
    expect(settings).toMatchObject({
      prompt: '09:00',
      remind: ['09:10'],
      cutoff: '09:15',
      mentionMissing: false,
      days: ['mon', 'tue', 'wed', 'thu', 'fri'],
      calendar: 'business',
      review: { day: 'fri', time: '17:00' },
    });
    expect(settings.fields.map((f) => [f.key, f.label['zh-CN'], f.label.en, f.blocker])).toEqual([
      ['done', '昨天完成', 'Done yesterday', false],
      ['plan', '今天计划', 'Plan for today', false],
      ['issues', '遇到问题', 'Problems', true],
      ['support', '需要支持', 'Help needed', true],
    ]);
  });

  it('reads a block as written: string labels for both languages, numeric KPIs with targets', () => {
    const b = block({
      prompt: '9:30',
      remind: ['9:45', '09:40'],
      cutoff: '10:00',
      days: ['fri', 'mon'],
      fields: [
        { key: 'notes', label: '备注', type: 'text' },
        { key: 'new_friends', label: { 'zh-CN': '新增好友数' }, type: 'number', target: '>=100', unit: '人' },
        { key: 'posts', label: { en: 'Posts' }, type: 'number', target: 5 },
      ],
      review: false,
      calendar: false,
    });
    const { settings } = resolveDaily(b);
    expect(settings.prompt).toBe('09:30');
    expect(settings.remind).toEqual(['09:40', '09:45']);
    expect(settings.days).toEqual(['mon', 'fri']);
    expect(settings.review).toBe(false);
    expect(settings.calendar).toBe(false);
    expect(settings.fields).toEqual([
      {
        key: 'notes',
        label: { 'zh-CN': '备注', en: '备注' },
        type: 'text',
        blocker: false,
        required: false,
        total: 'sum',
      },
      {
        key: 'new_friends',
        label: { 'zh-CN': '新增好友数', en: '新增好友数' },
        type: 'number',
        target: { op: '>=', value: 100 },
        targetText: '>=100',
        unit: '人',
        blocker: false,
        required: false,
        total: 'sum',
      },
      {
        key: 'posts',
        label: { 'zh-CN': 'Posts', en: 'Posts' },
        type: 'number',
        target: { op: '>=', value: 5 },
        targetText: '5',
        blocker: false,
        required: false,
        total: 'sum',
      },
    ]);
  });
});

describe('daily config: bad values name the key and the problem', () => {
  it('refuses bad times, days and review slots', () => {
    expect(problems({ prompt: '9am' })).toEqual([
      { path: 'prompt', key: 'config.daily_bad_time', params: { value: '9am' } },
    ]);
    expect(problems({ cutoff: '24:00' })).toEqual([
      { path: 'cutoff', key: 'config.daily_bad_time', params: { value: '24:00' } },
    ]);
    expect(problems({ remind: [910] })).toEqual([
      { path: 'remind.0', key: 'config.daily_bad_time', params: { value: '910' } },
    ]);
    expect(problems({ days: ['mon', 'funday'] })).toEqual([
      { path: 'days.1', key: 'config.daily_bad_day', params: { value: 'funday' } },
    ]);
    expect(problems({ days: [] })).toEqual([{ path: 'days', key: 'config.daily_no_days', params: {} }]);
    expect(problems({ review: 'friday' })).toEqual([
      { path: 'review', key: 'config.daily_bad_review', params: { value: 'friday' } },
    ]);
    expect(problems({ mentionMissing: 'yes' })).toEqual([
      { path: 'mentionMissing', key: 'config.daily_bad_boolean', params: {} },
    ]);
  });

  it('refuses duplicate field keys and labels', () => {
    expect(
      problems({
        fields: [
          { key: 'plan', label: '计划' },
          { key: 'Plan', label: { en: 'Plan', 'zh-CN': '安排' } },
        ],
      }),
    ).toEqual([{ path: 'fields.1.key', key: 'config.daily_duplicate_key', params: { key: 'Plan' } }]);
    expect(
      problems({
        fields: [
          { key: 'a', label: '问题' },
          { key: 'b', label: { 'zh-CN': '问题', en: 'Issue' } },
        ],
      }),
    ).toEqual([{ path: 'fields.1.label', key: 'config.daily_duplicate_label', params: { label: '问题' } }]);
  });

  it('refuses targets that do not parse or sit on text fields, and number blockers', () => {
    expect(problems({ fields: [{ key: 'n', label: 'N', type: 'number', target: 'lots' }] })).toEqual([
      { path: 'fields.0.target', key: 'config.daily_bad_target', params: { value: 'lots' } },
    ]);
    expect(problems({ fields: [{ key: 'n', label: 'N', target: '>=1' }] })).toEqual([
      { path: 'fields.0', key: 'config.daily_number_only', params: { key: 'n' } },
    ]);
    expect(problems({ fields: [{ key: 'n', label: 'N', type: 'number', blocker: true }] })).toEqual([
      { path: 'fields.0', key: 'config.daily_blocker_text', params: { key: 'n' } },
    ]);
    expect(problems({ fields: [{ key: '1x', label: 'N' }] })).toEqual([
      { path: 'fields.0.key', key: 'config.daily_bad_key', params: {} },
    ]);
    expect(problems({ fields: [] })).toEqual([{ path: 'fields', key: 'config.daily_no_fields', params: {} }]);
  });

  it('refuses unknown keys', () => {
    expect(problems({ promt: '09:00' })).toHaveLength(1);
  });
});

describe('daily config: per-team overrides', () => {
  it("overrides the top-level block key by key; a team's fields replace the list", () => {
    const top = block({ prompt: '10:00', remind: ['10:10'], cutoff: '10:30', mentionMissing: true });
    const team = block({ cutoff: '10:20', fields: [{ key: 'kpi', label: 'KPI', type: 'number' }] });
    const { settings, problems: found } = resolveDaily(top, { name: 'sales', block: team });
    expect(found).toEqual([]);
    expect(settings).toMatchObject({
      prompt: '10:00',
      remind: ['10:10'],
      cutoff: '10:20',
      mentionMissing: true,
    });
    expect(settings.fields.map((f) => f.key)).toEqual(['kpi']);
    expect(resolveDaily(top).settings.fields).toEqual(DEFAULT_DAILY.fields);
  });

  it('moves the unwritten cutoff and reminder with the prompt (seed window 9:00 / 9:10 / 9:15)', () => {
    expect(resolveDaily(block({ prompt: '10:00' })).settings).toMatchObject({
      prompt: '10:00',
      remind: ['10:10'],
      cutoff: '10:15',
    });
    expect(resolveDaily(block({ prompt: '10:00', cutoff: '10:05' })).settings).toMatchObject({
      remind: [],
      cutoff: '10:05',
    });
    const team = { name: 'ops', block: block({ remind: [] }) };
    expect(resolveDaily(block({ prompt: '08:00' }), team).settings).toMatchObject({
      remind: [],
      cutoff: '08:15',
    });
  });

  it('checks the merged result and names the block each bad key came from', () => {
    const top = block({ remind: ['09:20'] });
    expect(resolveDaily(top).problems).toEqual([
      {
        path: 'daily.remind.0',
        key: 'config.daily_remind_outside',
        params: { value: '09:20', prompt: '09:00', cutoff: '09:15' },
      },
    ]);
    const team = block({ cutoff: '08:30' });
    expect(resolveDaily(undefined, { name: 'ops', block: team }).problems).toEqual([
      {
        path: 'teams.ops.daily.cutoff',
        key: 'config.daily_cutoff_before_prompt',
        params: { prompt: '09:00', cutoff: '08:30' },
      },
    ]);
    expect(resolveDaily(block({ remind: ['09:00'] })).problems.map((p) => p.key)).toEqual([
      'config.daily_remind_outside',
    ]);
  });

  it('refuses a calendar that is not defined', () => {
    const { problems: found } = resolveDaily(block({ calendar: 'cn' }), undefined, ['business', '24x7']);
    expect(found).toEqual([
      { path: 'daily.calendar', key: 'config.daily_bad_calendar', params: { value: 'cn' } },
    ]);
    expect(resolveDaily(block({ calendar: false }), undefined, ['business']).problems).toEqual([]);
  });
});

describe('the report form', () => {
  it('has one field per question, numbers with unit and target, earlier answers filled in', () => {
    const fields = block({
      fields: [
        { key: 'plan', label: { 'zh-CN': '今天计划', en: 'Plan for today' }, required: true },
        {
          key: 'new_friends',
          label: { 'zh-CN': '新增好友数', en: 'New friends' },
          type: 'number',
          target: '>=100',
          unit: '人',
        },
      ],
    }).fields;
    const form = reportForm(fields ?? [], translator('zh-CN'), { plan: '联调', new_friends: 120 });
    expect(form.id).toBe('daily.report');
    expect(form.title).toBe('今日日报');
    expect(form.fields).toEqual([
      { key: 'plan', label: '今天计划', required: true, kind: 'multiline', initial: '联调', maxLength: 3000 },
      {
        key: 'new_friends',
        label: '新增好友数',
        required: false,
        kind: 'number',
        unit: '人',
        initial: 120,
        hint: '目标：≥ 100人',
      },
    ]);
  });
});

describe('the daily catalog', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has every string in both languages with the same placeholders, Chinese where English has words', () => {
    for (const [key, entry] of Object.entries(daily)) {
      expect(entry.en.trim(), key).not.toBe('');
      expect(entry['zh-CN'].trim(), key).not.toBe('');
      expect(placeholders(entry['zh-CN']), key).toEqual(placeholders(entry.en));
      const words = entry.en.replace(/\{\w+\}|\/\w+|[A-Z]\d|`[^`]*`/g, '');
      if (/[a-z]{4,}/i.test(words)) expect(/[\u4e00-\u9fff]/.test(entry['zh-CN']), key).toBe(true);
    }
  });

  it('translates through the core translator, leaving unknown placeholders visible', () => {
    expect(translator('en')('daily.compiled.blocker_age', { day: 3 })).toBe('day 3');
    expect(translator('zh-CN')('daily.compiled.blocker_age', { day: 3 })).toBe('第 3 天');
    expect(translator('en')('daily.compiled.blocker_age')).toBe('day {day}');
  });

  it('holds every key the daily sources use', () => {
    const dir = fileURLToPath(new URL('../../src/domain/daily/', import.meta.url));
    const used = new Set<string>();
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'catalog.ts')) {
      const text = readFileSync(`${dir}${file}`, 'utf8');
      for (const m of text.matchAll(/'((?:config\.daily_|daily\.)[a-z_.]+)'/g)) used.add(m[1] ?? '');
    }
    // Form ids, action ids and timer kinds, not strings.
    for (const id of [
      'daily.report',
      'daily.review',
      ...Object.values(DAILY_ACTIONS),
      PROMPT_KIND,
      REMIND_KIND,
    ])
      used.delete(id);
    for (const c of ['kpi', 'target', 'actual', 'rate', 'mom']) used.add(`daily.board.${c}`);
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((k) => !Object.hasOwn(daily, k))).toEqual([]);
  });
});
