/**
 * Neutral forms (core/form.ts) as Slack modals, and their submissions back as raw values. Every
 * field is one `input` block whose `block_id` is the field's key and whose element's `action_id`
 * is `value`, so a `view_submission`'s `state.values[key].value` is that field's answer and a
 * refusal can name the field (`response_action: errors` keyed by block id; Slack keeps what was
 * typed). The form's session lives server-side: `private_metadata` (3,000 characters at most)
 * carries only its id.
 */
import {
  type FieldErrors,
  type Form,
  type FormField,
  isIsoDate,
  type RawFormValues,
} from '../../core/form.ts';
import { type Json, rec, str } from './normalize.ts';
import { type Block, mrkdwn, plainText } from './render.ts';

/** The callback id of every sopbot form modal: `view_submission` listeners match on it. */
export const FORM_VIEW = 'sopbot.form';

/** The action id of every field's element (the block id is the field key). */
export const FIELD_ACTION = 'value';

const LIMITS = {
  title: 24,
  button: 24,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  option: 75,
  optionValue: 150,
  options: 100,
  textMax: 3000,
  metadata: 3000,
  blocks: 100,
} as const;

export interface FormViewOptions {
  /** Ask Slack for `view_closed` when the user cancels, so the session can be dropped early. */
  notifyOnClose?: boolean;
}

function option(o: { value: string; label: string }): Block {
  if (o.value.length > LIMITS.optionValue) {
    throw new Error(
      `form option value longer than ${LIMITS.optionValue} characters: ${o.value.slice(0, 40)}…`,
    );
  }
  return { text: plainText(o.label, LIMITS.option), value: o.value };
}

function options(field: { key: string; options: { value: string; label: string }[] }): Block[] {
  if (!field.options.length || field.options.length > LIMITS.options) {
    throw new Error(
      `form field ${field.key} needs 1 to ${LIMITS.options} options (has ${field.options.length})`,
    );
  }
  return field.options.map(option);
}

