/**
 * The note prompt: a card button that asks for a short note before its action runs (Resolve asks
 * for a resolution note). Where the result belongs travels in `private_metadata`, so a submission
 * needs no server-side state. Every other form is a neutral form (forms.ts).
 */
import type { Translator } from '../../core/i18n/index.ts';
import { type Json, rec, str } from './normalize.ts';
import { type Block, type PromptValue, plainText } from './render.ts';

export const ACTION_PROMPT_VIEW = 'sopbot.action_prompt';

/** The card a prompted button belongs to, and the button's own payload. */
export interface PromptMeta {
  /** set when the button was on the App Home tab: republish it afterwards */
  h?: 1;
  a: string;
  v: string;
  c: string;
  m?: string;
  th?: string;
  ru?: string;
}

function metadata(meta: object): string {
  const json = JSON.stringify(meta);
  // private_metadata holds at most 3000 characters; a response_url is the only optional part.
  return json.length <= 3000 ? json : JSON.stringify({ ...meta, ru: undefined });
}

export function promptModal(prompt: PromptValue, meta: PromptMeta, t: Translator): Block {
  return {
    type: 'modal',
    callback_id: ACTION_PROMPT_VIEW,
    private_metadata: metadata(meta),
    title: plainText(prompt.t, 24),
    submit: plainText(t('slack.modal_submit'), 24),
    close: plainText(t('slack.modal_cancel'), 24),
    blocks: [
      {
        type: 'input',
        block_id: 'note',
        optional: prompt.o,
        label: plainText(prompt.l, 2000),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 3000 },
      },
    ],
  };
}

/** The value of input `block` in a submitted view (text input or select). */
export function inputValue(view: Json, block: string): string | undefined {
  const field = rec(rec(rec(rec(view.state).values)[block]).value);
  return str(field.value) ?? str(rec(field.selected_option).value);
}

export function readMeta<T>(view: Json): T | null {
  try {
    const parsed = JSON.parse(str(view.private_metadata) ?? '');
    return parsed && typeof parsed === 'object' ? (parsed as T) : null;
  } catch {
    return null;
  }
}

/** A prompted button's value (see render.ts), or null for a plain value. */
export function parsePrompt(value: string | undefined): PromptValue | null {
  if (!value?.startsWith('{')) return null;
  try {
    const p = JSON.parse(value) as Partial<PromptValue>;
    return typeof p.v === 'string' ? { v: p.v, t: p.t ?? '', l: p.l ?? '', o: Boolean(p.o) } : null;
  } catch {
    return null;
  }
}
