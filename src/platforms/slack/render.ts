/**
 * The neutral message model rendered as Slack Block Kit. User text (every `text` span, every
 * title) is escaped here and only here: `&`, `<`, `>` become entities in mrkdwn, and a literal
 * `@channel` / `@here` / `@everyone` gets a word joiner, so no title or comment can ping a crowd
 * or fake a mention. Real mentions come only from `mention` spans.
 */
import type {
  Card,
  CardBlock,
  CardButton,
  CardField,
  CardImage,
  CardTable,
  OutgoingMessage,
  RichText,
  Span,
} from '../../core/message.ts';
import { plainText as spansAsText, toSpans } from '../../core/message.ts';
import { nativeTable, SLACK_ID, safeUrl } from './rich-text.ts';
import { textTable } from './table-text.ts';

/** A Block Kit block or element: plain JSON, as the Web API takes it. */
export type Block = Record<string, unknown>;

/** Prefix of a button's action id when Slack must ask for a note before the action runs. */
export const PROMPT_PREFIX = 'sopbot.prompt:';

const LIMITS = {
  header: 150,
  section: 3000,
  field: 2000,
  button: 75,
  option: 75,
  value: 2000,
  alt: 2000,
  /** Blocks in one message (modals and App Home: 100). */
  message: 50,
} as const;
const TONE_EMOJI = { danger: '🔴', warning: '🟠', info: '🔵', neutral: '⚪', success: '🟢' } as const;

/** Escapes literal user text for any mrkdwn field (and the top-level `text`). */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)/gi, '@\u2060$1');
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

/** Action ids made unique across one card (`a.one`, `a.one~2`): normalize.ts strips the suffix. */
function uniqueIds(): (id: string) => string {
  const used = new Map<string, number>();
  return (id) => {
    const n = (used.get(id) ?? 0) + 1;
    used.set(id, n);
    return n === 1 ? id : `${id}~${n}`;
  };
}

