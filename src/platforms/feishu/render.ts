/**
 * Neutral messages → Feishu wire formats. Plain replies become `post` rich text, where literal
 * text is a `text` element Feishu never parses (no @all, no markup). Cards become interactive
 * cards (JSON 1.0, update_multi so PATCH updates every viewer) whose lark_md escapes every
 * literal character markdown or the <at> tag could read. Card blocks map to JSON 1.0 elements
 * (div, hr, column_set rows for tables, img by image_key, action, note). Cards stay under the
 * 30 KB limit.
 */
import type {
  Card,
  CardBlock,
  CardButton,
  CardImage,
  CardTable,
  CardTone,
  OutgoingMessage,
  RichText,
} from '../../core/message.ts';
import type { WireMessage } from './client.ts';
import { clip, escapeMd, toMarkdown, toPost } from './rich-text.ts';

export { escapeMd, isOpenId, toMarkdown, toPost } from './rich-text.ts';

/** Feishu refuses cards over 30 KB; keep a margin for the JSON-in-JSON of `content`. */
export const CARD_LIMIT_BYTES = 28_000;
/** Header colours (template names) by tone. */
export const TEMPLATE: Record<CardTone, string> = {
  danger: 'red',
  warning: 'orange',
  info: 'blue',
  success: 'green',
  neutral: 'grey',
};
const BUTTON_TYPE = { primary: 'primary', danger: 'danger', default: 'default' } as const;
/** The name of the free-text field of a prompt button's form (becomes ActionEvent.input). */
export const NOTE_FIELD = 'note';

/**
 * The note of a submitted prompt form. Names must be unique in a card, so prompt forms of button
 * blocks name their field `note_<id>`; a submission carries only its own form's values.
 */
export function noteOf(formValue: unknown): string | undefined {
  if (!formValue || typeof formValue !== 'object') return undefined;
  const entries = Object.entries(formValue as Record<string, unknown>);
  const hit =
    entries.find(([k]) => k === NOTE_FIELD) ?? entries.find(([k]) => k.startsWith(`${NOTE_FIELD}_`));
  return typeof hit?.[1] === 'string' ? hit[1].trim() || undefined : undefined;
}

function buttonJson(b: CardButton) {
  return {
    tag: 'button',
    text: { tag: 'plain_text', content: b.label },
    type: BUTTON_TYPE[b.style ?? 'default'],
    value: { actionId: b.actionId, value: b.value },
  };
}

/** A button with a prompt becomes a form: a text input and the button that submits it. */
function promptForm(b: CardButton, index: number | string, noteName = NOTE_FIELD) {
  const prompt = b.prompt ?? { title: b.label, label: b.label };
  return {
    tag: 'form',
    name: `form_${index}`,
    elements: [
      {
        tag: 'input',
        name: noteName,
        required: !prompt.optional,
        max_length: 1000,
        placeholder: { tag: 'plain_text', content: prompt.label },
        label: { tag: 'plain_text', content: `${prompt.title}：` },
        label_position: 'left',
      },
      { ...buttonJson(b), action_type: 'form_submit', name: `submit_${index}` },
    ],
  };
}

interface Budgets {
  text: number;
  field: number;
  context: number;
  /** Literal characters of a block's text (sections, context lines, image fallbacks). */
  block: number;
  /** Literal characters of a table cell. */
  cell: number;
  /** Rows shown per table. */
  rows: number;
}

/** Uploaded pictures: the image_key of each CardImage (absent: the picture shows as its text). */
export type ImageKeys = ReadonlyMap<CardImage, string>;

const md = (content: string, align?: 'left' | 'right') => ({
  tag: 'lark_md',
  content,
  ...(align === 'right' ? { text_align: 'right' } : {}),
});

/** A block's title: bold lark_md, at most 150 characters. */
const heading = (title: string) => `**${escapeMd(clip(title, { left: 150 }))}**`;

/**
 * A table as one column_set per row (the header row on grey): JSON 1.0 has no table component
 * (JSON 2.0's `table` would need the whole card in 2.0), and lark_md text cannot align columns in
 * a proportional font. Rows past the budget are counted in a last line (`… +12`).
 */
