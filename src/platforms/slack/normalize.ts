/**
 * Slack payloads → neutral events. The one place that reads Slack's field names; the HTTP and
 * Socket Mode receivers both reach it through the same Bolt listeners (listeners.ts). Each
 * function returns null for payloads sopbot ignores (its own messages, joins, unfurls…).
 */
import { createHash } from 'node:crypto';
import type {
  ActionEvent,
  CommandEvent,
  FormSubmitEvent,
  IncomingEvent,
  MessageChangedEvent,
  MessageRef,
  ReactionEvent,
  ReplyTarget,
  ShortcutEvent,
} from '../../core/events.ts';
import type { RawFormValues } from '../../core/form.ts';
import { PROMPT_PREFIX } from './render.ts';

export type Json = Record<string, unknown>;

export const rec = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** Who the bot is, so it never reacts to its own posts. */
export interface BotIdentity {
  userId: string;
  botId: string;
}

/**
 * Slack's wire text to plain text: `<@U1|ann>` → `<@U1>` (the neutral mention form commands
 * parse), `<#C1|general>` → `#general`, `<!here>` → `@here` (literal from here on),
 * `<https://x|label>` → `label (https://x)`, then `&amp;` `&lt;` `&gt;` decoded.
 */
export function decodeSlackText(text: string): string {
  const tokens = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|', 2);
    if (/^@[UW]/.test(target)) return `<${target}>`;
    if (target.startsWith('#')) return label ? `#${label}` : target;
    if (target.startsWith('!subteam^')) return label ?? '@team';
    if (target.startsWith('!')) return `@${target.slice(1).split('^')[0]}`;
    return label && label !== target ? `${label} (${target})` : target;
  });
  return tokens.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** A stable id for payloads without Slack's event_id: a retried POST of the same body maps to the same id. */
export function stableId(prefix: string, body: Json, preferred?: unknown): string {
  const id = str(preferred);
  if (id) return `${prefix}:${id}`;
  return `${prefix}:${createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 32)}`;
}

/** The workspace of any payload shape (Events API, command, interactivity, enterprise installs). */
export function teamOf(body: Json): string {
  const auth = rec((body.authorizations as unknown[] | undefined)?.[0]);
  return (
    str(auth.team_id) ??
    str(body.team_id) ??
    str(rec(body.team).id) ??
    str(rec(body.user).team_id) ??
    str(rec(body.view).team_id) ??
    'unknown'
  );
}

/** `/ticket new x` (or `ticket new x` after an @mention / in a DM): command name and text. */
export function parseCommandText(text: string): { command: string; text: string } | null {
  const m = /^[/／]?([^\s/／]\S*)\s*([\s\S]*)$/.exec(text.trim());
  return m ? { command: (m[1] ?? '').toLowerCase(), text: m[2] ?? '' } : null;
}

/**
 * Where to answer: the conversation and user, plus what only Slack reads (a response_url for
 * ephemeral answers anywhere, a trigger_id to open a modal within 3 s of the click).
 */
export function replyTarget(
  channelId: string,
  userId: string,
  opts: { threadId?: string; responseUrl?: string; triggerId?: string; home?: boolean } = {},
): ReplyTarget {
  const extra: Record<string, string> = {};
  if (opts.responseUrl) extra.responseUrl = opts.responseUrl;
  if (opts.triggerId) extra.triggerId = opts.triggerId;
  if (opts.home) extra.home = '1';
  return {
    channelId,
    userId,
    ...(opts.threadId ? { threadId: opts.threadId } : {}),
    ...(Object.keys(extra).length ? { extra } : {}),
  };
}

/** A slash command body (form fields or the Socket Mode payload). */
export function commandEvent(body: Json): CommandEvent {
  const channelId = str(body.channel_id) ?? '';
  const userId = str(body.user_id) ?? 'unknown';
  return {
    kind: 'command',
    eventId: stableId('command', body, body.trigger_id),
    platform: 'slack',
    workspaceId: teamOf(body),
    channelId,
    user: { id: userId, name: str(body.user_name) },
    replyTo: replyTarget(channelId, userId, {
      responseUrl: str(body.response_url),
      triggerId: str(body.trigger_id),
    }),
    command: (str(body.command) ?? '').replace(/^[/／]/, ''),
    text: decodeSlackText(str(body.text) ?? ''),
    raw: body,
  };
}

