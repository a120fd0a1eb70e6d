/**
 * Renders neutral messages and cards as terminal text; buttons and select options become numbered
 * choices. Card blocks: sections with bold titles, dividers, tables with aligned columns, pictures
 * as `🖼 <title>: <file>` with their text fallback, button rows numbered where they stand.
 */
import type { Card, CardBlock, CardImage, OutgoingMessage, RichText } from '../../core/message.ts';
import { toSpans } from '../../core/message.ts';
import { formatTable } from './table.ts';

export interface Choice {
  actionId: string;
  value: string;
  label: string;
  prompt?: { title: string; label: string; optional?: boolean };
}

export interface Rendered {
  text: string;
  choices: Choice[];
}

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
}

export const plainStyle: Style = { bold: (s) => s, dim: (s) => s };
export const ansiStyle: Style = { bold: (s) => `\x1b[1m${s}\x1b[22m`, dim: (s) => `\x1b[2m${s}\x1b[22m` };

export function renderRich(text: RichText, style: Style): string {
  return toSpans(text)
    .map((s) => {
      switch (s.kind) {
        case 'bold':
          return style.bold(s.text);
        case 'code':
          return `\`${s.text}\``;
        case 'mention':
          return `@${s.userId}`;
        case 'link':
          return `${s.text} <${s.url}>`;
        default:
          return s.text;
      }
    })
    .join('');
}

const TONE_MARK = { danger: '🔴', warning: '🟠', info: '🔵', neutral: '⚪', success: '🟢' } as const;
const WIDTH = 60;

/** Where each picture was written (console exports), so the card can print the path. */
export type ImagePaths = ReadonlyMap<CardImage, string>;

const boxed = (text: string) => text.split('\n').map((l) => `│ ${l}`);

function imageLines(image: CardImage, paths: ImagePaths | undefined): string[] {
  const name = image.title || image.alt;
  const path = paths?.get(image);
  const head = path ? `🖼 ${name}: ${path}` : `🖼 ${name}`;
  return [head, ...(image.textFallback ? image.textFallback.split('\n') : [])];
}

/** One block as framed lines; button rows add their buttons to `choices`, numbered in place. */
function blockLines(block: CardBlock, style: Style, choices: Choice[], paths?: ImagePaths): string[] {
  switch (block.kind) {
    case 'section': {
      const lines = block.title ? [style.bold(block.title)] : [];
      if (block.text) lines.push(renderRich(block.text, style));
      for (const f of block.fields ?? []) lines.push(`${f.label}: ${renderRich(f.value, style)}`);
      return lines.flatMap(boxed);
    }
    case 'divider':
      return [`├${'─'.repeat(WIDTH)}`];
    case 'table': {
      const { columns, rows } = block.table;
      const header = columns.map((c) => ({ ...c, label: style.bold(c.label) }));
      const cells = rows.map((r) => r.map((c) => renderRich(c, style)));
      return [...(block.title ? [style.bold(block.title)] : []), ...formatTable(header, cells)].flatMap(
        boxed,
      );
    }
    case 'image':
      return imageLines(block.image, paths).flatMap(boxed);
    case 'buttons': {
      const labels = block.buttons.map((b) => {
        choices.push({ actionId: b.actionId, value: b.value, label: b.label, prompt: b.prompt });
        return `[${choices.length}] ${b.label}`;
      });
      return labels.length ? boxed(labels.join('  ')) : [];
    }
    case 'context':
      return boxed(style.dim(renderRich(block.text, style)));
  }
}

function renderCard(card: Card, style: Style, paths?: ImagePaths): Rendered {
  const width = WIDTH;
  const lines = [`┌${'─'.repeat(width)}`, `│ ${TONE_MARK[card.tone ?? 'neutral']} ${style.bold(card.title)}`];
  for (const f of card.fields ?? []) lines.push(`│ ${f.label}: ${renderRich(f.value, style)}`);
  if (card.text) for (const l of renderRich(card.text, style).split('\n')) lines.push(`│ ${l}`);
  const choices: Choice[] = [];
  for (const block of card.blocks ?? []) lines.push(...blockLines(block, style, choices, paths));
  if (card.context) lines.push(`│ ${style.dim(renderRich(card.context, style))}`);
  const blockChoices = choices.length;
  for (const b of card.buttons ?? []) {
    choices.push({ actionId: b.actionId, value: b.value, label: b.label, prompt: b.prompt });
  }
  for (const s of card.selects ?? []) {
    for (const o of s.options) {
      if (o.value === s.selected) continue;
      choices.push({ actionId: s.actionId, value: o.value, label: `${s.placeholder}: ${o.label}` });
    }
  }
  if (choices.length > blockChoices) {
    const rest = choices.slice(blockChoices).map((c, i) => `[${blockChoices + i + 1}] ${c.label}`);
    lines.push(`│ ${rest.join('  ')}`);
  }
  lines.push(`└${'─'.repeat(width)}`);
  return { text: lines.join('\n'), choices };
}

/**
 * A message as terminal text: the card when there is one (its text is the fallback), else the
 * text. `images`: where the card's pictures were written (exportImages), printed beside them.
 */
export function renderMessage(
  message: OutgoingMessage,
  style: Style = plainStyle,
  images?: ImagePaths,
): Rendered {
  if (message.card) return renderCard(message.card, style, images);
  return { text: renderRich(message.text, style), choices: [] };
}
