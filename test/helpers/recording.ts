/**
 * A Messenger that records what the app says on a platform, for tests that drive the event
 * pipeline directly (no HTTP fake needed). It is the network edge: everything before it (the
 * outbox, live messages, the delivering loop) is the real thing.
 */

import type { App } from '../../src/app.ts';
import type {
  Conversation,
  IncomingEvent,
  MessageRef,
  Platform,
  ReplyTarget,
} from '../../src/core/events.ts';
import type { Form } from '../../src/core/form.ts';
import type { OutgoingMessage, Reply } from '../../src/core/message.ts';
import type { Messenger, Urgency } from '../../src/core/messenger.ts';

export type RecordedCall =
  | { op: 'post'; to: Conversation; message: OutgoingMessage; ref: MessageRef }
  | { op: 'update'; ref: MessageRef; message: OutgoingMessage }
  | { op: 'ephemeral'; to: Conversation; userId: string; message: OutgoingMessage }
  | { op: 'direct'; userId: string; message: OutgoingMessage; urgency: Urgency }
  | { op: 'respond'; target: ReplyTarget; reply: Reply }
  | { op: 'openForm'; target: ReplyTarget; form: Form; sessionId: string }
  | {
      op: 'sendForm';
      to: { userId: string } | Conversation;
      form: Form;
      sessionId: string;
      intro: OutgoingMessage;
    };

export class RecordingMessenger implements Messenger {
  readonly editIntervalMs: number = 0;
  readonly calls: RecordedCall[] = [];
  private n = 0;
  /** Make the next calls fail (a failing chat API): each entry is thrown once, in order. */
  readonly failures: Error[] = [];

  /** While it returns an error, every call fails with it (a chat API that is down); attempts are counted. */
  outage: (() => Error | null) | null = null;
  failedAttempts = 0;

  constructor(readonly platform: Platform) {}

  private fail(): void {
    const err = this.failures.shift() ?? this.outage?.() ?? null;
    if (err) {
      this.failedAttempts++;
      throw err;
    }
  }

  async post(to: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    this.fail();
    const ref: MessageRef = {
      channelId: to.channelId,
      messageId: `m${++this.n}`,
      ...(to.threadId ? { threadId: to.threadId } : {}),
    };
    this.calls.push({ op: 'post', to, message, ref });
    return ref;
  }
  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    this.fail();
    this.calls.push({ op: 'update', ref, message });
  }
  async ephemeral(to: Conversation, userId: string, message: OutgoingMessage): Promise<void> {
    this.fail();
    this.calls.push({ op: 'ephemeral', to, userId, message });
  }
  async direct(userId: string, message: OutgoingMessage, urgency: Urgency = 'normal'): Promise<MessageRef> {
    this.fail();
    this.calls.push({ op: 'direct', userId, message, urgency });
    return { channelId: `D${userId}`, messageId: `m${++this.n}` };
  }
  async respond(target: ReplyTarget, reply: Reply): Promise<void> {
    this.fail();
    this.calls.push({ op: 'respond', target, reply });
  }
  async openForm(target: ReplyTarget, form: Form, sessionId: string): Promise<void> {
    this.calls.push({ op: 'openForm', target, form, sessionId });
  }
  async sendForm(
    to: { userId: string } | Conversation,
    form: Form,
    sessionId: string,
    intro: OutgoingMessage,
  ) {
    this.calls.push({ op: 'sendForm', to, form, sessionId, intro });
    return { channelId: 'userId' in to ? `D${to.userId}` : to.channelId, messageId: `m${++this.n}` };
  }

  /** The calls of one operation. */
  of<K extends RecordedCall['op']>(op: K): Extract<RecordedCall, { op: K }>[] {
    return this.calls.filter((c): c is Extract<RecordedCall, { op: K }> => c.op === op);
  }

  /** Every message said, in order, whatever the operation. */
  messages(): OutgoingMessage[] {
    return this.calls.flatMap((c) => ('message' in c ? [c.message] : 'reply' in c ? [c.reply.message] : []));
  }

  /** Plain text of everything said (cards by their text and title), one line per message. */
  text(): string {
    return this.messages()
      .map((m) => (m.card ? `${m.card.title} ${JSON.stringify(m.card)}` : JSON.stringify(m.text)))
      .join('\n');
  }
}

/** Registers a recording messenger for `platform` on the app and returns it. */
export function recordOn(app: App, platform: Platform): RecordingMessenger {
  const m = new RecordingMessenger(platform);
  app.messengers.set(platform, m);
  return m;
}

type Bare<E> = E extends IncomingEvent ? Omit<E, 'replyTo'> & { replyTo?: ReplyTarget } : never;

/** The event with a reply target where its user is (tests write events without one). */
export function withReply(event: Bare<IncomingEvent>): IncomingEvent {
  const threadId = 'threadId' in event ? event.threadId : undefined;
  return {
    ...event,
    replyTo: event.replyTo ?? {
      channelId: event.channelId,
      userId: event.user.id,
      ...(threadId ? { threadId } : {}),
    },
  } as IncomingEvent;
}

/** Submits events to the pipeline and waits until they, and what they said, are done. */
export async function submit(app: App, ...events: Bare<IncomingEvent>[]): Promise<void> {
  await Promise.all(events.map((e) => app.dispatcher.submit(withReply(e)).done));
  await app.settle();
}

/** Where a ticket's card was posted (its live message), or undefined while it is not. */
export async function cardOf(app: App, ticketId: number) {
  return app.runtime.repos.live.get(`ticket:${ticketId}`);
}
