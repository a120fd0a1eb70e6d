/** Renders neutral messages and cards as terminal text; buttons and select options become numbered choices. */
import type { Card, OutgoingMessage, RichText } from '../../core/message.ts';
import { toSpans } from '../../core/message.ts';

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

function renderCard(card: Card, style: Style): Rendered {
  const width = 60;
  const lines = [`┌${'─'.repeat(width)}`, `│ ${TONE_MARK[card.tone ?? 'neutral']} ${style.bold(card.title)}`];
  for (const f of card.fields ?? []) lines.push(`│ ${f.label}: ${renderRich(f.value, style)}`);
  if (card.text) for (const l of renderRich(card.text, style).split('\n')) lines.push(`│ ${l}`);
  if (card.context) lines.push(`│ ${style.dim(renderRich(card.context, style))}`);
  const choices: Choice[] = [];
  for (const b of card.buttons ?? []) {
    choices.push({ actionId: b.actionId, value: b.value, label: b.label, prompt: b.prompt });
  }
  for (const s of card.selects ?? []) {
    for (const o of s.options) {
      if (o.value === s.selected) continue;
      choices.push({ actionId: s.actionId, value: o.value, label: `${s.placeholder}: ${o.label}` });
    }
  }
  if (choices.length) {
    lines.push(`│ ${choices.map((c, i) => `[${i + 1}] ${c.label}`).join('  ')}`);
  }
  lines.push(`└${'─'.repeat(width)}`);
  return { text: lines.join('\n'), choices };
}

/** A message as terminal text: the card when there is one (its text is the fallback), else the text. */
export function renderMessage(message: OutgoingMessage, style: Style = plainStyle): Rendered {
  if (message.card) return renderCard(message.card, style);
  return { text: renderRich(message.text, style), choices: [] };
}
