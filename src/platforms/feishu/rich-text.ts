/**
 * Neutral rich text → Feishu's two text formats: lark_md for card elements (every literal character
 * markdown or the <at> tag could read is escaped) and `post` rich text for plain replies, where
 * literal text is a `text` element Feishu never parses (no @all, no markup). Both clip to a budget.
 */
import type { RichText, Span } from '../../core/message.ts';
import { toSpans } from '../../core/message.ts';

/** Open ids (ou_…) are the only ids rendered as real mentions; anything else stays literal text. */
export function isOpenId(id: string): boolean {
  return /^ou_[A-Za-z0-9_-]{1,64}$/.test(id);
}

/** Characters lark_md (or its <at>/<font> tags) reads as markup anywhere; `&` so entities stay literal. */
const MD_INLINE = /[\\`*_~[\]<>&]/g;
/** Characters that are markup only at the start of a line (lists, headings, numbered lists). */
const MD_LINE_START = /^(\s*)([-+#]|\d+(?=\.\s))/gm;

/** Literal text for lark_md: markup characters become numeric entities, so nothing is parsed. */
export function escapeMd(text: string): string {
  return text
    .replace(MD_INLINE, (c) => `&#${c.charCodeAt(0)};`)
    .replace(
      MD_LINE_START,
      (_all, space: string, mark: string) => `${space}&#${mark.charCodeAt(0)};${mark.slice(1)}`,
    );
}

export function clip(text: string, budget: { left: number }): string {
  if (budget.left <= 0) return '';
  if (text.length <= budget.left) {
    budget.left -= text.length;
    return text;
  }
  const cut = `${text.slice(0, Math.max(0, budget.left - 1))}…`;
  budget.left = 0;
  return cut;
}

function safeUrl(url: string): string | null {
  return /^https?:\/\/[^\s<>"]+$/i.test(url) ? url.replace(/\(/g, '%28').replace(/\)/g, '%29') : null;
}

function spanToMd(s: Span, budget: { left: number }): string {
  switch (s.kind) {
    case 'mention':
      return isOpenId(s.userId) ? `<at id=${s.userId}></at>` : escapeMd(`@${s.userId}`);
    case 'bold': {
      const text = clip(s.text, budget);
      return text.trim() ? `**${escapeMd(text)}**` : escapeMd(text);
    }
    case 'code':
      return escapeMd(clip(s.text, budget));
    case 'link': {
      const url = safeUrl(s.url);
      const text = escapeMd(clip(s.text, budget));
      return url ? `[${text || escapeMd(url)}](${url})` : text;
    }
    default:
      return escapeMd(clip(s.text, budget));
  }
}

/** RichText as lark_md, with at most `maxChars` characters of literal text. */
export function toMarkdown(text: RichText, maxChars = 4000): string {
  const budget = { left: maxChars };
  return toSpans(text)
    .map((s) => spanToMd(s, budget))
    .join('');
}

type PostElement =
  | { tag: 'text'; text: string; style?: string[] }
  | { tag: 'at'; user_id: string }
  | { tag: 'a'; href: string; text: string };

function spanToPost(s: Span): PostElement[] {
  if (s.kind === 'mention') {
    return [isOpenId(s.userId) ? { tag: 'at', user_id: s.userId } : { tag: 'text', text: `@${s.userId}` }];
  }
  if (s.kind === 'link') {
    const url = safeUrl(s.url);
    return [url ? { tag: 'a', href: url, text: s.text || url } : { tag: 'text', text: s.text }];
  }
  return [{ tag: 'text', text: s.text, ...(s.kind === 'bold' ? { style: ['bold'] } : {}) }];
}

/** RichText as `post` paragraphs: one paragraph per line, literal text in `text` elements. */
export function toPost(text: RichText, maxChars = 20_000): PostElement[][] {
  const budget = { left: maxChars };
  const paragraphs: PostElement[][] = [[]];
  for (const s of toSpans(text)) {
    const parts = s.kind === 'mention' ? [s] : splitLines(s, budget);
    parts.forEach((part, i) => {
      if (i > 0) paragraphs.push([]);
      if (part.kind !== 'mention' && !('text' in part && part.text)) return;
      paragraphs[paragraphs.length - 1]?.push(...spanToPost(part));
    });
  }
  return paragraphs;
}

function splitLines(s: Exclude<Span, { kind: 'mention' }>, budget: { left: number }): Span[] {
  return clip(s.text, budget)
    .split('\n')
    .map((line) => ({ ...s, text: line }));
}
