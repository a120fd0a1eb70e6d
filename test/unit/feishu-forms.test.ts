import { describe, expect, it } from 'vitest';
import { checkFields, type Form, type FormWords } from '../../src/core/form.ts';
import {
  FORM_NAME,
  formCard,
  formSessionOf,
  readFormValues,
  refusedFormAnswer,
} from '../../src/platforms/feishu/forms.ts';

type El = Record<string, unknown>;
const decode = (s: string) => s.replace(/&#(\d+);/g, (_m, n: string) => String.fromCharCode(Number(n)));

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

const form: Form = {
  id: 'daily.report',
  title: '今日日报',
  submitLabel: '提交',
  cancelLabel: '取消',
  intro: '请在 *09:15* 前填写',
  fields: [
    {
      key: 'done',
      kind: 'text',
      label: '昨天完成',
      required: true,
      placeholder: '一句话',
      initial: '发布 1.2',
    },
    { key: 'plan', kind: 'multiline', label: '今天计划', hint: '每行一项' },
    {
      key: 'friends',
      kind: 'number',
      label: '新增好友数',
      min: 0,
      max: 500,
      unit: '人',
      integer: true,
      initial: 120,
    },
    {
      key: 'mood',
      kind: 'select',
      label: '状态',
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
      ],
      initial: ['app', 'gone'],
    },
    { key: 'helper', kind: 'user', label: '需要谁支持', initial: 'ou_lead' },
    { key: 'due', kind: 'date', label: '截止', initial: '2026-11-20' },
  ],
};

function parts(card: object) {
  const elements = (card as { elements: El[] }).elements;
  const container = elements.find((e) => e.tag === 'form') as { name: string; elements: El[] };
  const control = (name: string) => container.elements.find((e) => e.name === name);
  return { elements, container, control };
}

describe('formCard', () => {
  const card = formCard(form, 'sess_1') as { config: object; header: El };
  const { elements, container, control } = parts(card);

  it('has the title header, the intro, the form container at the root, then the cancel button', () => {
    expect(card.header).toEqual({ template: 'blue', title: { tag: 'plain_text', content: '今日日报' } });
    expect(card.config).toEqual({ wide_screen_mode: true, update_multi: true });
    expect(elements.map((e) => e.tag)).toEqual(['div', 'form', 'action']);
    expect(decode((elements[0]?.text as { content: string } | undefined)?.content ?? '')).toBe(
      '请在 *09:15* 前填写',
    );
    expect(container.name).toBe(FORM_NAME);
    const cancel = ((elements[2]?.actions ?? []) as El[])[0];
    expect(cancel).toMatchObject({ tag: 'button', value: { formSession: 'sess_1', formCancel: true } });
    expect(cancel?.action_type).toBeUndefined();
  });

  it('maps every field kind to its component with name, required flag, initial value and placeholder', () => {
    expect(control('done')).toMatchObject({
      tag: 'input',
      input_type: 'text',
      required: true,
      default_value: '发布 1.2',
      max_length: 200,
      placeholder: { tag: 'plain_text', content: '一句话' },
    });
    expect(control('plan')).toMatchObject({
      tag: 'input',
      input_type: 'multiline_text',
      required: false,
      max_length: 1000,
    });
    expect(control('plan')?.default_value).toBeUndefined();
    expect(control('friends')).toMatchObject({ tag: 'input', input_type: 'text', default_value: '120' });
    expect(control('mood')).toMatchObject({
      tag: 'select_static',
      initial_option: 'good',
      placeholder: { tag: 'plain_text', content: '状态' },
      options: [
        { text: { tag: 'plain_text', content: '顺利' }, value: 'good' },
        { text: { tag: 'plain_text', content: '受阻' }, value: 'blocked' },
      ],
    });
    expect(control('areas')).toMatchObject({ tag: 'multi_select_static', selected_values: ['app'] });
    expect(control('helper')).toMatchObject({ tag: 'select_person', initial_option: 'ou_lead' });
    expect(control('due')).toMatchObject({ tag: 'date_picker', initial_date: '2026-11-20' });
  });

  it('labels each field (a red star when required) and shows hints, the number range and unit', () => {
    const texts = container.elements
      .filter((e) => e.tag === 'div')
      .map((e) => decode((e.text as { content: string }).content));
    expect(texts).toContain("**昨天完成** <font color='red'>*</font>");
    expect(texts).toContain('**今天计划**');
    expect(texts).toContain("<font color='grey'>每行一项</font>");
    expect(texts).toContain("<font color='grey'>0–500 人</font>");
    const at = container.elements.findIndex((e) => e.name === 'friends');
    expect(decode((container.elements[at + 1]?.text as { content: string } | undefined)?.content ?? '')).toBe(
      "<font color='grey'>0–500 人</font>",
    );
  });

  it('ends the form with the submit button carrying the session', () => {
    const submit = container.elements[container.elements.length - 1];
    expect(submit).toMatchObject({
      tag: 'button',
      action_type: 'form_submit',
      type: 'primary',
      text: { tag: 'plain_text', content: '提交' },
      value: { formSession: 'sess_1' },
    });
    const names = container.elements.map((e) => e.name).filter(Boolean);
    expect(new Set(names).size).toBe(names.length);
  });

  it('shows a refusal in red right under its field, escaped', () => {
    const { container: c } = parts(formCard(form, 's', { errors: { friends: '不能大于 <500>' } }));
    const at = c.elements.findIndex((e) => e.name === 'friends');
    const after = c.elements.slice(at + 1, at + 3).map((e) => (e.text as { content: string }).content);
    expect(after[1]?.startsWith("<font color='red'>")).toBe(true);
    expect(decode(after[1] ?? '')).toBe("<font color='red'>不能大于 <500></font>");
    expect(after[1]).not.toContain('<500>');
  });
});