/** The number as number_input text (no exponent, no grouping). */
function numberText(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

function textElement(field: Extract<FormField, { kind: 'text' | 'multiline' }>): Block {
  const max = Math.min(field.maxLength ?? (field.kind === 'text' ? 200 : LIMITS.textMax), LIMITS.textMax);
  const element: Block = { type: 'plain_text_input', action_id: FIELD_ACTION, max_length: max };
  if (field.kind === 'multiline') element.multiline = true;
  if (field.initial) element.initial_value = field.initial.slice(0, max);
  return element;
}

function numberElement(field: Extract<FormField, { kind: 'number' }>): Block {
  const element: Block = {
    type: 'number_input',
    action_id: FIELD_ACTION,
    is_decimal_allowed: !field.integer,
  };
  if (field.min !== undefined) element.min_value = numberText(field.min);
  if (field.max !== undefined) element.max_value = numberText(field.max);
  const n = field.initial;
  const fits =
    n !== undefined &&
    Number.isFinite(n) &&
    (!field.integer || Number.isInteger(n)) &&
    (field.min === undefined || n >= field.min) &&
    (field.max === undefined || n <= field.max);
  // Slack refuses a view whose initial number breaks its own limits: such a default is left out.
  if (fits) element.initial_value = numberText(n);
  return element;
}

/** The element a field is asked with, its initial value included when it is a valid one. */
function fieldElement(field: FormField): Block {
  switch (field.kind) {
    case 'text':
    case 'multiline':
      return textElement(field);
    case 'number':
      return numberElement(field);
    case 'select': {
      const list = options(field);
      const initial = list.find((o) => o.value === field.initial);
      return {
        type: 'static_select',
        action_id: FIELD_ACTION,
        options: list,
        ...(initial ? { initial_option: initial } : {}),
      };
    }
    case 'multiselect': {
      const list = options(field);
      const initial = list.filter((o) => field.initial?.includes(String(o.value)));
      return {
        type: 'multi_static_select',
        action_id: FIELD_ACTION,
        options: list,
        ...(initial.length ? { initial_options: initial } : {}),
      };
    }
    case 'user':
      return {
        type: 'users_select',
        action_id: FIELD_ACTION,
        ...(field.initial ? { initial_user: field.initial } : {}),
      };
    case 'date':
      return {
        type: 'datepicker',
        action_id: FIELD_ACTION,
        ...(field.initial && isIsoDate(field.initial) ? { initial_date: field.initial } : {}),
      };
  }
}

function inputBlock(field: FormField): Block {
  const element = fieldElement(field);
  if (field.placeholder) element.placeholder = plainText(field.placeholder, LIMITS.placeholder);
  const label = field.kind === 'number' && field.unit ? `${field.label} (${field.unit})` : field.label;
  const block: Block = {
    type: 'input',
    block_id: field.key,
    optional: !field.required,
    label: plainText(label, LIMITS.label),
    element,
  };
  if (field.hint) block.hint = plainText(field.hint, LIMITS.hint);
  return block;
}

/**
 * The form as a modal for `views.open` (with a click's trigger_id, valid 3 s) or `views.update`:
 * callback id `sopbot.form`, one input block per field, the session id as private_metadata.
 */
export function formView(form: Form, sessionId: string, opts: FormViewOptions = {}): Block {
  const metadata = JSON.stringify({ s: sessionId });
  if (metadata.length > LIMITS.metadata) throw new Error('form session id too long for private_metadata');
  const blocks: Block[] = [];
  if (form.intro) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: mrkdwn(form.intro) || ' ', verbatim: true },
    });
  }
  blocks.push(...form.fields.map(inputBlock));
  if (blocks.length > LIMITS.blocks) throw new Error(`form ${form.id} has more fields than a modal holds`);
  const view: Block = {
    type: 'modal',
    callback_id: FORM_VIEW,
    private_metadata: metadata,
    title: plainText(form.title, LIMITS.title),
    submit: plainText(form.submitLabel, LIMITS.button),
    blocks,
  };
  if (form.cancelLabel) view.close = plainText(form.cancelLabel, LIMITS.button);
  if (opts.notifyOnClose) view.notify_on_close = true;
  return view;
}

/** One element's state as the raw answer: text, a chosen option, options, a user or a date. */
function stateValue(state: Json): string | string[] | undefined {
  if (Array.isArray(state.selected_options)) {
    return state.selected_options.map((o) => str(rec(o).value)).filter((v): v is string => v !== undefined);
  }
  return (
    str(state.value) ??
    str(rec(state.selected_option).value) ??
    str(state.selected_user) ??
    str(state.selected_date) ??
    undefined
  );
}

/**
 * The raw values of a submitted form view (`view_submission` → `view`), by field key: the inverse
 * of formView. Empty fields come back undefined; checkFields decides what that means.
 */
export function readFormValues(view: Json): RawFormValues {
  const values: RawFormValues = {};
  for (const [key, actions] of Object.entries(rec(rec(view.state).values))) {
    const byAction = rec(actions);
    const state = rec(byAction[FIELD_ACTION] ?? Object.values(byAction)[0]);
    values[key] = stateValue(state);
  }
  return values;
}

/** The answer to a `view_submission` that refuses fields: Slack shows each reason under its field. */
export function errorsResponse(errors: FieldErrors): { response_action: 'errors'; errors: FieldErrors } {
  return { response_action: 'errors', errors };
}

/** The session id a form view carries, or null for a view that is not a sopbot form. */
export function formSessionOf(view: Json): string | null {
  if (view.callback_id !== undefined && view.callback_id !== FORM_VIEW) return null;
  try {
    const meta = JSON.parse(str(view.private_metadata) ?? '') as { s?: unknown };
    return typeof meta?.s === 'string' && meta.s ? meta.s : null;
  } catch {
    return null;
  }
}
