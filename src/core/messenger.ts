import type { Conversation, IncomingEvent, MessageRef, Platform, ReplyTarget } from './events.ts';
import type { Form } from './form.ts';
import type { OutgoingMessage, Reply } from './message.ts';

/** How hard a direct ping should try to reach someone (Feishu 加急; Slack falls back to a DM). */
export type Urgency = 'normal' | 'app' | 'sms' | 'phone';

/** What a platform knows about a user that schedules and language need (Slack users.info). */
export interface UserProfile {
  name?: string;
  timeZone?: string;
  locale?: string;
}

/**
 * The outgoing port every platform implements. Modules never call it directly: they write what to
 * say into the outbox (src/runtime/outbox.ts), which calls this at each channel's pace and retries.
 * Implementations own quick retries and rate limits; a call that resolves has been accepted by the
 * platform. A failure the platform will never accept (the bot is not in the channel, the channel is
 * gone) is thrown as a `DeliveryError` with `permanent: true`; anything else counts as passing
 * (429, 5xx, timeouts) and the outbox tries again later.
 */
export interface Messenger {
  readonly platform: Platform;
  /** The least time between two edits of one message (Slack ~1/s, Feishu 5 per second). */
  readonly editIntervalMs: number;
  /** How long after posting a message can still be edited, when the platform limits it (Feishu: 14 days). */
  readonly editWindowMs?: number;
  /**
   * Commands are typed by their slash names only (Slack: the manifest's ASCII commands), so help
   * names no other name a command answers to.
   */
  readonly slashNamesOnly?: boolean;
  /** Posts in a channel, or in a thread when `to.threadId` is set. Images in the card are uploaded. */
  post(to: Conversation, message: OutgoingMessage): Promise<MessageRef>;
  /** Edits a message the bot posted earlier (cards update in place). */
  update(ref: MessageRef, message: OutgoingMessage): Promise<void>;
  /** A message only `userId` sees, in that conversation. */
  ephemeral(to: Conversation, userId: string, message: OutgoingMessage): Promise<void>;
  /** A direct message to a user. */
  direct(userId: string, message: OutgoingMessage, urgency?: Urgency): Promise<MessageRef | null>;
  /** Answers the user who caused an event, where they caused it (see ReplyTarget). */
  respond(target: ReplyTarget, reply: Reply): Promise<void>;
  /**
   * Opens a form for the user who caused an event, right now (a Slack modal needs the click's
   * trigger_id, valid for 3 s; Feishu posts the form card privately; the console starts prompting).
   */
  openForm(target: ReplyTarget, form: Form, sessionId: string): Promise<void>;
  /**
   * Sends a form unprompted (a daily-report prompt): as a card with the form (Feishu), a message
   * whose button opens the modal (Slack), or a prompt the console user answers.
   */
  sendForm(
    to: { userId: string } | Conversation,
    form: Form,
    sessionId: string,
    intro: OutgoingMessage,
  ): Promise<MessageRef | null>;
  /** A link that opens a message, where the platform has one; null when it cannot be had. */
  permalink?(ref: MessageRef): Promise<string | null>;
  /** The user's zone and locale as the platform knows them; null when it does not say. */
  profile?(userId: string): Promise<UserProfile | null>;
}

/** A delivery failure with its retry class: `permanent` failures are not tried again. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/**
 * The port a platform gets for forms: the session behind a submission (what was asked, in which
 * language) and the check of a submission's values, fast enough to answer inside the platform's
 * 3 s (Slack view_submission errors, a Feishu card callback's replacement card).
 */
export interface FormHost {
  load(sessionId: string): Promise<{ form: Form; locale: string } | null>;
  check(
    sessionId: string,
    values: import('./form.ts').RawFormValues,
  ): Promise<{ ok: true } | { errors: import('./form.ts').FieldErrors; form: Form } | { gone: true }>;
}

/** The pipeline entry point a platform calls after it has acknowledged (and journaled) a request. */
export interface Dispatcher {
  /**
   * Queues the event's work on its conversation's lane and returns at once. `done` settles once
   * the event has been handled (its changes and what it says committed); `said` once what it said
   * has also been delivered by this process (the console waits for it before its next prompt).
   */
  submit(event: IncomingEvent): { done: Promise<void>; said: Promise<void> };
  /** Whether `name` is a command of this bot (`ticket`, `日报`): a line-based platform's check. */
  isCommand?(name: string): boolean;
}
