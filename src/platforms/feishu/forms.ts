/**
 * Neutral forms as Feishu cards, and their submissions read back. A form is a card (JSON 1.0)
 * whose root holds one `form` container (Feishu allows it only at the root) with a labelled
 * control per field and a `form_submit` button whose value names the server-side session. The
 * values come back in the card.action.trigger callback as `action.form_value` (field name →
 * value), which must be answered within 3 s: a refused submission is answered with a toast and
 * the same card again (`card: { type: 'raw', data }`), showing each reason in red under its field
 * and keeping what was typed.
 *
 * Field kinds → JSON 1.0 components: text / multiline → `input` (`input_type` text /
 * multiline_text; Feishu caps `max_length` at 1000); number → `input` with the range and unit as
 * a hint (there is no number input); select → `select_static`; multiselect →
 * `multi_select_static` (only allowed inside a form); user → `select_person` (no candidate list:
 * Feishu offers the chat's members); date → `date_picker` (sends `YYYY-MM-DD +0800`).
 */
import type { FieldErrors, Form, FormField, FormFieldKind, RawFormValues } from '../../core/form.ts';
import { isIsoDate, withInitial } from '../../core/form.ts';
import type { CardTone } from '../../core/message.ts';
import { escapeMd, isOpenId, TEMPLATE, toMarkdown } from './render.ts';

/** The name of the form container in the card. */
export const FORM_NAME = 'sopbot_form';
const SUBMIT_NAME = 'sopbot_form_submit';
/** Feishu's longest input. */
const INPUT_MAX = 1000;

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const plain = (content: string, max = 100) => ({
  tag: 'plain_text',
  content: content.length > max ? `${content.slice(0, max - 1)}…` : content,
});
const md = (content: string) => ({ tag: 'div', text: { tag: 'lark_md', content } });

export interface FormCardOptions {
  /** Reasons by field key, shown in red under the fields (after a refused submission). */
  errors?: FieldErrors;
  /** Header colour; default info (blue). */
  tone?: CardTone;
  /** update_multi, so the card can be patched for everyone later. Default true. */
  shared?: boolean;
}

/** `0–100 人`, `≥ 1`, `≤ 5 h`: a number field's limits and unit, in symbols every language reads. */
export function numberHint(field: Extract<FormField, { kind: 'number' }>): string {
  const { min, max, unit } = field;
  const range =
    min !== undefined && max !== undefined
      ? `${min}–${max}`
      : min !== undefined
        ? `≥ ${min}`
        : max !== undefined
          ? `≤ ${max}`
          : '';
  return [range, unit].filter(Boolean).join(' ');
}

function hintOf(field: FormField): string {
  const extra = field.kind === 'number' ? numberHint(field) : '';
  return [field.hint, extra].filter(Boolean).join(' · ');
}

function input(field: FormField, type: 'text' | 'multiline_text', maxLength: number, initial?: string) {
  return {
    tag: 'input',
    name: field.key,
    required: !!field.required,
    input_type: type,
    ...(type === 'multiline_text' ? { rows: 4, auto_resize: true } : {}),
    max_length: Math.min(maxLength, INPUT_MAX),
    width: 'fill',
    ...(field.placeholder ? { placeholder: plain(field.placeholder) } : {}),
    ...(initial ? { default_value: initial } : {}),
  };
}

const optionJson = (o: { value: string; label: string }) => ({ text: plain(o.label), value: o.value });

