/**
 * Neutral rich text as Slack `rich_text` elements, and tables as Block Kit `table` blocks built
 * from them. Rich text is never parsed as markup, so `text` spans stay literal without entities;
 * mentions become `user` elements only from `mention` spans with a real Slack id, and links only
 * for http(s)/mailto URLs: the same rules as the mrkdwn renderer (render.ts), which shares these
 * two checks.
 */
import type { CardTable, RichText, Span } from '../../core/message.ts';
import { toSpans } from '../../core/message.ts';

/** A rich-text element or block: plain JSON. */
type Block = Record<string, unknown>;

/** A Slack user, workspace-user or bot id (`U0ANN`): anything else is shown as text, never as a mention. */
export const SLACK_ID = /^[UWB][A-Z0-9]{2,30}$/;

/** The URL if it may be linked (http(s), mailto), with the characters that break `<url|text>` encoded. */
export function safeUrl(url: string): string | null {
  if (!/^(https?:\/\/|mailto:)/i.test(url)) return null;
  return url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
}

/** Slack's table block: at most 100 rows (the header included) of at most 20 cells. */
const MAX_ROWS = 100;
const MAX_COLUMNS = 20;

/** Broadcast words made inert in literal rich text (it is never parsed, but be safe in copies). */
function defuse(text: string): string {
  return text.replace(/@(channel|here|everyone)/gi, '@\u2060$1');
}

type Style = Record<string, boolean>;

function textElement(text: string, style: Style): Block[] {
  if (!text) return [];
  return [{ type: 'text', text: defuse(text), ...(Object.keys(style).length ? { style } : {}) }];
}

/** One span as rich_text elements; `base` is the cell's own style (a bold header). */
function spanElements(s: Span, base: Style): Block[] {
  switch (s.kind) {
    case 'text':
      return textElement(s.text, base);
    case 'bold':
      return textElement(s.text, { ...base, bold: true });
    case 'code':
      return textElement(s.text, { ...base, code: true });
    case 'mention':
      return SLACK_ID.test(s.userId)
        ? [{ type: 'user', user_id: s.userId }]
        : textElement(`@${s.userId}`, base);
    case 'link': {
      const url = safeUrl(s.url);
      if (!url) return textElement(s.text, base);
      return [{ type: 'link', url, text: defuse(s.text) || url, ...(base.bold ? { style: base } : {}) }];
    }
  }
}

/** RichText as rich_text elements: `text` spans stay literal, mentions become user elements. */
function richTextElements(text: RichText, bold: boolean): Block[] {
  const base: Style = bold ? { bold: true } : {};
  const out = toSpans(text).flatMap((s) => spanElements(s, base));
  // Slack refuses an empty cell: a space stands for it.
  return out.length ? out : [{ type: 'text', text: ' ' }];
}

function richTextCell(text: RichText, bold = false): Block {
  return {
    type: 'rich_text',
    elements: [{ type: 'rich_text_section', elements: richTextElements(text, bold) }],
  };
}

/**
 * A Block Kit `table` block (messages only, one per message): a bold header row and at most 99
 * rows of at most 20 cells; rows beyond that give way to a `…(+N)` row.
 */
export function nativeTable(table: CardTable): Block {
  const columns = table.columns.slice(0, MAX_COLUMNS);
  const cells = (row: RichText[]) => columns.map((_, i) => richTextCell(row[i] ?? ''));
  const room = MAX_ROWS - 1;
  const shown = table.rows.length > room ? table.rows.slice(0, room - 1) : table.rows;
  const rows = [columns.map((c) => richTextCell(c.label, true)), ...shown.map(cells)];
  if (shown.length < table.rows.length) {
    rows.push(cells([`…(+${table.rows.length - shown.length})`]));
  }
  return {
    type: 'table',
    rows,
    column_settings: columns.map((c) => ({ align: c.align ?? 'left', is_wrapped: c.align !== 'right' })),
  };
}
