/**
 * The outgoing message model. One neutral card, rendered by three renderers (Block Kit,
 * Feishu interactive card, console text). Text is a list of spans so every renderer can
 * escape user text its own way: a span of kind `text` is always literal, never markup.
 */

export type Span =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'mention'; userId: string }
  | { kind: 'link'; url: string; text: string };

/** Plain strings are literal user-safe text; arrays mix literal text with mentions and styling. */
export type RichText = string | Span[];

export interface CardField {
  label: string;
  value: RichText;
}

export type ButtonStyle = 'primary' | 'danger' | 'default';

export interface CardButton {
  /** Stable action id (`ticket.ack`); comes back as ActionEvent.actionId. */
  actionId: string;
  label: string;
  /** Opaque payload (`42`); comes back as ActionEvent.value. */
  value: string;
  style?: ButtonStyle;
  /** When set, the platform asks the user for a free-text note before sending the action. */
  prompt?: { title: string; label: string; optional?: boolean };
}

export interface CardSelect {
  actionId: string;
  placeholder: string;
  options: { label: string; value: string }[];
  selected?: string;
}

export type CardTone = 'info' | 'success' | 'warning' | 'danger' | 'neutral';

/**
 * A picture in a card: PNG bytes and the text that stands for it (screen readers, notifications,
 * the console). `blobId` names the stored bytes (the outbox carries images by reference and loads
 * them at delivery); `data` is filled in when the bytes are at hand. Platforms upload the bytes
 * their own way (Slack files, Feishu image_key, a PNG file for the console).
 */
export interface CardImage {
  blobId?: string;
  data?: Uint8Array;
  alt: string;
  /** A caption shown above the picture. */
  title?: string;
  /** Intrinsic size in pixels, when known (for renderers that scale). */
  width?: number;
  height?: number;
  /**
   * The same figure as a few lines of text (`opened ████ 12`): the console prints it beside the
   * file's path, so a terminal alone is readable.
   */
  textFallback?: string;
}

/** A small table: a header row and rows of cells (kept small: platforms have no real tables). */
export interface CardTable {
  columns: { label: string; align?: 'left' | 'right' }[];
  rows: RichText[][];
}

/** Content blocks below a card's fields and text, in order. */
export type CardBlock =
  | { kind: 'section'; title?: string; text?: RichText; fields?: CardField[] }
  | { kind: 'divider' }
  | { kind: 'table'; table: CardTable; title?: string }
  | { kind: 'image'; image: CardImage }
  | { kind: 'buttons'; buttons: CardButton[] }
  | { kind: 'context'; text: RichText };

export interface Card {
  title: string;
  /** What the card is about (`#42`): lets a platform find the card's subject again. */
  key?: string;
  /** Where the subject's conversation lives (the ticket thread), when it has one. */
  conversation?: { channelId: string; threadId?: string };
  tone?: CardTone;
  fields?: CardField[];
  text?: RichText;
  buttons?: CardButton[];
  selects?: CardSelect[];
  /** Sections, dividers, tables, images and button rows, after the fields and text. */
  blocks?: CardBlock[];
  /** Small print under the card (SLA line, ids, hints). */
  context?: RichText;
}

/** What the bot says: a text (always present, used for notifications and fallbacks) and maybe a card. */
export interface OutgoingMessage {
  text: RichText;
  card?: Card;
}

/** Convenience constructors so callers don't build span objects by hand. */
export const span = {
  text: (text: string): Span => ({ kind: 'text', text }),
  bold: (text: string): Span => ({ kind: 'bold', text }),
  code: (text: string): Span => ({ kind: 'code', text }),
  mention: (userId: string): Span => ({ kind: 'mention', userId }),
  link: (url: string, text: string): Span => ({ kind: 'link', url, text }),
};

/** Normalizes RichText to spans. */
export function toSpans(text: RichText): Span[] {
  return typeof text === 'string' ? [{ kind: 'text', text }] : text;
}

/** The text content with markup dropped and mentions as `@id`: for logs, console and fallbacks. */
export function plainText(text: RichText): string {
  return toSpans(text)
    .map((s) => (s.kind === 'mention' ? `@${s.userId}` : s.text))
    .join('');
}

/** A reply to whoever triggered an event: only they see `ephemeral`; `channel` and `thread` are public. */
export interface Reply {
  visibility: 'ephemeral' | 'channel' | 'thread';
  message: OutgoingMessage;
}

/** Every image of a message (card blocks), in order: what a platform must upload before posting. */
export function imagesOf(message: OutgoingMessage): CardImage[] {
  return (message.card?.blocks ?? []).flatMap((b) => (b.kind === 'image' ? [b.image] : []));
}
