/**
 * Live messages: messages sopbot keeps current (a ticket card, a release's progress header, a
 * compiled daily report). A module registers a renderer for its subjects (`ticket:42` →
 * prefix `ticket`); the outbox asks it for the message as it should look *at delivery time*, so
 * an edit is never stale however late it runs, and records where the message was posted
 * (`live_messages`), so later edits go in place, at a bounded rate per message.
 */
import type { Conversation, MessageRef } from '../core/events.ts';
import type { OutgoingMessage } from '../core/message.ts';

export interface LiveRenderer {
  /** The subjects it renders: `ticket` renders `ticket:42`. */
  prefix: string;
  /**
   * The message as it should look now, and where it is posted by default; null when the subject
   * is gone (nothing is posted or edited).
   */
  render(subject: string, platform: string): Promise<{ message: OutgoingMessage; to?: Conversation } | null>;
  /**
   * Past the platform's edit window (Feishu: 14 days) the message can no longer be edited: true
   * posts it afresh in its thread and keeps that one current from then on (the card of a ticket
   * still open); false or absent, it stays as last shown (a day's compiled report, a resolved
   * ticket's card).
   */
  repostWhenExpired?(subject: string): Promise<boolean>;
  /** Called once after the first post (a ticket adopts the card's thread and owns it). */
  posted?(subject: string, ref: MessageRef, platform: string): Promise<void>;
  /**
   * Where the subject's thread is when the live message does not say (a ticket born in a thread
   * whose card is not posted yet): lets `threadOf` targets resolve.
   */
  conversation?(subject: string): Promise<Conversation | null>;
}

function prefixOf(subject: string): string {
  const i = subject.indexOf(':');
  return i < 0 ? subject : subject.slice(0, i);
}

/** The renderers of every module, by subject prefix. */
export class LiveRegistry {
  private readonly renderers = new Map<string, LiveRenderer>();

  register(renderer: LiveRenderer): this {
    if (this.renderers.has(renderer.prefix))
      throw new Error(`live renderer registered twice: ${renderer.prefix}`);
    this.renderers.set(renderer.prefix, renderer);
    return this;
  }

  /** The renderer of a subject, or undefined when no module renders it. */
  of(subject: string): LiveRenderer | undefined {
    return this.renderers.get(prefixOf(subject));
  }

  prefixes(): string[] {
    return [...this.renderers.keys()];
  }
}