const USER_SUBTYPES = new Set([undefined, 'file_share', 'thread_broadcast', 'me_message']);

function isOwn(message: Json, bot: BotIdentity): boolean {
  return message.bot_id === bot.botId || message.user === bot.userId;
}

/** A `message` event: intake message, thread reply, command to the bot, edit or deletion. */
export function messageEvent(envelope: Json, bot: BotIdentity): IncomingEvent | null {
  const event = rec(envelope.event);
  const subtype = str(event.subtype);
  if (subtype === 'message_changed' || subtype === 'message_deleted') return changedEvent(envelope, bot);
  if (!USER_SUBTYPES.has(subtype) || isOwn(event, bot) || !str(event.user)) return null;
  const ts = str(event.ts) ?? '';
  const threadTs = str(event.thread_ts);
  const reply = threadTs && threadTs !== ts ? threadTs : undefined;
  const channelId = str(event.channel) ?? '';
  const userId = str(event.user) ?? '';
  const base = {
    eventId: stableId('event', envelope, envelope.event_id),
    platform: 'slack' as const,
    workspaceId: teamOf(envelope),
    channelId,
    user: { id: userId },
    replyTo: replyTarget(channelId, userId, { threadId: reply }),
    raw: envelope,
  };
  const text = decodeSlackText(str(event.text) ?? '');
  const mention = `<@${bot.userId}>`;
  const toBot = text.trimStart().startsWith(mention) || event.channel_type === 'im';
  if (toBot) {
    const parsed = parseCommandText(text.trimStart().replace(mention, ''));
    if (!parsed) return null;
    return { ...base, kind: 'command', ...parsed, threadId: reply };
  }
  if (reply) return { ...base, kind: 'thread_reply', messageId: ts, threadId: reply, text };
  return { ...base, kind: 'message', messageId: ts, text };
}

function changedEvent(envelope: Json, bot: BotIdentity): MessageChangedEvent | null {
  const event = rec(envelope.event);
  const deleted = event.subtype === 'message_deleted';
  const message = rec(deleted ? event.previous_message : event.message);
  if (isOwn(message, bot)) return null;
  const text = deleted ? null : decodeSlackText(str(message.text) ?? '');
  // Unfurls and other attachment updates re-send the same text: not an edit.
  if (!deleted && str(rec(event.previous_message).text) === str(message.text)) return null;
  const messageId = deleted ? str(event.deleted_ts) : str(message.ts);
  if (!messageId) return null;
  const threadTs = str(message.thread_ts);
  const channelId = str(event.channel) ?? '';
  const userId = str(message.user) ?? 'unknown';
  return {
    kind: 'message_changed',
    eventId: stableId('event', envelope, envelope.event_id),
    platform: 'slack',
    workspaceId: teamOf(envelope),
    channelId,
    user: { id: userId },
    replyTo: replyTarget(channelId, userId),
    messageId,
    threadId: threadTs && threadTs !== messageId ? threadTs : undefined,
    text,
    raw: envelope,
  };
}

/** The message a reaction was added to, as fetched from conversations.history/replies. */
export interface ReactedMessage {
  text?: string;
  user?: string;
  threadTs?: string;
}

/** `reaction_added` on a message; `emoji` without skin tone. */
export function reactionEvent(envelope: Json, found: ReactedMessage | null): ReactionEvent | null {
  const event = rec(envelope.event);
  const item = rec(event.item);
  const channel = str(item.channel);
  const ts = str(item.ts);
  if (item.type !== 'message' || !channel || !ts) return null;
  const author = found?.user ?? str(event.item_user);
  const userId = str(event.user) ?? 'unknown';
  const threadId = found?.threadTs && found.threadTs !== ts ? found.threadTs : undefined;
  return {
    kind: 'reaction',
    eventId: stableId('event', envelope, envelope.event_id),
    platform: 'slack',
    workspaceId: teamOf(envelope),
    channelId: channel,
    user: { id: userId },
    replyTo: replyTarget(channel, userId, { threadId }),
    messageId: ts,
    threadId,
    emoji: reactionName(event),
    text: found?.text !== undefined ? decodeSlackText(found.text) : undefined,
    author: author ? { id: author } : undefined,
    raw: envelope,
  };
}

