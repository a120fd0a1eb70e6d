import type { Conversation, MessageRef, Platform } from './events.ts';
import type { OutgoingMessage } from './message.ts';

/** How hard a direct ping should try to reach someone (Feishu 加急; Slack falls back to a DM). */
export type Urgency = 'normal' | 'app' | 'sms' | 'phone';

/**
 * The outgoing port every platform implements. Use cases talk to chat only through this, so
 * the same ticket flow runs on Slack, Feishu and the console. Implementations own retries and
 * rate limits: a call that resolves has been accepted for delivery.
 */
export interface Messenger {
  readonly platform: Platform;
  /** Posts in a channel, or in a thread when `to.threadId` is set. */
  post(to: Conversation, message: OutgoingMessage): Promise<MessageRef>;
  /** Edits a message the bot posted earlier (cards update in place). */
  update(ref: MessageRef, message: OutgoingMessage): Promise<void>;
  /** A message only `userId` sees, in that conversation. */
  ephemeral(to: Conversation, userId: string, message: OutgoingMessage): Promise<void>;
  /** A direct message to a user. */
  direct(userId: string, message: OutgoingMessage, urgency?: Urgency): Promise<MessageRef | null>;
  /** A link that opens a message, where the platform has one; null when it cannot be had. */
  permalink?(ref: MessageRef): Promise<string | null>;
}

/** What a platform hands the event pipeline with each event: where to send, how to answer the sender. */
export interface EventIO {
  messenger: Messenger;
  respond(reply: import('./message.ts').Reply): Promise<void>;
  /**
   * The event is being replayed after the process that acknowledged it stopped: it may have been
   * handled in part already, so the pipeline lets it through its duplicate check and handlers
   * skip what is done.
   */
  replay?: boolean;
}

/** The pipeline entry point a platform calls after it has acknowledged the request. */
export type DispatchFn = (event: import('./events.ts').IncomingEvent, io: EventIO) => Promise<void>;
