/**
 * Forms in a line-based terminal: one question per field, in order. The console platform prints
 * each prompt and feeds back the next line it reads; this machine only decides what to ask and
 * what the line means (no I/O), so it is the same for a person at a terminal and a piped script.
 *
 * Each question shows the label (`*` when required), the hint, the number limits and unit,
 * numbered options for selects (a number, the value or the label is accepted; several, comma
 * separated, for multi-selects), the default (taken on an empty line) and how to skip an
 * optional field (`-` or an empty line). A refused value is answered with the reason (the same
 * `checkFields` the other platforms use) and the same question again; `:cancel` stops.
 */
import {
  checkFields,
  type Form,
  type FormField,
  type FormOption,
  type FormWords,
  type RawFormValues,
} from '../../core/form.ts';
import { plainText } from '../../core/message.ts';

/** The prompt's own words, in the reader's language (the console platform has them in its catalog). */
export interface PromptLabels {
  /** Shown once at the start: `Type :cancel to stop.` */
  cancelHint: string;
  /** Under a select's options: `Answer with a number or a value.` */
  choicesHint: string;
  /** Under a multi-select's options: `Several: separate them with commas (1,3).` */
  multiHint: string;
  /** For optional fields: `- or an empty line skips.` */
  skipHint: string;
  /** When there is a default; `{value}` is replaced: `Empty line keeps {value}.` */
  defaultHint: string;
}

export type PromptStep = { prompt: string } | { done: RawFormValues } | { cancelled: true };

export interface FormPrompt {
  /** The first question, after the form's title, intro and the cancel hint. */
  readonly prompt: string;
  /** The next line typed: the next question, the same one with a reason, or the end. */
  answer(line: string): PromptStep;
  /** The answers given so far (a form put aside keeps them). */
  readonly answered: RawFormValues;
}

export const CANCEL = ':cancel';
const SKIP = '-';

type Answer = string | string[];

function numberLimits(field: Extract<FormField, { kind: 'number' }>): string {
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

const optionsOf = (f: FormField): FormOption[] =>
  f.kind === 'select' || f.kind === 'multiselect' ? f.options : [];

/** The default as the user reads it (option labels, not values), or undefined. */
function shownDefault(field: FormField): string | undefined {
  const labelOf = (v: string) => optionsOf(field).find((o) => o.value === v)?.label ?? v;
  if (field.kind === 'multiselect')
    return field.initial?.length ? field.initial.map(labelOf).join(', ') : undefined;
  if (field.initial === undefined || field.initial === '') return undefined;
  return field.kind === 'select' ? labelOf(field.initial) : String(field.initial);
}

function question(field: FormField, at: number, total: number, labels: PromptLabels): string {
  const lines = [`(${at + 1}/${total}) ${field.label}${field.required ? ' *' : ''}`];
  const limits = field.kind === 'number' ? numberLimits(field) : '';
  const hint = [field.hint, limits].filter(Boolean).join(' · ');
  if (hint) lines.push(`  ${hint}`);
  optionsOf(field).forEach((o, i) => {
    lines.push(`  [${i + 1}] ${o.label}${o.label === o.value ? '' : ` (${o.value})`}`);
  });
  if (field.kind === 'select') lines.push(`  ${labels.choicesHint}`);
  if (field.kind === 'multiselect') lines.push(`  ${labels.multiHint}`);
  const shown = shownDefault(field);
  if (shown !== undefined) lines.push(`  ${labels.defaultHint.replace('{value}', shown)}`);
  if (!field.required) lines.push(`  ${labels.skipHint}`);
  return lines.join('\n');
}

/** An option by its number, its value or its label (case-insensitive); otherwise the text as typed. */
function pick(options: FormOption[], text: string): string {
  if (/^\d+$/.test(text)) {
    const byIndex = options[Number(text) - 1];
    if (byIndex) return byIndex.value;
  }
  const lower = text.toLowerCase();
  const hit = options.find((o) => o.value === text) ?? options.find((o) => o.label.toLowerCase() === lower);
  return hit?.value ?? text;
}

/** What a typed line means for a field: its raw value, or `skip` (nothing for an optional field). */
function interpret(field: FormField, text: string): Answer | 'skip' {
  if (text === SKIP) return 'skip';
  if (text === '') {
    if (field.kind === 'multiselect') return field.initial?.length ? field.initial : 'skip';
    return field.initial !== undefined && field.initial !== '' ? String(field.initial) : 'skip';
  }
  if (field.kind === 'select') return pick(field.options, text);
  if (field.kind === 'multiselect') {
    const picked = text
      .split(/[,，、\s]+/)
      .filter(Boolean)
      .map((t) => pick(field.options, t));
    return [...new Set(picked)];
  }
  return text;
}

/** Starts asking `form`'s fields one by one. */
export function startForm(form: Form, words: FormWords, labels: PromptLabels): FormPrompt {
  const values: RawFormValues = {};
  const total = form.fields.length;
  let at = 0;
  const ask = () => question(form.fields[at] as FormField, at, total, labels);
  const next = (): PromptStep => {
    at += 1;
    return at < total ? { prompt: ask() } : { done: { ...values } };
  };
  const head = [form.title, ...(form.intro ? [plainText(form.intro)] : []), labels.cancelHint];
  const first = total ? ask() : '';
  return {
    prompt: [...head, first].filter(Boolean).join('\n'),
    get answered() {
      return { ...values };
    },
    answer(line: string): PromptStep {
      const text = line.trim();
      if (text === CANCEL) return { cancelled: true };
      if (at >= total) return { done: { ...values } };
      const field = form.fields[at] as FormField;
      const raw = interpret(field, text);
      const checked = checkFields(
        { ...form, fields: [field] },
        { [field.key]: raw === 'skip' ? undefined : raw },
        words,
      );
      if ('errors' in checked) return { prompt: `⚠ ${checked.errors[field.key]}\n${ask()}` };
      if (raw === 'skip') delete values[field.key];
      else values[field.key] = raw;
      return next();
    },
  };
}