export function reactionName(event: Json): string {
  return (str(event.reaction) ?? '').split('::')[0] ?? '';
}

/** The neutral action id: prompt prefix and de-duplication suffix removed. */
export function neutralActionId(actionId: string): string {
  return actionId.replace(PROMPT_PREFIX, '').replace(/~\d+$/, '');
}

/** The card message a block action came from (undefined for App Home and modals). */
export function actionMessage(body: Json): MessageRef | undefined {
  const container = rec(body.container);
  const channelId = str(container.channel_id) ?? str(rec(body.channel).id);
  const messageId = str(container.message_ts) ?? str(rec(body.message).ts);
  if (!channelId || !messageId) return undefined;
  const threadTs = str(container.thread_ts) ?? str(rec(body.message).thread_ts);
  return { channelId, messageId, threadId: threadTs && threadTs !== messageId ? threadTs : undefined };
}

/** A button click or select choice (`block_actions`); `input` comes from a prompt modal. */
export function actionEvent(
  body: Json,
  action: Json,
  extra: {
    value?: string;
    input?: string;
    message?: MessageRef;
    eventId?: string;
    channelId?: string;
    responseUrl?: string;
  } = {},
): ActionEvent {
  const message = extra.message ?? actionMessage(body);
  const value = extra.value ?? str(action.value) ?? str(rec(action.selected_option).value) ?? '';
  const channelId = message?.channelId ?? extra.channelId ?? str(rec(body.channel).id) ?? '';
  const userId = str(rec(body.user).id) ?? 'unknown';
  return {
    kind: 'action',
    eventId: extra.eventId ?? stableId('action', body, body.trigger_id),
    platform: 'slack',
    workspaceId: teamOf(body),
    channelId,
    user: { id: userId, name: str(rec(body.user).username) },
    replyTo: replyTarget(channelId, userId, {
      threadId: message?.threadId,
      responseUrl: extra.responseUrl ?? str(body.response_url),
      triggerId: str(body.trigger_id),
      home: rec(body.view).type === 'home',
    }),
    actionId: neutralActionId(str(action.action_id) ?? ''),
    value,
    message,
    input: extra.input?.trim() || undefined,
    raw: body,
  };
}

/** The message shortcut on a message: the message, its author and text, and the callback id. */
export function shortcutEvent(body: Json): ShortcutEvent {
  const message = rec(body.message);
  const ts = str(message.ts) ?? str(body.message_ts) ?? '';
  const channelId = str(rec(body.channel).id) ?? '';
  const userId = str(rec(body.user).id) ?? 'unknown';
  const threadTs = str(message.thread_ts);
  const threadId = threadTs && threadTs !== ts ? threadTs : undefined;
  return {
    kind: 'shortcut',
    shortcut: str(body.callback_id) ?? '',
    eventId: stableId('shortcut', body, body.trigger_id),
    platform: 'slack',
    workspaceId: teamOf(body),
    channelId,
    user: { id: userId, name: str(rec(body.user).username) },
    replyTo: replyTarget(channelId, userId, {
      threadId,
      responseUrl: str(body.response_url),
      triggerId: str(body.trigger_id),
    }),
    messageId: ts,
    threadId,
    text: str(message.text) !== undefined ? decodeSlackText(str(message.text) ?? '') : undefined,
    author: str(message.user) ? { id: str(message.user) ?? '' } : undefined,
    raw: body,
  };
}

/**
 * A submitted sopbot form modal. The channel to answer in is not in a modal's payload: the
 * pipeline answers where the form was opened (kept with its session).
 */
export function formSubmitEvent(body: Json, sessionId: string, values: RawFormValues): FormSubmitEvent {
  const view = rec(body.view);
  const userId = str(rec(body.user).id) ?? 'unknown';
  return {
    kind: 'form_submit',
    eventId: stableId('view', body, view.id),
    platform: 'slack',
    workspaceId: teamOf(body),
    channelId: '',
    user: { id: userId, name: str(rec(body.user).username) },
    replyTo: replyTarget('', userId),
    sessionId,
    formId: '',
    values,
    raw: body,
  };
}

/** First line of a message, cut to a title's length (the modal prefill). */
export function firstLine(text: string, max = 150): string {
  const line = (text.trim().split('\n')[0] ?? '').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
