/**
 * Feishu payloads → neutral events. Input is what the SDK's EventDispatcher hands a handler
 * (header and event of a v2 payload merged into one object), the same over HTTP and over the
 * long connection. Direct chats and @-mentions of the bot are commands, other group messages
 * are intake messages or thread replies, the ticket emoji is a reaction, a recall is a delete,
 * and a card click is an action. Nothing outside this folder sees a Feishu field.
 */
import type { IncomingEvent, ReplyTarget } from '../../core/events.ts';
import type { FetchedMessage } from './client.ts';
import { formSessionOf, readFormValues } from './forms.ts';
import { noteOf } from './render.ts';

type Raw = Record<string, unknown>;

/** Where an event came from, so replies can go back there (thread, chat, or only to the user). */
export interface Origin {
  tenantKey: string;
  chatId: string;
  /** `p2p` for a direct chat with the bot; `group` (or unknown, for card clicks) otherwise. */
  chatType?: string;
  userId: string;
  /** The message that caused the event (the command to answer in its thread). */
  messageId?: string;
  /** The root of the thread the message was posted in. */
  threadRoot?: string;
}

/**
 * Where to answer the user who caused an event: the chat, the thread the event was in, and what
 * only this platform reads (the chat type: a direct chat has no ephemeral cards; the message to
 * answer in the thread of).
 */
