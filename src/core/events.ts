/**
 * Platform-neutral incoming events. Each platform normalizes its raw payloads into exactly
 * these shapes (keeping `raw` for logs); nothing past src/platforms/ reads a platform field.
 */
export type Platform = 'slack' | 'feishu' | 'console';

/** A user as the platform knows them; `id` is the platform user id (U0ANN, ou_xxx, or a console name). */
export interface UserRef {
  id: string;
  name?: string;
}

/** Where a conversation happens: a channel/chat, optionally inside a thread (the root message id). */
export interface Conversation {
  channelId: string;
  threadId?: string;
}

/** A message the bot or a user posted, precise enough to edit, reply to or link to. */
export interface MessageRef extends Conversation {
  messageId: string;
}

interface EventBase {
  /** Platform-unique delivery id: the idempotency key together with `platform`. */
  eventId: string;
  platform: Platform;
  /** Slack team id, Feishu tenant key, or `local` for the console. */
  workspaceId: string;
  channelId: string;
  user: UserRef;
  /** The raw payload, for logs only. Never read outside the platform that produced it. */
  raw?: unknown;
}

/** `/ticket list`, `@sopbot /ticket list`, `/工单 list`: the command name without slash and its text. */
export interface CommandEvent extends EventBase {
  kind: 'command';
  command: string;
  text: string;
  /** The thread the command was typed in, when the platform has one. */
  threadId?: string;
}

/** A top-level message in a channel (candidate for intake). */
export interface MessageEvent extends EventBase {
  kind: 'message';
  messageId: string;
  text: string;
}

/** A reply inside a thread whose root is `threadId`. */
export interface ThreadReplyEvent extends EventBase {
  kind: 'thread_reply';
  messageId: string;
  threadId: string;
  text: string;
}

/** An emoji reaction added to a message. `emoji` is the platform's short name (ticket, 🎫 key). */
export interface ReactionEvent extends EventBase {
  kind: 'reaction';
  messageId: string;
  threadId?: string;
  emoji: string;
  /** Text of the reacted message when the platform supplies it (or fetched by the platform layer). */
  text?: string;
  /** Author of the reacted message: the reporter of a ticket made from it. */
  author?: UserRef;
}

/**
 * "Make a ticket of this message", with the title and priority the user confirmed (Slack's
 * message shortcut and its modal). Like a reaction, the message's author is the reporter and the
 * ticket lives in the message's thread.
 */
export interface CaptureEvent extends EventBase {
  kind: 'capture';
  messageId: string;
  threadId?: string;
  /** The message's text when it could be read (the ticket's description). */
  text?: string;
  author?: UserRef;
  title: string;
  /** P0..P3 as chosen, or absent for automatic classification. */
  priority?: string;
}

/** A click on a card button or a choice in a card select. */
export interface ActionEvent extends EventBase {
  kind: 'action';
  actionId: string;
  value: string;
  /** The card message the action came from, so it can be edited in place. */
  message?: MessageRef;
  /** Free text the user supplied with the action (a modal's note field, a console prompt). */
  input?: string;
}

/** The source message of something changed or was deleted. */
export interface MessageChangedEvent extends EventBase {
  kind: 'message_changed';
  messageId: string;
  threadId?: string;
  /** New text, or null when the message was deleted. */
  text: string | null;
}

export type IncomingEvent =
  | CommandEvent
  | MessageEvent
  | ThreadReplyEvent
  | ReactionEvent
  | CaptureEvent
  | ActionEvent
  | MessageChangedEvent;

export type EventKind = IncomingEvent['kind'];
