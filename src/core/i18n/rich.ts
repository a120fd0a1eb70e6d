import type { Span } from '../message.ts';
import type { MessageKey, Params, Translator } from './index.ts';

/** A placeholder value that renders as a real mention of a user. */
export interface MentionParam {
  mention: string;
}

export type RichParams = Record<string, string | number | MentionParam>;

const MARK = '\u0000';

/**
 * Translates a key whose placeholders may be users: `{user}` becomes a mention span, so each
 * platform renders a real @-mention while the translated sentence keeps its word order.
 */
export function translateRich(t: Translator, key: MessageKey, params: RichParams): Span[] {
  const plain: Params = {};
  const mentions: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === 'object') {
      plain[name] = `${MARK}${mentions.length}${MARK}`;
      mentions.push(value.mention);
    } else {
      plain[name] = value;
    }
  }
  const spans: Span[] = [];
  t(key, plain)
    .split(MARK)
    .forEach((part, i) => {
      if (i % 2 === 1) spans.push({ kind: 'mention', userId: mentions[Number(part)] ?? part });
      else if (part) spans.push({ kind: 'text', text: part });
    });
  return spans;
}
