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

/**
 * Where and how to answer the user who caused an event: serializable, because the answer travels
 * through the outbox. `extra` holds what only the platform reads (a Slack response_url or
 * trigger_id, a Feishu chat type); nothing outside that platform looks inside it.
 */
export interface ReplyTarget {
  channelId: string;
  threadId?: string;
  userId: string;
  extra?: Record<string, string>;
}

interface EventBase {
  /** Platform-unique delivery id: the idempotency key together with `platform`. */
  eventId: string;
  platform: Platform;
  /** Slack team id, Feishu tenant key, or `local` for the console. */
  workspaceId: string;
  channelId: string;
  user: UserRef;
  /** How to answer the user who caused the event. */
  replyTo: ReplyTarget;
  /**
   * The journal key of the delivery this event came in (durable acks): the event's unit of work
   * finishes it, so the delivery is done exactly when its effects are committed.
   */
  delivery?: string;
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
 * "Do something with this message" from the message's own menu (Slack's message shortcut): the
 * message, its author and text, and the shortcut's callback id. Modules route it by `shortcut`.
 */
export interface ShortcutEvent extends EventBase {
  kind: 'shortcut';
  shortcut: string;
  messageId: string;
  threadId?: string;
  /** The message's text when it could be read. */
  text?: string;
  author?: UserRef;
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

/**
 * A submitted form (Slack view_submission, a Feishu form card, the console's prompts): the
 * session it answers and the raw values, already checked against the form's own rules.
 */
export interface FormSubmitEvent extends EventBase {
  kind: 'form_submit';
  sessionId: string;
  formId: string;
  values: import('./form.ts').RawFormValues;
  /** The message the form was on, when it was on one (a Feishu card to replace). */
  message?: MessageRef;
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
  | ShortcutEvent
  | ActionEvent
  | FormSubmitEvent
  | MessageChangedEvent;

export type EventKind = IncomingEvent['kind'];
