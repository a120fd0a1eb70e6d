/**
 * The two modals sopbot opens: "new ticket" (message shortcut, `/ticket new` without a title)
 * and "note for this action" (a card button with a prompt, e.g. Resolve). Where the result
 * belongs travels in `private_metadata`, so a submission needs no server-side state.
 */
import type { Translator } from '../../core/i18n/index.ts';
import { type Json, rec, str } from './normalize.ts';
import { type Block, type PromptValue, plainText } from './render.ts';

/** The message shortcut's callback id, as declared in manifest.yml. */
export const CREATE_TICKET_SHORTCUT = 'create_ticket';
export const CREATE_TICKET_VIEW = 'sopbot.create_ticket';
export const ACTION_PROMPT_VIEW = 'sopbot.action_prompt';
const PRIORITIES = ['P0', 'P1', 'P2', 'P3'] as const;
const AUTO = 'auto';

/** Where a new ticket's card goes and who to answer. */
export interface CreateTicketMeta {
  /** channel */
  c: string;
  /** thread: the `/ticket` command's thread, or the thread the shortcut's message is a reply in */
  th?: string;
  /** the shortcut's message (ts): the ticket is made of it */
  m?: string;
  /** that message's author */
  u?: string;
  /** response_url, for the ephemeral confirmation */
  ru?: string;
}

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

export function createTicketModal(
  t: Translator,
  prefill: { title?: string; priority?: string },
  meta: CreateTicketMeta,
): Block {
  const options = [
    { text: plainText(t('slack.modal_priority_auto'), 75), value: AUTO },
    ...PRIORITIES.map((p) => ({ text: plainText(t(`priority.${p}`), 75), value: p })),
  ];
  const initial = options.find((o) => o.value === prefill.priority?.toUpperCase()) ?? options[0];
  return {
    type: 'modal',
    callback_id: CREATE_TICKET_VIEW,
    private_metadata: metadata(meta),
    title: plainText(t('slack.modal_new_title'), 24),
    submit: plainText(t('slack.modal_create'), 24),
    close: plainText(t('slack.modal_cancel'), 24),
    blocks: [
      {
        type: 'input',
        block_id: 'title',
        label: plainText(t('slack.modal_title_label'), 2000),
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          max_length: 200,
          ...(prefill.title ? { initial_value: prefill.title.slice(0, 200) } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'priority',
        label: plainText(t('slack.modal_priority_label'), 2000),
        element: { type: 'static_select', action_id: 'value', options, initial_option: initial },
      },
    ],
  };
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

/** The title and priority (absent: automatic) a submission asks for. */
export function createTicketInput(view: Json): { title: string; priority?: string } | { error: 'title' } {
  const title = (inputValue(view, 'title') ?? '').replace(/\s+/g, ' ').trim();
  if (!title) return { error: 'title' };
  const priority = inputValue(view, 'priority');
  return priority && priority !== AUTO ? { title, priority } : { title };
}

/** `new P1 <title>` (or `new <title>` for automatic priority): the /ticket text a submission stands for. */
export function createTicketText(input: { title: string; priority?: string }): string {
  return `new ${input.priority ? `${input.priority} ` : ''}${input.title}`;
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
