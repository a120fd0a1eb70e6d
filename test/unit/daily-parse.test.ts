import { describe, expect, it } from 'vitest';
import { DEFAULT_DAILY, dailyBlockSchema } from '../../src/domain/daily/fields.ts';
import { editReport, parseDailyText } from '../../src/domain/daily/parse.ts';

const seedFields = DEFAULT_DAILY.fields;

const kpiBlock = dailyBlockSchema.parse({
  fields: [
    { key: 'done', label: { 'zh-CN': '昨天完成', en: 'Done yesterday' } },
    {
      key: 'new_friends',
      label: { 'zh-CN': '新增好友数', en: 'New friends' },
      type: 'number',
      target: '>=100',
      unit: '人',
    },
    { key: 'posts', label: { 'zh-CN': '朋友圈发布数', en: 'Moments posts' }, type: 'number', target: '>=5' },
  ],
});
const kpiFields = kpiBlock.fields ?? [];

function values(text: string, fields = seedFields) {
  const result = parseDailyText(text, fields, 'zh-CN');
  if ('error' in result) throw new Error(`refused: ${JSON.stringify(result.error)}`);
  return result.values;
}

describe('parseDailyText: labels', () => {
  it('reads the seed format (bullets, ASCII colons)', () => {
    const text = [
      '- 昨天完成: 登录页改版',
      '- 今天计划: 联调支付',
      '- 遇到问题: 测试环境不稳定',
      '- 需要支持: 运维协助',
    ].join('\n');
    expect(values(text)).toEqual({
      done: '登录页改版',
      plan: '联调支付',
      issues: '测试环境不稳定',
      support: '运维协助',
    });
  });

  it('reads full-width colons and English labels in a Chinese team, case-insensitively', () => {
    expect(values('今天计划：联调支付\nproblems: CI is red\nHELP NEEDED: review')).toEqual({
      plan: '联调支付',
      issues: 'CI is red',
      support: 'review',
    });
  });

  it('reads the key and unambiguous leading words of an English label (Plan, Help)', () => {
    expect(values('Plan: ship it\nDone: tests\nHelp: a reviewer')).toEqual({
      plan: 'ship it',
      done: 'tests',
      support: 'a reviewer',
    });
  });

  it('tolerates numbered bullets, dashes, brackets and bold labels', () => {
    expect(values('1. 昨天完成：A\n2) Plan for today - B\n【遇到问题】C\n**需要支持：** D')).toEqual({
      done: 'A',
      plan: 'B',
      issues: 'C',
      support: 'D',
    });
    expect(values('今天计划——联调')).toEqual({ plan: '联调' });
  });

  it('takes leading words for text fields only, and only when no other field shares them', () => {
    expect(values('New: launched the shop', kpiFields)).toEqual({ done: 'New: launched the shop' });
    expect(values('Done: x', kpiFields)).toEqual({ done: 'x' });
    const shared = dailyBlockSchema.parse({
      fields: [
        { key: 'a', label: { 'zh-CN': '甲', en: 'Help wanted' } },
        { key: 'b', label: { 'zh-CN': '乙', en: 'Help given' } },
      ],
    }).fields;
    expect(values('Help: someone', shared)).toEqual({ a: 'Help: someone' });
  });

  it('does not take a label glued to text, or a word that only starts like one', () => {
    expect(values('今天计划联调支付')).toEqual({ done: '今天计划联调支付' });
    expect(values('Planning: all day')).toEqual({ done: 'Planning: all day' });
  });
});

describe('parseDailyText: lines', () => {
  it('sends lines before any label to the first field', () => {
    expect(values('修好了登录 bug\n今天计划：联调')).toEqual({ done: '修好了登录 bug', plan: '联调' });
    expect(values('just one line')).toEqual({ done: 'just one line' });
  });

  it('keeps continuation lines with the labelled field until the next label', () => {
    const text = '今天计划：\n- 联调支付\n- 写文档\n\n遇到问题：无法登录\n  只在 Safari 上';
    expect(values(text)).toEqual({ plan: '- 联调支付\n- 写文档', issues: '无法登录\n  只在 Safari 上' });
  });

  it('joins a text field named twice', () => {
    expect(values('Plan: a\nDone: x\nPlan: b')).toEqual({ plan: 'a\nb', done: 'x' });
  });
});

describe('parseDailyText: number fields', () => {
  it('takes the first number of its line, with units and thousands separators', () => {
    expect(values('新增好友数：120人\n朋友圈发布数: 6条', kpiFields)).toEqual({ new_friends: 120, posts: 6 });
    expect(values('New friends: 1,234\nmoments posts: ５', kpiFields)).toEqual({
      new_friends: 1234,
      posts: 5,
    });
  });

  it('reads the number from the next line when its own line has none after the label', () => {
    expect(values('New friends:\n130 (weekend event)', kpiFields)).toEqual({ new_friends: 130 });
  });

  it('sends lines after a number line back to the first field', () => {
    expect(values('新增好友数：120\n和客户开了会', kpiFields)).toEqual({
      new_friends: 120,
      done: '和客户开了会',
    });
  });

  it("refuses a non-number, naming the field in the reader's language", () => {
    expect(parseDailyText('New friends: many', kpiFields, 'en')).toEqual({
      error: { key: 'daily.parse.not_number', params: { field: 'New friends', value: 'many' } },
    });
    expect(parseDailyText('New friends: many', kpiFields, 'zh-CN')).toEqual({
      error: { key: 'daily.parse.not_number', params: { field: '新增好友数', value: 'many' } },
    });
  });

  it('refuses a number field given twice', () => {
    expect(parseDailyText('新增好友数：1\n新增好友数：2', kpiFields, 'zh-CN')).toEqual({
      error: { key: 'daily.parse.number_twice', params: { field: '新增好友数' } },
    });
  });
});

describe('parseDailyText: refusals and edits', () => {
  it('refuses an empty report and an over-long answer', () => {
    expect(parseDailyText('  \n ', seedFields, 'en')).toEqual({
      error: { key: 'daily.parse.empty', params: {} },
    });
    const long = `Plan: ${'x'.repeat(3001)}`;
    expect(parseDailyText(long, seedFields, 'en')).toEqual({
      error: { key: 'daily.parse.too_long', params: { field: 'Plan for today', max: 3000 } },
    });
  });

  it('filing again replaces the named fields, keeps the others, clears named-but-empty ones', () => {
    const first = parseDailyText('昨天完成：A\n今天计划：B\n遇到问题：C', seedFields, 'zh-CN');
    if ('error' in first) throw new Error('refused');
    const day = editReport(null, first, seedFields, 'zh-CN');
    const again = parseDailyText('今天计划：B2\n遇到问题：', seedFields, 'zh-CN');
    if ('error' in again || 'error' in day) throw new Error('refused');
    expect(again.cleared).toEqual(['issues']);
    expect(editReport(day.values, again, seedFields, 'zh-CN')).toEqual({ values: { done: 'A', plan: 'B2' } });
  });

  it('refuses a report without a required field', () => {
    const fields = seedFields.map((f) => (f.key === 'plan' ? { ...f, required: true } : f));
    const parsed = parseDailyText('昨天完成：A', fields, 'en');
    if ('error' in parsed) throw new Error('refused');
    expect(editReport(null, parsed, fields, 'en')).toEqual({
      error: { key: 'daily.parse.missing', params: { field: 'Plan for today' } },
    });
  });
});
