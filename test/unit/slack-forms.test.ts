import { describe, expect, it } from 'vitest';
import { checkFields, type Form, type FormWords } from '../../src/core/form.ts';
import { span } from '../../src/core/message.ts';
import {
  errorsResponse,
  FORM_VIEW,
  formSessionOf,
  formView,
  readFormValues,
} from '../../src/platforms/slack/forms.ts';

type B = Record<string, unknown>;

const form: Form = {
  id: 'daily.report',
  title: 'Daily report for the support team',
  submitLabel: 'Submit',
  cancelLabel: 'Later',
  intro: [span.text('Today <2026-03-02> for '), span.mention('U0ANN')],
  fields: [
    { key: 'done', kind: 'text', label: 'Done', required: true, maxLength: 100, initial: 'triage' },
    { key: 'plan', kind: 'multiline', label: 'Plan', placeholder: 'One per line', hint: 'Be brief' },
    {
      key: 'friends',
      kind: 'number',
      label: 'New friends',
      unit: '人',
      min: 0,
      max: 500,
      integer: true,
      initial: 80,
    },
    {
      key: 'mood',
      kind: 'select',
      label: 'Mood',
      options: [
        { value: 'good', label: 'Good' },
        { value: 'bad', label: 'Bad' },
      ],
      initial: 'good',
    },
    {
      key: 'areas',
      kind: 'multiselect',
      label: 'Areas',
      options: [
        { value: 'billing', label: 'Billing' },
        { value: 'tech', label: 'Technical' },
        { value: 'other', label: 'Other' },
      ],
      initial: ['tech', 'other'],
    },
    { key: 'buddy', kind: 'user', label: 'Buddy', initial: 'U0BOB' },
    { key: 'off', kind: 'date', label: 'Next day off', initial: '2026-03-09' },
  ],
};

const WORDS: FormWords = {
  required: 'required',
  notNumber: 'not a number',
  notInteger: 'not whole',
  tooSmall: 'at least {min}',
  tooLarge: 'at most {max}',
  tooLong: 'at most {max} characters',
  badOption: 'not an option',
  badDate: 'not a date',
  badUser: 'not a user',
};

function elementOf(view: B, key: string): B {
  const block = (view.blocks as B[]).find((b) => b.block_id === key);
  return block?.element as B;
}

/** The view Slack sends back on submit: the view as opened plus `state.values` (Slack's shape). */
function submitted(view: B, values: Record<string, B>): B {
  const state: Record<string, Record<string, B>> = {};
  for (const [key, value] of Object.entries(values)) state[key] = { value };
  return { ...view, id: 'V0FORM', state: { values: state } };
}