function tableElements(table: CardTable, title: string | undefined, b: Budgets): object[] {
  const row = (cells: string[], background: 'grey' | 'default') => ({
    tag: 'column_set',
    flex_mode: 'none',
    background_style: background,
    columns: table.columns.map((c, i) => ({
      tag: 'column',
      width: 'weighted',
      weight: 1,
      vertical_align: 'top',
      elements: [{ tag: 'div', text: md(cells[i] || ' ', c.align) }],
    })),
  });
  const header = table.columns.map((c) => `**${escapeMd(clip(c.label, { left: b.cell }))}**`);
  const body = table.rows
    .slice(0, b.rows)
    .map((cells) => table.columns.map((_c, i) => toMarkdown(cells[i] ?? '', b.cell)));
  const out: object[] = [
    ...(title ? [{ tag: 'div', text: md(heading(title)) }] : []),
    row(header, 'grey'),
    ...body.map((cells) => row(cells, 'default')),
  ];
  const hidden = table.rows.length - b.rows;
  if (hidden > 0) out.push({ tag: 'note', elements: [md(`… +${hidden}`)] });
  return out;
}

/** A picture by its image_key; without one (not uploaded) its title and text stand for it. */
function imageElement(image: CardImage, b: Budgets, keys: ImageKeys | undefined): object {
  const key = keys?.get(image);
  if (key) {
    return {
      tag: 'img',
      img_key: key,
      alt: { tag: 'plain_text', content: clip(image.alt, { left: 200 }) },
      ...(image.title ? { title: { tag: 'plain_text', content: clip(image.title, { left: 150 }) } } : {}),
      mode: 'fit_horizontal',
      preview: true,
    };
  }
  const title = image.title ? `${heading(image.title)}\n` : '';
  return { tag: 'div', text: md(title + toMarkdown(image.textFallback || image.alt, b.block)) };
}

function sectionElement(block: Extract<CardBlock, { kind: 'section' }>, b: Budgets): object {
  const title = block.title ? heading(block.title) : '';
  const body = block.text ? toMarkdown(block.text, b.block) : '';
  const content = [title, body].filter(Boolean).join('\n');
  return {
    tag: 'div',
    ...(content ? { text: md(content) } : {}),
    ...(block.fields?.length
      ? {
          fields: block.fields.map((f) => ({
            is_short: true,
            text: md(`**${escapeMd(f.label)}**\n${toMarkdown(f.value, b.field)}`),
          })),
        }
      : {}),
  };
}

/** One neutral block as card elements; `at` keeps the names of prompt forms unique in the card. */
function blockElements(block: CardBlock, at: number, b: Budgets, keys: ImageKeys | undefined): object[] {
  switch (block.kind) {
    case 'section':
      return block.title || block.text || block.fields?.length ? [sectionElement(block, b)] : [];
    case 'divider':
      return [{ tag: 'hr' }];
    case 'table':
      return tableElements(block.table, block.title, b);
    case 'image':
      return [imageElement(block.image, b, keys)];
    case 'buttons': {
      const plain = block.buttons.filter((x) => !x.prompt).map(buttonJson);
      const forms = block.buttons.flatMap((x, i) =>
        x.prompt ? [promptForm(x, `b${at}_${i}`, `${NOTE_FIELD}_b${at}_${i}`)] : [],
      );
      return [...(plain.length ? [{ tag: 'action', actions: plain }] : []), ...forms];
    }
    case 'context':
      return [{ tag: 'note', elements: [md(toMarkdown(block.text, b.block))] }];
  }
}

/** Where blocks were left out to stay under the size limit. */
const CUT_MARK = { tag: 'div', text: md('…') };