/** The component for one field, with its required flag, initial value and placeholder. */
function control(field: FormField): object {
  const base = {
    name: field.key,
    required: !!field.required,
    width: 'fill',
    placeholder: plain(field.placeholder ?? field.label),
  };
  switch (field.kind) {
    case 'text':
      return input(field, 'text', field.maxLength ?? 200, field.initial);
    case 'multiline':
      return input(field, 'multiline_text', field.maxLength ?? 3000, field.initial);
    case 'number':
      return input(field, 'text', 50, field.initial === undefined ? undefined : String(field.initial));
    case 'select': {
      const initial = field.options.some((o) => o.value === field.initial) ? field.initial : undefined;
      const options = field.options.map(optionJson);
      return { tag: 'select_static', ...base, options, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'multiselect': {
      const selected = (field.initial ?? []).filter((v) => field.options.some((o) => o.value === v));
      return {
        tag: 'multi_select_static',
        ...base,
        options: field.options.map(optionJson),
        selected_values: selected,
      };
    }
    case 'user':
      return {
        tag: 'select_person',
        ...base,
        ...(field.initial && isOpenId(field.initial) ? { initial_option: field.initial } : {}),
      };
    case 'date':
      return {
        tag: 'date_picker',
        ...base,
        ...(field.initial && isIsoDate(field.initial) ? { initial_date: field.initial } : {}),
      };
  }
}

/** Label (a red `*` when required), the control, the hint in grey, the refusal in red. */
function fieldElements(field: FormField, error: string | undefined): object[] {
  const star = field.required ? " <font color='red'>*</font>" : '';
  const out: object[] = [md(`**${escapeMd(field.label)}**${star}`), control(field)];
  const hint = hintOf(field);
  if (hint) out.push(md(`<font color='grey'>${escapeMd(hint)}</font>`));
  if (error) out.push(md(`<font color='red'>${escapeMd(error)}</font>`));
  return out;
}

/** The form as a card: title header, intro, the form container, a cancel button below it. */
export function formCard(form: Form, sessionId: string, opts: FormCardOptions = {}): object {
  const errors = opts.errors ?? {};
  const submit = {
    tag: 'button',
    name: SUBMIT_NAME,
    action_type: 'form_submit',
    type: 'primary',
    text: plain(form.submitLabel, 40),
    value: { formSession: sessionId },
  };
  const elements: object[] = [];
  if (form.intro) elements.push(md(toMarkdown(form.intro, 2000)));
  elements.push({
    tag: 'form',
    name: FORM_NAME,
    elements: [...form.fields.flatMap((f) => fieldElements(f, errors[f.key])), submit],
  });
  if (form.cancelLabel) {
    const cancel = {
      tag: 'button',
      type: 'default',
      text: plain(form.cancelLabel, 40),
      value: { formSession: sessionId, formCancel: true },
    };
    elements.push({ tag: 'action', actions: [cancel] });
  }
  return {
    config: { wide_screen_mode: true, ...(opts.shared !== false ? { update_multi: true } : {}) },
    header: { template: TEMPLATE[opts.tone ?? 'info'], title: plain(form.title, 150) },
    elements,
  };
}

function json(text: unknown): Raw {
  if (typeof text !== 'string') return obj(text);
  try {
    return obj(JSON.parse(text));
  } catch {
    return {};
  }
}

/**
 * The form session a callback's `action` belongs to: the submit button's value (`cancelled`
 * false) or the cancel button's; undefined for any other click.
 */
export function formSessionOf(action: unknown): { sessionId: string; cancelled: boolean } | undefined {
  const value = json(obj(action).value);
  const sessionId = value.formSession;
  if (typeof sessionId !== 'string' || !sessionId) return undefined;
  return { sessionId, cancelled: value.formCancel === true };
}

/** A submitted option: a string, or an object with `value` (some clients send option objects). */
function optionValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const value = obj(v).value;
  return typeof value === 'string' ? value : '';
}

function readOne(v: unknown, kind: FormFieldKind | undefined): string | string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) {
    const list = v.map(optionValue).filter(Boolean);
    return kind && kind !== 'multiselect' ? list[0] : list;
  }
  const text = optionValue(v);
  if (kind === 'multiselect') return text ? [text] : [];
  // The date picker sends the day with the client's offset: `2026-11-20 +0800`.
  if (kind === 'date') return /^(\d{4}-\d{2}-\d{2})(?:[ T]|$)/.exec(text.trim())?.[1] ?? text;
  return text;
}

/**
 * `action.form_value` as the neutral raw values. With the form, only its fields are read and
 * each value takes its field's shape (a list for multi-selects, the day for dates); without
 * it, every name is read as sent.
 */
export function readFormValues(formValue: unknown, form?: Form): RawFormValues {
  const values = obj(formValue);
  const out: RawFormValues = {};
  const fields: { key: string; kind?: FormFieldKind }[] = form
    ? form.fields
    : Object.keys(values).map((key) => ({ key }));
  for (const { key, kind } of fields) {
    const value = readOne(values[key], kind);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * The callback answer to a refused submission (Feishu waits 3 s for it): an error toast and the
 * form again, with the reasons under the fields and what was typed kept.
 */
export function refusedFormAnswer(
  form: Form,
  sessionId: string,
  raw: RawFormValues,
  errors: FieldErrors,
  toast: string,
  opts: Omit<FormCardOptions, 'errors'> = {},
): { toast: { type: 'error'; content: string }; card: { type: 'raw'; data: object } } {
  return {
    toast: { type: 'error', content: toast },
    card: { type: 'raw', data: formCard(withInitial(form, raw), sessionId, { ...opts, errors }) },
  };
}