describe('reading a submission', () => {
  // action.form_value as Feishu sends it: text as typed, select values, a list for the
  // multi-select, the chosen person's open_id, the date with the client's offset.
  const formValue = {
    done: ' 发布 1.3 ',
    plan: '评审\n上线',
    friends: '130人',
    mood: 'blocked',
    areas: ['web', 'app'],
    helper: 'ou_cat',
    due: '2026-11-21 +0800',
  };

  it('round-trips every kind through checkFields', () => {
    const raw = readFormValues(formValue, form);
    expect(raw).toEqual({
      done: ' 发布 1.3 ',
      plan: '评审\n上线',
      friends: '130人',
      mood: 'blocked',
      areas: ['web', 'app'],
      helper: 'ou_cat',
      due: '2026-11-21',
    });
    expect(checkFields(form, raw, words)).toEqual({
      values: {
        done: '发布 1.3',
        plan: '评审\n上线',
        friends: 130,
        mood: 'blocked',
        areas: ['web', 'app'],
        helper: 'ou_cat',
        due: '2026-11-21',
      },
    });
  });

  it('takes the form shape: a lone multi-select value becomes a list, option objects their value, unknown names dropped', () => {
    const raw = readFormValues({ areas: 'web', mood: [{ value: 'good' }], junk: 'x' }, form);
    expect(raw).toEqual({ areas: ['web'], mood: 'good' });
    expect(readFormValues({ a: 'x', b: ['1', { value: '2' }], c: 3 })).toEqual({
      a: 'x',
      b: ['1', '2'],
      c: '3',
    });
    expect(readFormValues(undefined, form)).toEqual({});
  });

  it('leaves empty optional fields empty so checkFields passes them as null', () => {
    const raw = readFormValues({ done: 'x', friends: '' }, form);
    const checked = checkFields(form, raw, words);
    expect(checked).toEqual({
      values: { done: 'x', plan: null, friends: null, mood: null, areas: [], helper: null, due: null },
    });
  });

  it('finds the session of a submit or cancel click, in object or JSON form, and nothing else', () => {
    expect(formSessionOf({ tag: 'button', value: { formSession: 's1' }, form_value: formValue })).toEqual({
      sessionId: 's1',
      cancelled: false,
    });
    expect(formSessionOf({ value: JSON.stringify({ formSession: 's1', formCancel: true }) })).toEqual({
      sessionId: 's1',
      cancelled: true,
    });
    expect(formSessionOf({ value: { actionId: 'ticket.ack', value: '1' } })).toBeUndefined();
    expect(formSessionOf(undefined)).toBeUndefined();
  });
});

describe('answering a refused submission', () => {
  it('is an error toast and the form again with what was typed and the reasons', () => {
    const raw = readFormValues({ done: '', friends: '900', mood: 'good', due: '2026-11-22 +0800' }, form);
    const checked = checkFields(form, raw, words);
    if (!('errors' in checked)) throw new Error('expected refusals');
    const answer = refusedFormAnswer(form, 'sess_2', raw, checked.errors, '请修改标红的项');
    expect(answer.toast).toEqual({ type: 'error', content: '请修改标红的项' });
    expect(answer.card.type).toBe('raw');
    const { control, container } = parts(answer.card.data);
    expect(control('friends')?.default_value).toBe('900');
    expect(control('due')?.initial_date).toBe('2026-11-22');
    const reds = container.elements
      .map((e) => decode((e.text as { content?: string } | undefined)?.content ?? ''))
      .filter((t) => t.startsWith("<font color='red'>") && !t.endsWith('*</font>'));
    expect(reds).toEqual(["<font color='red'>必填</font>", "<font color='red'>不能大于 500</font>"]);
    expect(container.elements[container.elements.length - 1]?.value).toEqual({ formSession: 'sess_2' });
  });
});
