/**
 * The neutral message model rendered as Slack Block Kit. User text (every `text` span, every
 * title) is escaped here and only here: `&`, `<`, `>` become entities in mrkdwn, and a literal
 * `@channel` / `@here` / `@everyone` gets a word joiner, so no title or comment can ping a crowd
 * or fake a mention. Real mentions come only from `mention` spans.
 */
import type { Card, CardButton, OutgoingMessage, RichText, Span } from '../../core/message.ts';
import { toSpans } from '../../core/message.ts';

/** A Block Kit block or element: plain JSON, as the Web API takes it. */
export type Block = Record<string, unknown>;

/** Prefix of a button's action id when Slack must ask for a note before the action runs. */
export const PROMPT_PREFIX = 'sopbot.prompt:';

const LIMITS = { header: 150, section: 3000, field: 2000, button: 75, option: 75, value: 2000 } as const;
const TONE_EMOJI = { danger: '🔴', warning: '🟠', info: '🔵', neutral: '⚪', success: '🟢' } as const;

/** Escapes literal user text for any mrkdwn field (and the top-level `text`). */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)/gi, '@\u2060$1');
}

const SLACK_ID = /^[UWB][A-Z0-9]{2,30}$/;

function safeUrl(url: string): string | null {
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return null;
  return url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
}

/** Wraps text in a mrkdwn marker without breaking on surrounding spaces (`* x*` does not render). */
function wrap(marker: string, text: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(text);
  const inner = m?.[2] ?? '';
  if (!inner) return escapeMrkdwn(text);
  const clean = escapeMrkdwn(inner.replaceAll(marker, ''));
  return `${m?.[1] ?? ''}${marker}${clean}${marker}${m?.[3] ?? ''}`;
}

function spanToMrkdwn(s: Span): string {
  switch (s.kind) {
    case 'text':
      return escapeMrkdwn(s.text);
    case 'bold':
      return wrap('*', s.text);
    case 'code':
      return wrap('`', s.text);
    case 'mention':
      return SLACK_ID.test(s.userId) ? `<@${s.userId}>` : escapeMrkdwn(`@${s.userId}`);
    case 'link': {
      const url = safeUrl(s.url);
      return url ? `<${url}|${escapeMrkdwn(s.text).replace(/\|/g, '¦')}>` : escapeMrkdwn(s.text);
    }
  }
}

/** Cuts mrkdwn to `max` characters without leaving half an entity or half a `<…>` token. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  cut = cut.replace(/&[a-z]*$/, '').replace(/<[^>]*$/, '');
  const openMarks = (cut.match(/\*/g) ?? []).length % 2;
  return `${cut}${openMarks ? '*' : ''}…`;
}

/** RichText as mrkdwn. */
export function mrkdwn(text: RichText, max: number = LIMITS.section): string {
  return clip(toSpans(text).map(spanToMrkdwn).join(''), max);
}

/** Literal text for plain_text objects: Slack never parses these, so only length matters. */
export function plainText(text: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  const clean = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return { type: 'plain_text', text: clean || ' ', emoji: true };
}

function mrkdwnObject(text: string): Block {
  return { type: 'mrkdwn', text: text || ' ', verbatim: true };
}

/** Buttons that need a note carry the prompt in their value, so the click can open a modal. */
export interface PromptValue {
  v: string;
  t: string;
  l: string;
  o: boolean;
}

function button(b: CardButton, actionId: string): Block {
  const out: Block = {
    type: 'button',
    action_id: b.prompt ? `${PROMPT_PREFIX}${actionId}` : actionId,
    text: plainText(b.label, LIMITS.button),
    value: b.prompt
      ? JSON.stringify({ v: b.value, t: b.prompt.title, l: b.prompt.label, o: Boolean(b.prompt.optional) })
      : b.value,
  };
  if (b.style === 'primary' || b.style === 'danger') out.style = b.style;
  return out;
}

function actionElements(card: Card): Block[] {
  const used = new Map<string, number>();
  const unique = (id: string) => {
    const n = (used.get(id) ?? 0) + 1;
    used.set(id, n);
    return n === 1 ? id : `${id}~${n}`;
  };
  const elements = (card.buttons ?? []).map((b) => button(b, unique(b.actionId)));
  for (const s of card.selects ?? []) {
    const options = s.options.slice(0, 100).map((o) => ({
      text: plainText(o.label, LIMITS.option),
      value: o.value.slice(0, 150),
    }));
    const select: Block = {
      type: 'static_select',
      action_id: unique(s.actionId),
      placeholder: plainText(s.placeholder, LIMITS.option),
      options,
    };
    const initial = options.find((o) => o.value === s.selected);
    if (initial) select.initial_option = initial;
    elements.push(select);
  }
  return elements.slice(0, 25);
}

/** The card as blocks: header, fields, text, buttons and selects, small print. */
export function cardBlocks(card: Card): Block[] {
  const blocks: Block[] = [
    { type: 'header', text: plainText(`${TONE_EMOJI[card.tone ?? 'neutral']} ${card.title}`, LIMITS.header) },
  ];
  const fields = (card.fields ?? []).map((f) =>
    mrkdwnObject(`*${escapeMrkdwn(f.label)}*\n${mrkdwn(f.value, LIMITS.field - f.label.length - 8)}`),
  );
  for (let i = 0; i < fields.length; i += 10)
    blocks.push({ type: 'section', fields: fields.slice(i, i + 10) });
  if (card.text) blocks.push({ type: 'section', text: mrkdwnObject(mrkdwn(card.text)) });
  const elements = actionElements(card);
  if (elements.length) blocks.push({ type: 'actions', block_id: 'sopbot.actions', elements });
  if (card.context) blocks.push({ type: 'context', elements: [mrkdwnObject(mrkdwn(card.context))] });
  return blocks;
}

/** What chat.postMessage / chat.update / chat.postEphemeral / response_url take. */
export interface SlackMessage {
  text: string;
  blocks?: Block[];
}

/** A neutral message as Slack message arguments; `text` is always set (notifications, fallback). */
export function renderMessage(message: OutgoingMessage): SlackMessage {
  const text = mrkdwn(message.text, 3900);
  if (message.card) return { text, blocks: cardBlocks(message.card) };
  return { text };
}

/** Several messages stacked in one surface (App Home): cards separated by dividers, at most 100 blocks. */
export function stackBlocks(messages: OutgoingMessage[]): Block[] {
  const blocks: Block[] = [];
  for (const message of messages) {
    const part = message.card
      ? cardBlocks(message.card)
      : [{ type: 'section', text: mrkdwnObject(mrkdwn(message.text)) }];
    if (blocks.length + part.length + 1 > 100) break;
    if (blocks.length && message.card) blocks.push({ type: 'divider' });
    blocks.push(...part);
  }
  return blocks;
}
