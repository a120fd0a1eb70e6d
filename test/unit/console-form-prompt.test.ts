import { describe, expect, it } from 'vitest';
import { checkFields, type Form, type FormWords } from '../../src/core/form.ts';
import { type PromptLabels, type PromptStep, startForm } from '../../src/platforms/console/form-prompt.ts';

const words: FormWords = {
  required: '必填',
  notNumber: '请输入数字',
  notInteger: '请输入整数',
  tooSmall: '不能小于 {min}',
  tooLarge: '不能大于 {max}',
  tooLong: '最多 {max} 字',
  badOption: '无效选项',
  badDate: '日期格式应为 YYYY-MM-DD',
  badUser: '无效用户',
};

const labels: PromptLabels = {
  cancelHint: '输入 :cancel 取消。',
  choicesHint: '输入序号或取值。',
  multiHint: '可多选，用逗号分隔（1,3）。',
  skipHint: '输入 - 或直接回车跳过。',
  defaultHint: '直接回车保留：{value}',
};

const form: Form = {
  id: 'daily.report',
  title: '今日日报',
  submitLabel: '提交',
  intro: '请在 09:15 前填写',
  fields: [
    { key: 'done', kind: 'text', label: '昨天完成', required: true },
    { key: 'friends', kind: 'number', label: '新增好友数', min: 0, max: 500, unit: '人', integer: true },
    {
      key: 'mood',
      kind: 'select',
      label: '状态',
      required: true,
      options: [
        { value: 'good', label: '顺利' },
        { value: 'blocked', label: '受阻' },
      ],
      initial: 'good',
    },
    {
      key: 'areas',
      kind: 'multiselect',
      label: '涉及',
      options: [
        { value: 'web', label: 'Web' },
        { value: 'app', label: 'App' },
        { value: 'ops', label: '运维' },
      ],
    },
    { key: 'helper', kind: 'user', label: '需要谁支持', hint: '@名字或 id' },
    { key: 'due', kind: 'date', label: '截止', initial: '2026-11-20' },
  ],
};

const promptOf = (step: PromptStep): string => {
  if (!('prompt' in step)) throw new Error(`expected a prompt, got ${JSON.stringify(step)}`);
  return step.prompt;
};

describe('console form prompt', () => {
  it('starts with the title, intro, the cancel hint and the first question', () => {
    const { prompt } = startForm(form, words, labels);
    expect(prompt.split('\n')).toEqual([
      '今日日报',
      '请在 09:15 前填写',
      '输入 :cancel 取消。',
      '(1/6) 昨天完成 *',
    ]);
  });

  it('asks one field at a time, refusing bad values with the reason, and ends with the raw values', () => {
    const p = startForm(form, words, labels);
    expect(promptOf(p.answer(''))).toBe('⚠ 必填\n(1/6) 昨天完成 *');
    const friends = promptOf(p.answer('  发布 1.3  '));
    expect(friends.split('\n')).toEqual(['(2/6) 新增好友数', '  0–500 人', '  输入 - 或直接回车跳过。']);
    expect(promptOf(p.answer('很多')).split('\n')[0]).toBe('⚠ 请输入数字');
    expect(promptOf(p.answer('900')).split('\n')[0]).toBe('⚠ 不能大于 500');
    expect(promptOf(p.answer('12.5')).split('\n')[0]).toBe('⚠ 请输入整数');
    const mood = promptOf(p.answer('120人'));
    expect(mood.split('\n')).toEqual([
      '(3/6) 状态 *',
      '  [1] 顺利 (good)',
      '  [2] 受阻 (blocked)',
      '  输入序号或取值。',
      '  直接回车保留：顺利',
    ]);
    expect(promptOf(p.answer('7')).split('\n')[0]).toBe('⚠ 无效选项');
    const areas = promptOf(p.answer('2'));
    expect(areas).toContain('  [3] 运维 (ops)');
    expect(areas).toContain('  可多选，用逗号分隔（1,3）。');
    expect(promptOf(p.answer('1，运维, web')).split('\n')[0]).toBe('(5/6) 需要谁支持');
    expect(promptOf(p.answer('<@U0 bad>')).split('\n')[0]).toBe('⚠ 无效用户');
    const due = promptOf(p.answer('@U0CAT'));
    expect(due).toContain('  直接回车保留：2026-11-20');
    expect(promptOf(p.answer('2026-02-30')).split('\n')[0]).toBe('⚠ 日期格式应为 YYYY-MM-DD');
    const end = p.answer('');
    expect(end).toEqual({
      done: {
        done: '发布 1.3',
        friends: '120人',
        mood: 'blocked',
        areas: ['web', 'ops'],
        helper: '@U0CAT',
        due: '2026-11-20',
      },
    });
    if (!('done' in end)) throw new Error('not done');
    expect(checkFields(form, end.done, words)).toEqual({
      values: {
        done: '发布 1.3',
        friends: 120,
        mood: 'blocked',
        areas: ['web', 'ops'],
        helper: 'U0CAT',
        due: '2026-11-20',
      },
    });
  });

  it('takes defaults on an empty line, skips optional fields on - or empty, and refuses - on required ones', () => {
    const p = startForm(form, words, labels);
    p.answer('x');
    p.answer('-');
    expect(promptOf(p.answer('-')).split('\n')[0]).toBe('⚠ 必填');
    p.answer('');
    p.answer('');
    p.answer('-');
    expect(p.answer('-')).toEqual({ done: { done: 'x', mood: 'good' } });
  });

  it('accepts a select option by its label too', () => {
    const p = startForm(form, words, labels);
    p.answer('x');
    p.answer('');
    p.answer('受阻');
    p.answer('APP');
    p.answer('');
    expect(p.answer('2026-12-01')).toEqual({
      done: { done: 'x', mood: 'blocked', areas: ['app'], due: '2026-12-01' },
    });
  });

  it('cancels on :cancel at any question', () => {
    const p = startForm(form, words, labels);
    p.answer('x');
    expect(p.answer(' :cancel ')).toEqual({ cancelled: true });
  });
});