function actionElements(card: Card, unique: (id: string) => string): Block[] {
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

function fieldObject(f: CardField): Block {
  return mrkdwnObject(`*${escapeMrkdwn(f.label)}*\n${mrkdwn(f.value, LIMITS.field - f.label.length - 8)}`);
}

function fieldSections(fields: CardField[]): Block[] {
  const objects = fields.map(fieldObject);
  const sections: Block[] = [];
  for (let i = 0; i < objects.length; i += 10)
    sections.push({ type: 'section', fields: objects.slice(i, i + 10) });
  return sections;
}

/** How cardBlocks renders what a message surface allows and what it does not. */
export interface CardRenderOptions {
  /**
   * `native` (messages): the card's first table as a Block Kit `table` block (Slack allows one per
   * message), later ones as text. `text`: every table as aligned monospace text (App Home, modals).
   */
  tables?: 'native' | 'text';
  /** Most blocks (50 for a message, 100 for App Home and modals). */
  maxBlocks?: number;
  /**
   * The small print that stands for content blocks cut at the block limit, in the reader's language
   * (`… 3 more (see thread)`). Rendering has no translator, so the default is language-neutral: `…(+3)`.
   */
  more?: (hidden: number) => RichText;
}

/** State shared by one card's content blocks. */
interface BlockContext {
  images?: Map<CardImage, string>;
  unique: (id: string) => string;
  tables: 'native' | 'text';
  tablesUsed: number;
  rows: number;
}

/**
 * The card as blocks: header, fields, text, its content blocks (sections, dividers, tables, images,
 * button rows, small print), its buttons and selects, small print. `images` maps each uploaded
 * image to its Slack file id (files.ts); an image without one is shown as its text instead. When
 * the blocks exceed `maxBlocks` (50: a message), trailing content blocks give way to one `…(+N)`
 * line, so the header, the buttons and the small print always survive.
 */
export function cardBlocks(
  card: Card,
  images?: Map<CardImage, string>,
  options: CardRenderOptions = {},
): Block[] {
  const unique = uniqueIds();
  const head: Block[] = [
    { type: 'header', text: plainText(`${TONE_EMOJI[card.tone ?? 'neutral']} ${card.title}`, LIMITS.header) },
    ...fieldSections(card.fields ?? []),
  ];
  if (card.text) head.push({ type: 'section', text: mrkdwnObject(mrkdwn(card.text)) });
  const context: BlockContext = {
    images,
    unique,
    tables: options.tables ?? 'native',
    tablesUsed: 0,
    rows: 0,
  };
  const groups = (card.blocks ?? []).map((b) => contentBlock(b, context));
  const tail: Block[] = [];
  const elements = actionElements(card, unique);
  if (elements.length) tail.push({ type: 'actions', block_id: 'sopbot.actions', elements });
  if (card.context) tail.push(contextBlock(card.context));
  const max = options.maxBlocks ?? LIMITS.message;
  const body = fitGroups(groups, max - head.length - tail.length, options.more);
  const blocks = [...head, ...body, ...tail];
  if (blocks.length <= max) return blocks;
  // Only a card with hundreds of fields gets here: cut it plainly.
  return [...blocks.slice(0, max - 1), moreBlock(blocks.length - max + 1, options.more)];
}

/** Whole content groups while they fit `budget`; the rest become one `…(+N)` context line. */
function fitGroups(groups: Block[][], budget: number, more: CardRenderOptions['more']): Block[] {
  const total = groups.reduce((n, g) => n + g.length, 0);
  if (total <= budget) return groups.flat();
  const kept: Block[] = [];
  let shown = 0;
  for (const group of groups) {
    if (kept.length + group.length > budget - 1) break;
    kept.push(...group);
    shown += 1;
  }
  if (budget > 0) kept.push(moreBlock(groups.length - shown, more));
  return kept;
}

function moreBlock(hidden: number, more: CardRenderOptions['more']): Block {
  return contextBlock(more ? more(hidden) : `…(+${hidden})`);
}

function contextBlock(text: RichText): Block {
  return { type: 'context', elements: [mrkdwnObject(mrkdwn(text))] };
}

/** One neutral content block as Slack blocks (none, one, or a title plus a table). */
function contentBlock(block: CardBlock, ctx: BlockContext): Block[] {
  switch (block.kind) {
    case 'section':
      return sectionBlocks(block);
    case 'divider':
      return [{ type: 'divider' }];
    case 'table':
      return tableBlocks(block.table, block.title, ctx);
    case 'image':
      return [imageBlock(block.image, ctx.images?.get(block.image))];
    case 'buttons': {
      const elements = block.buttons.slice(0, 25).map((b) => button(b, ctx.unique(b.actionId)));
      ctx.rows += 1;
      return elements.length ? [{ type: 'actions', block_id: `sopbot.actions.${ctx.rows}`, elements }] : [];
    }
    case 'context':
      return [contextBlock(block.text)];
  }
}

/** A bold title line (a section's, a table's, an image's), short enough to leave room for its text. */
function titleLine(title: string): string {
  return wrap('*', clipPlain(title, 300));
}

function sectionBlocks(block: Extract<CardBlock, { kind: 'section' }>): Block[] {
  const title = block.title ? titleLine(block.title) : '';
  const body = block.text ? mrkdwn(block.text, LIMITS.section - title.length - 1) : '';
  const text = [title, body].filter(Boolean).join('\n');
  const sections = fieldSections(block.fields ?? []);
  if (!text) return sections;
  const first = sections[0];
  if (first) return [{ ...first, text: mrkdwnObject(text) }, ...sections.slice(1)];
  return [{ type: 'section', text: mrkdwnObject(text) }];
}

/** An uploaded image as an image block; without a file id, its text stands in for it. */
function imageBlock(image: CardImage, fileId: string | undefined): Block {
  if (fileId) {
    const out: Block = {
      type: 'image',
      slack_file: { id: fileId },
      alt_text: clipPlain(image.alt, LIMITS.alt) || ' ',
    };
    if (image.title) out.title = plainText(image.title, LIMITS.alt);
    return out;
  }
  const title = image.title ? `${titleLine(image.title)}\n` : '';
  const figure = image.textFallback
    ? codeBlock(image.textFallback, LIMITS.section - title.length)
    : `🖼️ ${escapeMrkdwn(image.alt)}`;
  return { type: 'section', text: mrkdwnObject(clip(`${title}${figure}`, LIMITS.section)) };
}

function clipPlain(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Literal text as a mrkdwn code block; backticks inside cannot close it. */
function codeBlock(text: string, max: number): string {
  const inner = escapeMrkdwn(text.replace(/`/g, 'ˋ'));
  const room = max - 8;
  return `\`\`\`\n${inner.length > room ? clip(inner, room) : inner}\n\`\`\``;
}

function tableBlocks(table: CardTable, title: string | undefined, ctx: BlockContext): Block[] {
  if (!table.columns.length) return [];
  ctx.tablesUsed += 1;
  if (ctx.tables === 'native' && ctx.tablesUsed === 1) {
    const native = nativeTable(table);
    return title ? [{ type: 'section', text: mrkdwnObject(titleLine(title)) }, native] : [native];
  }
  const head = title ? `${titleLine(title)}\n` : '';
  const rows = table.rows.map((row) => row.map((cell) => spansAsText(cell)));
  // Escaping lengthens `&<>` to entities, so the budget is measured on escaped lines.
  const text = textTable(
    { columns: table.columns, rows },
    { maxChars: LIMITS.section - head.length - 8, measure: (line) => escapeMrkdwn(line).length },
  );
  return [{ type: 'section', text: mrkdwnObject(`${head}\`\`\`\n${escapeMrkdwn(text)}\n\`\`\``) }];
}

/** What chat.postMessage / chat.update / chat.postEphemeral / response_url take. */
export interface SlackMessage {
  text: string;
  blocks?: Block[];
}

/** A neutral message as Slack message arguments; `text` is always set (notifications, fallback). */
export function renderMessage(
  message: OutgoingMessage,
  images?: Map<CardImage, string>,
  options?: CardRenderOptions,
): SlackMessage {
  const text = mrkdwn(message.text, 3900);
  if (message.card) return { text, blocks: cardBlocks(message.card, images, options) };
  return { text };
}

/** Several messages stacked in one surface (App Home): cards separated by dividers, at most 100 blocks. */
export function stackBlocks(messages: OutgoingMessage[]): Block[] {
  const blocks: Block[] = [];
  for (const message of messages) {
    // App Home has no table blocks and no uploaded images: both are shown as text.
    const part = message.card
      ? cardBlocks(message.card, undefined, { tables: 'text' })
      : [{ type: 'section', text: mrkdwnObject(mrkdwn(message.text)) }];
    if (blocks.length + part.length + 1 > 100) break;
    if (blocks.length && message.card) blocks.push({ type: 'divider' });
    blocks.push(...part);
  }
  return blocks;
}