export function replyTargetOf(origin: Origin): ReplyTarget {
  const extra: Record<string, string> = {};
  if (origin.chatType) extra.chatType = origin.chatType;
  if (origin.messageId) extra.messageId = origin.messageId;
  return {
    channelId: origin.chatId,
    userId: origin.userId,
    ...(origin.threadRoot ? { threadId: origin.threadRoot } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

export type Normalized =
  | { kind: 'event'; event: IncomingEvent; origin: Origin }
  /** A message to the bot sopbot cannot run (empty after the mention, or not text): answer with a hint. */
  | { kind: 'hint'; hint: 'empty' | 'unsupported'; eventId: string; origin: Origin }
  | { kind: 'ignore'; reason: string };

/**
 * config.tickets.reaction → Feishu emoji_type. Feishu has no 🎫, so `ticket` (the default) is
 * 📌 `Pin`; any other value is taken as a Feishu emoji_type itself (e.g. `OnIt`, `DONE`).
 */
export const REACTION_EMOJI: Record<string, string> = {
  ticket: 'Pin',
  tickets: 'Pin',
  admission_tickets: 'Pin',
  pushpin: 'Pin',
  white_check_mark: 'DONE',
  heavy_check_mark: 'CheckMark',
  '+1': 'THUMBSUP',
  thumbsup: 'THUMBSUP',
  eyes: 'GLANCE',
  fire: 'Fire',
  rotating_light: 'Alarm',
};

export function feishuEmojiFor(reaction: string): string {
  return REACTION_EMOJI[reaction.toLowerCase()] ?? reaction;
}

const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

function json(text: unknown): Raw {
  if (typeof text !== 'string') return obj(text);
  try {
    return obj(JSON.parse(text));
  } catch {
    return {};
  }
}

interface Mention {
  key: string;
  openId?: string;
  name: string;
}

/** Both shapes: events carry `id: {open_id}`, GET message carries `id: "ou_…"`. */
function mentionsOf(list: unknown): Mention[] {
  if (!Array.isArray(list)) return [];
  return list.map((m) => {
    const r = obj(m);
    const id = typeof r.id === 'string' ? r.id : str(obj(r.id).open_id);
    return { key: str(r.key) ?? '', openId: id, name: str(r.name) ?? id ?? '' };
  });
}

function postText(content: Raw): string {
  const body = Array.isArray(content.content)
    ? content
    : obj(content.zh_cn ?? content.en_us ?? content.ja_jp ?? Object.values(content)[0]);
  const lines: string[] = [];
  const title = str(body.title);
  if (title) lines.push(title);
  for (const paragraph of Array.isArray(body.content) ? body.content : []) {
    if (!Array.isArray(paragraph)) continue;
    const parts = paragraph.map((el) => {
      const e = obj(el);
      if (e.tag === 'at') return str(e.user_id) ?? (str(e.user_name) ? `@${e.user_name}` : '');
      if (e.tag === 'a') return str(e.text) ?? str(e.href) ?? '';
      return str(e.text) ?? '';
    });
    lines.push(parts.join(''));
  }
  return lines.join('\n');
}

/** The text of a text or post message; null for other kinds (images, files, stickers…). */
export function messageText(msgType: unknown, content: unknown): string | null {
  const parsed = json(content);
  if (msgType === 'text') return str(parsed.text) ?? '';
  if (msgType === 'post') return postText(parsed);
  return null;
}

/**
 * Replaces mention placeholders (`@_user_1`, `@_all`). In commands the bot's own mention goes
 * away and people become `<@open_id>`; in plain text everyone becomes a readable `@name`.
 * `@_all` is always the literal text `@all`, never a ping.
 */
export function resolveMentions(
  text: string,
  list: unknown,
  mode: 'command' | 'plain',
  bot?: string,
): string {
  const mentions = mentionsOf(list);
  return text.replace(/@_(?:user_\d+|all)\b/g, (key) => {
    if (key === '@_all') return '@all';
    const m = mentions.find((x) => x.key === key);
    if (!m) return key;
    if (mode === 'plain' || !m.openId) return `@${m.name}`;
    return m.openId === bot ? '' : `<@${m.openId}>`;
  });
}

const COMMAND = /^[/／]?(\S+)\s*([\s\S]*)$/;

/** im.message.receive_v1 → command, message or thread_reply (or a hint, or nothing). */
export function normalizeMessage(raw: Raw, bot: string | undefined): Normalized {
  const sender = obj(raw.sender);
  const userId = str(obj(sender.sender_id).open_id);
  if (sender.sender_type !== 'user' || !userId) return { kind: 'ignore', reason: 'not sent by a person' };
  if (bot && userId === bot) return { kind: 'ignore', reason: 'own message' };
  const msg = obj(raw.message);
  const chatId = str(msg.chat_id);
  const messageId = str(msg.message_id);
  if (!chatId || !messageId) return { kind: 'ignore', reason: 'no chat or message id' };
  const tenantKey = str(raw.tenant_key) ?? str(sender.tenant_key) ?? '';
  const eventId = str(raw.event_id) ?? `message:${messageId}`;
  const threadRoot = str(msg.root_id);
  const chatType = str(msg.chat_type);
  const origin: Origin = { tenantKey, chatId, chatType, userId, messageId, threadRoot };
  const toBot =
    chatType === 'p2p' || (bot !== undefined && mentionsOf(msg.mentions).some((m) => m.openId === bot));
  const text = messageText(msg.message_type, msg.content);
  if (text === null) return toBot ? { kind: 'hint', hint: 'unsupported', eventId, origin } : ignoreOther();
  const base = {
    eventId,
    platform: 'feishu' as const,
    workspaceId: tenantKey,
    channelId: chatId,
    user: { id: userId },
    replyTo: replyTargetOf(origin),
    raw,
  };
  if (toBot) {
    const match = COMMAND.exec(resolveMentions(text, msg.mentions, 'command', bot).trim());
    if (!match) return { kind: 'hint', hint: 'empty', eventId, origin };
    const event: IncomingEvent = {
      ...base,
      kind: 'command',
      command: match[1] ?? '',
      text: match[2] ?? '',
      threadId: threadRoot,
    };
    return { kind: 'event', event, origin };
  }
  const plain = resolveMentions(text, msg.mentions, 'plain', bot);
  const event: IncomingEvent = threadRoot
    ? { ...base, kind: 'thread_reply', messageId, threadId: threadRoot, text: plain }
    : { ...base, kind: 'message', messageId, text: plain };
  return { kind: 'event', event, origin };
}

function ignoreOther(): Normalized {
  return { kind: 'ignore', reason: 'not a text message' };
}

/** True when a Feishu emoji_type is the configured ticket reaction. */
export function isTicketEmoji(emojiType: string | undefined, reaction: string): boolean {
  return !!emojiType && emojiType.toLowerCase() === feishuEmojiFor(reaction).toLowerCase();
}

/**
 * im.message.reaction.created_v1 with the ticket emoji → reaction. The event has no chat id
 * and no text, so the reacted message is fetched; other emoji are ignored before any call.
 */
export async function normalizeReaction(
  raw: Raw,
  reaction: string,
  fetchMessage: (id: string) => Promise<FetchedMessage | undefined>,
  bot: string | undefined,
): Promise<Normalized> {
  const emojiType = str(obj(raw.reaction_type).emoji_type);
  const userId = str(obj(raw.user_id).open_id);
  const messageId = str(raw.message_id);
  if (raw.operator_type !== 'user' || !userId || !messageId)
    return { kind: 'ignore', reason: 'not a person' };
  if (!isTicketEmoji(emojiType, reaction)) return { kind: 'ignore', reason: 'other emoji' };
  const m = await fetchMessage(messageId);
  if (!m?.chat_id) return { kind: 'ignore', reason: 'reacted message not found' };
  const text = messageText(m.msg_type, m.body?.content);
  const tenantKey = str(raw.tenant_key) ?? '';
  const author = m.sender?.sender_type === 'user' && m.sender.id ? { id: m.sender.id } : undefined;
  const origin: Origin = { tenantKey, chatId: m.chat_id, userId, messageId };
  const event: IncomingEvent = {
    kind: 'reaction',
    replyTo: replyTargetOf(origin),
    eventId: str(raw.event_id) ?? `reaction:${messageId}:${userId}:${emojiType}`,
    platform: 'feishu',
    workspaceId: tenantKey,
    channelId: m.chat_id,
    user: { id: userId },
    messageId,
    threadId: m.root_id || undefined,
    emoji: reaction,
    text: text === null ? undefined : resolveMentions(text, m.mentions, 'plain', bot),
    author,
    raw,
  };
  return { kind: 'event', event, origin };
}

/** im.message.recalled_v1 → message_changed with text null (the actor is the bot: Feishu names none). */
export function normalizeRecalled(raw: Raw, bot: string | undefined): Normalized {
  const messageId = str(raw.message_id);
  const chatId = str(raw.chat_id);
  if (!messageId || !chatId) return { kind: 'ignore', reason: 'no message id' };
  const tenantKey = str(raw.tenant_key) ?? '';
  const actor = bot ?? 'feishu';
  const origin: Origin = { tenantKey, chatId, userId: actor };
  const event: IncomingEvent = {
    kind: 'message_changed',
    replyTo: replyTargetOf(origin),
    eventId: str(raw.event_id) ?? `recalled:${messageId}`,
    platform: 'feishu',
    workspaceId: tenantKey,
    channelId: chatId,
    user: { id: actor },
    messageId,
    text: null,
    raw,
  };
  return { kind: 'event', event, origin };
}

/**
 * card.action.trigger → action. Buttons carry `{actionId, value}`; a select sends its choice
 * as `option`; a prompt button's form sends the note in `form_value`. The id is the callback's
 * event_id (or its one-click token), so a redelivered click is recognised.
 */
export function normalizeCardAction(raw: Raw): Normalized {
  const operator = obj(raw.operator);
  const action = obj(raw.action);
  const context = obj(raw.context);
  const payload = json(action.value);
  const actionId = str(payload.actionId);
  const userId = str(operator.open_id);
  const chatId = str(context.open_chat_id) ?? str(raw.open_chat_id);
  const messageId = str(context.open_message_id) ?? str(raw.open_message_id);
  const tenantKey = str(raw.tenant_key) ?? str(operator.tenant_key) ?? '';
  const form = formSessionOf(action);
  if (form && userId && chatId) {
    const origin: Origin = { tenantKey, chatId, userId, messageId };
    const event: IncomingEvent = {
      kind: 'form_submit',
      eventId: str(raw.event_id) ?? `form:${str(raw.token) ?? messageId}`,
      platform: 'feishu',
      workspaceId: tenantKey,
      channelId: chatId,
      user: { id: userId },
      replyTo: replyTargetOf(origin),
      sessionId: form.sessionId,
      formId: '',
      values: readFormValues(action.form_value),
      message: messageId ? { channelId: chatId, messageId } : undefined,
      raw,
    };
    return form.cancelled ? { kind: 'ignore', reason: 'form cancelled' } : { kind: 'event', event, origin };
  }
  if (!actionId || !userId || !chatId) return { kind: 'ignore', reason: 'not a sopbot action' };
  const note = noteOf(action.form_value);
  const origin: Origin = { tenantKey, chatId, userId, messageId };
  const event: IncomingEvent = {
    kind: 'action',
    replyTo: replyTargetOf(origin),
    eventId: str(raw.event_id) ?? `card:${str(raw.token) ?? messageId}`,
    platform: 'feishu',
    workspaceId: tenantKey,
    channelId: chatId,
    user: { id: userId },
    actionId,
    value: str(action.option) ?? str(payload.value) ?? '',
    message: messageId ? { channelId: chatId, messageId } : undefined,
    input: note || undefined,
    raw,
  };
  return { kind: 'event', event, origin };
}