describe('slack form modals', () => {
  const view = formView(form, 'sess-42');

  it('opens as a sopbot.form modal carrying only the session id, labels cut to Slack’s limits', () => {
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: FORM_VIEW,
      private_metadata: '{"s":"sess-42"}',
      title: { type: 'plain_text', text: 'Daily report for the su…' },
      submit: { type: 'plain_text', text: 'Submit' },
      close: { type: 'plain_text', text: 'Later' },
    });
    expect((view.title as { text: string }).text.length).toBe(24);
    expect((view.blocks as B[])[0]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'Today &lt;2026-03-02&gt; for <@U0ANN>', verbatim: true },
    });
  });

  it('asks every field as an input block keyed by the field, with its initial value', () => {
    const inputs = (view.blocks as B[]).slice(1);
    expect(inputs.map((b) => [b.type, b.block_id, b.optional])).toEqual([
      ['input', 'done', false],
      ['input', 'plan', true],
      ['input', 'friends', true],
      ['input', 'mood', true],
      ['input', 'areas', true],
      ['input', 'buddy', true],
      ['input', 'off', true],
    ]);
    expect(elementOf(view, 'done')).toEqual({
      type: 'plain_text_input',
      action_id: 'value',
      max_length: 100,
      initial_value: 'triage',
    });
    expect(elementOf(view, 'plan')).toEqual({
      type: 'plain_text_input',
      action_id: 'value',
      max_length: 3000,
      multiline: true,
      placeholder: { type: 'plain_text', text: 'One per line', emoji: true },
    });
    expect(inputs[1]?.hint).toEqual({ type: 'plain_text', text: 'Be brief', emoji: true });
    expect(inputs[2]?.label).toEqual({ type: 'plain_text', text: 'New friends (人)', emoji: true });
    expect(elementOf(view, 'friends')).toEqual({
      type: 'number_input',
      action_id: 'value',
      is_decimal_allowed: false,
      min_value: '0',
      max_value: '500',
      initial_value: '80',
    });
    const good = { text: { type: 'plain_text', text: 'Good', emoji: true }, value: 'good' };
    expect(elementOf(view, 'mood')).toMatchObject({
      type: 'static_select',
      action_id: 'value',
      initial_option: good,
    });
    expect(elementOf(view, 'areas')).toMatchObject({
      type: 'multi_static_select',
      initial_options: [
        { text: { type: 'plain_text', text: 'Technical', emoji: true }, value: 'tech' },
        { text: { type: 'plain_text', text: 'Other', emoji: true }, value: 'other' },
      ],
    });
    expect(elementOf(view, 'buddy')).toEqual({
      type: 'users_select',
      action_id: 'value',
      initial_user: 'U0BOB',
    });
    expect(elementOf(view, 'off')).toEqual({
      type: 'datepicker',
      action_id: 'value',
      initial_date: '2026-03-09',
    });
  });

  it('reads every kind back from a view_submission and checks it', () => {
    const values = readFormValues(
      submitted(view, {
        done: { type: 'plain_text_input', value: 'Closed #41' },
        plan: { type: 'plain_text_input', value: 'Release\nDigest' },
        friends: { type: 'number_input', value: '120' },
        mood: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Bad' }, value: 'bad' },
        },
        areas: {
          type: 'multi_static_select',
          selected_options: [
            { text: { type: 'plain_text', text: 'Billing' }, value: 'billing' },
            { text: { type: 'plain_text', text: 'Other' }, value: 'other' },
          ],
        },
        buddy: { type: 'users_select', selected_user: 'U0CAT' },
        off: { type: 'datepicker', selected_date: '2026-03-16' },
      }),
    );
    expect(values).toEqual({
      done: 'Closed #41',
      plan: 'Release\nDigest',
      friends: '120',
      mood: 'bad',
      areas: ['billing', 'other'],
      buddy: 'U0CAT',
      off: '2026-03-16',
    });
    expect(checkFields(form, values, WORDS)).toEqual({
      values: {
        done: 'Closed #41',
        plan: 'Release\nDigest',
        friends: 120,
        mood: 'bad',
        areas: ['billing', 'other'],
        buddy: 'U0CAT',
        off: '2026-03-16',
      },
    });
  });

  it('reads empty fields as undefined, so checkFields can refuse them by field', () => {
    const values = readFormValues(
      submitted(view, {
        done: { type: 'plain_text_input', value: null },
        plan: { type: 'plain_text_input', value: null },
        friends: { type: 'number_input', value: null },
        mood: { type: 'static_select', selected_option: null },
        areas: { type: 'multi_static_select', selected_options: [] },
        buddy: { type: 'users_select', selected_user: null },
        off: { type: 'datepicker', selected_date: null },
      }),
    );
    expect(values).toEqual({
      done: undefined,
      plan: undefined,
      friends: undefined,
      mood: undefined,
      areas: [],
      buddy: undefined,
      off: undefined,
    });
    const result = checkFields(form, values, WORDS);
    expect(result).toEqual({ errors: { done: 'required' } });
    expect(errorsResponse({ done: 'required' })).toEqual({
      response_action: 'errors',
      errors: { done: 'required' },
    });
  });

  it('finds its session again, and no session in other views', () => {
    expect(formSessionOf(submitted(view, {}))).toBe('sess-42');
    expect(formSessionOf({ callback_id: 'sopbot.create_ticket', private_metadata: '{"s":"x"}' })).toBeNull();
    expect(formSessionOf({ callback_id: FORM_VIEW, private_metadata: 'not json' })).toBeNull();
  });
});

describe('slack form modals refuse what Slack would', () => {
  it('leaves out initial values Slack would reject', () => {
    const view = formView(
      {
        id: 'x',
        title: 'X',
        submitLabel: 'OK',
        fields: [
          { key: 'n', kind: 'number', label: 'N', min: 1, max: 5, initial: 9 },
          { key: 'i', kind: 'number', label: 'I', integer: true, initial: 1.5 },
          { key: 'd', kind: 'number', label: 'D', initial: 0.1 },
          { key: 's', kind: 'select', label: 'S', options: [{ value: 'a', label: 'A' }], initial: 'zz' },
          { key: 'day', kind: 'date', label: 'Day', initial: '2026-02-30' },
        ],
      },
      's',
    );
    expect(elementOf(view, 'n').initial_value).toBeUndefined();
    expect(elementOf(view, 'i').initial_value).toBeUndefined();
    expect(elementOf(view, 'd')).toMatchObject({ is_decimal_allowed: true, initial_value: '0.1' });
    expect(elementOf(view, 's').initial_option).toBeUndefined();
    expect(elementOf(view, 'day').initial_date).toBeUndefined();
    expect(view.close).toBeUndefined();
  });

  it('throws for option values Slack cannot carry and for select fields without options', () => {
    const base = { id: 'x', title: 'X', submitLabel: 'OK' };
    const long = { value: 'v'.repeat(151), label: 'L' };
    expect(() =>
      formView({ ...base, fields: [{ key: 's', kind: 'select', label: 'S', options: [long] }] }, 's'),
    ).toThrow(/longer than 150/);
    expect(() =>
      formView({ ...base, fields: [{ key: 's', kind: 'multiselect', label: 'S', options: [] }] }, 's'),
    ).toThrow(/1 to 100 options/);
  });
});
