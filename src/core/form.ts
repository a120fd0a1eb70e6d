/**
 * Forms in the neutral model: a module describes what it asks (fields with labels in the reader's
 * language, required flags, defaults, limits), each platform shows it its own way (a Slack modal
 * opened from a click's trigger_id, a Feishu card `form` container, one console prompt per field),
 * and the answer comes back as one `form_submit` event with the raw values. The session that opened
 * a form is kept server-side (Slack's private_metadata holds only 3,000 characters): platforms carry
 * only its id. Checking the values is split in two: `checkFields` (here, pure) enforces what the
 * form itself says (required, number limits, option lists, date shape), the owning module then
 * validates meaning with zod. A refused value is answered with the field and the reason, and what
 * was typed is kept.
 */
import type { RichText } from './message.ts';

interface FieldBase {
  /** The value's name in the submission. */
  key: string;
  label: string;
  placeholder?: string;
  /** One line of help under the field. */
  hint?: string;
  required?: boolean;
}

export type FormField = FieldBase &
  (
    | { kind: 'text'; initial?: string; maxLength?: number }
    | { kind: 'multiline'; initial?: string; maxLength?: number }
    | { kind: 'number'; initial?: number; min?: number; max?: number; unit?: string; integer?: boolean }
    | { kind: 'select'; options: FormOption[]; initial?: string }
    | { kind: 'multiselect'; options: FormOption[]; initial?: string[] }
    /** A platform user id (a Slack user picker; Feishu and the console take an @mention or id). */
    | { kind: 'user'; initial?: string }
    /** `YYYY-MM-DD`. */
    | { kind: 'date'; initial?: string }
  );

export type FormFieldKind = FormField['kind'];

export interface FormOption {
  value: string;
  label: string;
}

export interface Form {
  /**
   * Routes the submission to its module by prefix: `ticket.new`, `daily.report`. Together with the
   * session's `context` it is everything the owner needs to act on the answer.
   */
  id: string;
  title: string;
  submitLabel: string;
  cancelLabel?: string;
  /** Text above the fields. */
  intro?: RichText;
  fields: FormField[];
}

/** What a platform hands back: every field's raw value (strings; lists for multi-selects). */
export type RawFormValues = Record<string, string | string[] | undefined>;

/** Values after `checkFields`: numbers parsed, empties as null. */
export type FormValues = Record<string, string | string[] | number | null>;

/** Field key → the reason it was refused, in the reader's language. */
export type FieldErrors = Record<string, string>;

/** The words `checkFields` needs, in the reader's language (core/i18n `form.*`). */
export interface FormWords {
  required: string;
  notNumber: string;
  notInteger: string;
  /** `{min}` */
  tooSmall: string;
  /** `{max}` */
  tooLarge: string;
  /** `{max}` */
  tooLong: string;
  badOption: string;
  badDate: string;
  badUser: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** The first number in a text (`120人` → 120, `1,234.5` → 1234.5, `-3` → -3), or null. */
export function firstNumber(text: string): number | null {
  const m = /-?\d[\d,，]*(?:\.\d+)?/.exec(
    text.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)),
  );
  if (!m) return null;
  const n = Number(m[0].replace(/[,，]/g, ''));
  return Number.isFinite(n) ? n : null;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

function one(raw: string | string[] | undefined): string {
  return (Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? '')).trim();
}

/** Checks one field; returns its value or the reason it is refused. */
function checkField(
  field: FormField,
  raw: string | string[] | undefined,
  w: FormWords,
): { value: FormValues[string] } | { error: string } {
  if (field.kind === 'multiselect') {
    const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).map((v) => v.trim()).filter(Boolean);
    if (!list.length) return field.required ? { error: w.required } : { value: [] };
    if (list.some((v) => !field.options.some((o) => o.value === v))) return { error: w.badOption };
    return { value: list };
  }
  const text = one(raw);
  if (!text) return field.required ? { error: w.required } : { value: null };
  switch (field.kind) {
    case 'text':
    case 'multiline': {
      const max = field.maxLength ?? (field.kind === 'text' ? 200 : 3000);
      return text.length > max ? { error: fill(w.tooLong, { max }) } : { value: text };
    }
    case 'number': {
      const n = firstNumber(text);
      if (n === null) return { error: w.notNumber };
      if (field.integer && !Number.isInteger(n)) return { error: w.notInteger };
      if (field.min !== undefined && n < field.min) return { error: fill(w.tooSmall, { min: field.min }) };
      if (field.max !== undefined && n > field.max) return { error: fill(w.tooLarge, { max: field.max }) };
      return { value: n };
    }
    case 'select':
      return field.options.some((o) => o.value === text) ? { value: text } : { error: w.badOption };
    case 'date':
      return isIsoDate(text) ? { value: text } : { error: w.badDate };
    case 'user': {
      const id = /^<@([^>|]+)(\|[^>]*)?>$/.exec(text)?.[1] ?? text.replace(/^[@＠]/, '');
      return /^[\w.\-:]{1,64}$/.test(id) ? { value: id } : { error: w.badUser };
    }
  }
}

/**
 * What the form itself requires, checked for every field: the parsed values, or the refused fields
 * with their reasons (the platform shows them next to the fields and keeps what was typed).
 */
export function checkFields(
  form: Form,
  raw: RawFormValues,
  words: FormWords,
): { values: FormValues } | { errors: FieldErrors } {
  const values: FormValues = {};
  const errors: FieldErrors = {};
  for (const field of form.fields) {
    const result = checkField(field, raw[field.key], words);
    if ('error' in result) errors[field.key] = result.error;
    else values[field.key] = result.value;
  }
  return Object.keys(errors).length ? { errors } : { values };
}

/** The form with what the user typed as the initial values (shown again after a refusal). */
export function withInitial(form: Form, raw: RawFormValues): Form {
  return {
    ...form,
    fields: form.fields.map((f): FormField => {
      const v = raw[f.key];
      if (v === undefined) return f;
      if (f.kind === 'multiselect') return { ...f, initial: Array.isArray(v) ? v : [v] };
      const text = one(v);
      if (f.kind === 'number') {
        const n = firstNumber(text);
        return n === null ? f : { ...f, initial: n };
      }
      return { ...f, initial: text } as FormField;
    }),
  };
}