function cardBody(card: Card, budgets: Budgets, keys?: ImageKeys, blockCount?: number): object[] {
  const elements: object[] = [];
  if (card.fields?.length) {
    elements.push({
      tag: 'div',
      fields: card.fields.map((f) => ({
        is_short: true,
        text: { tag: 'lark_md', content: `**${escapeMd(f.label)}**\n${toMarkdown(f.value, budgets.field)}` },
      })),
    });
  }
  if (card.text)
    elements.push({ tag: 'div', text: { tag: 'lark_md', content: toMarkdown(card.text, budgets.text) } });
  const blocks = card.blocks ?? [];
  const shown = blockCount ?? blocks.length;
  blocks.slice(0, shown).forEach((block, i) => {
    elements.push(...blockElements(block, i, budgets, keys));
  });
  if (shown < blocks.length) elements.push(CUT_MARK);
  const actions: object[] = (card.buttons ?? []).filter((b) => !b.prompt).map(buttonJson);
  for (const s of card.selects ?? []) {
    actions.push({
      tag: 'select_static',
      placeholder: { tag: 'plain_text', content: s.placeholder },
      ...(s.selected ? { initial_option: s.selected } : {}),
      options: s.options.map((o) => ({ text: { tag: 'plain_text', content: o.label }, value: o.value })),
      value: { actionId: s.actionId },
    });
  }
  if (actions.length) elements.push({ tag: 'action', actions });
  (card.buttons ?? []).forEach((b, i) => {
    if (b.prompt) elements.push(promptForm(b, i));
  });
  if (card.context) {
    elements.push({
      tag: 'note',
      elements: [{ tag: 'lark_md', content: toMarkdown(card.context, budgets.context) }],
    });
  }
  return elements;
}

const STEPS: Budgets[] = [
  { text: 4000, field: 500, context: 500, block: 2000, cell: 200, rows: 50 },
  { text: 1500, field: 200, context: 200, block: 600, cell: 80, rows: 20 },
  { text: 300, field: 80, context: 80, block: 150, cell: 40, rows: 8 },
];

const fits = (json: object) => Buffer.byteLength(JSON.stringify(json)) <= CARD_LIMIT_BYTES;

export interface RenderOptions {
  /** Everyone sees the same card (update_multi), so it can be patched in place. Default true. */
  shared?: boolean;
  /** The image_key of each uploaded picture of the card's blocks. */
  images?: ImageKeys;
}

/**
 * The card JSON; `shared` cards (everyone sees the same one) can be patched in place. Text is
 * cut in steps until the card fits the size limit; if the blocks alone are still too many, the
 * last ones are left out (as many as needed, marked `…`).
 */
export function renderCard(card: Card, options: RenderOptions = {}): object {
  const build = (budgets: Budgets, blockCount?: number) => ({
    config: { wide_screen_mode: true, ...(options.shared !== false ? { update_multi: true } : {}) },
    header: {
      template: TEMPLATE[card.tone ?? 'neutral'],
      title: { tag: 'plain_text', content: clip(card.title, { left: 150 }) },
    },
    elements: cardBody(card, budgets, options.images, blockCount),
  });
  for (const budgets of STEPS) {
    const json = build(budgets);
    if (fits(json)) return json;
  }
  const smallest = STEPS[STEPS.length - 1] as Budgets;
  let [low, high] = [0, card.blocks?.length ?? 0];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(build(smallest, mid))) low = mid;
    else high = mid - 1;
  }
  return build(smallest, low);
}

/** A text-only message as a minimal card (the ephemeral API only sends cards). */
export function textCard(text: RichText): object {
  return {
    config: { wide_screen_mode: true },
    elements: [{ tag: 'div', text: { tag: 'lark_md', content: toMarkdown(text, 8000) } }],
  };
}

/** The wire form of an outgoing message for send/reply/edit (`images`: the uploaded pictures). */
export function renderMessage(message: OutgoingMessage, images?: ImageKeys): WireMessage {
  if (message.card)
    return { msgType: 'interactive', content: JSON.stringify(renderCard(message.card, { images })) };
  return {
    msgType: 'post',
    content: JSON.stringify({ zh_cn: { title: '', content: toPost(message.text) } }),
  };
}

/** The card the ephemeral API shows to one user. */
export function renderEphemeral(message: OutgoingMessage, images?: ImageKeys): object {
  return message.card ? renderCard(message.card, { shared: false, images }) : textCard(message.text);
}
