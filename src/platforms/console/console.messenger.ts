/** The console's Messenger: everything the bot says is printed, cards as text with numbered choices. */
import { randomUUID } from 'node:crypto';
import type { Conversation, MessageRef } from '../../core/events.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import type { Messenger, Urgency } from '../../core/messenger.ts';
import { type Choice, renderMessage, type Style } from './render.ts';

/** The parts of the console the messenger prints to and reads the position from. */
export interface ConsoleView {
  channel: string;
  thread: string | undefined;
  write(text: string): void;
}

export class ConsoleMessenger implements Messenger {
  readonly platform = 'console' as const;
  /** Everything sent, in order (tests read it). */
  readonly sent: OutgoingMessage[] = [];
  /** The choices of the last card shown, and where that card is. */
  lastChoices: { choices: Choice[]; ref?: MessageRef } | undefined;
  private readonly conversations = new Map<string, Conversation>();
  private lastConversation: Conversation | undefined;

  constructor(
    private readonly view: ConsoleView,
    private readonly style: Style,
  ) {}

  private show(header: string, message: OutgoingMessage, ref?: MessageRef): void {
    this.sent.push(message);
    const rendered = renderMessage(message, this.style);
    this.view.write(`${this.style.dim(header)}\n${rendered.text}`);
    if (rendered.choices.length) this.lastChoices = { choices: rendered.choices, ref };
    const card = message.card;
    if (card?.key && card.conversation) {
      this.conversations.set(card.key, card.conversation);
      this.lastConversation = card.conversation;
    }
  }

  private label(to: Conversation): string {
    return `#${to.channelId}${to.threadId ? ` › ${to.threadId}` : ''}`;
  }

  async post(to: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    const ref: MessageRef = { ...to, messageId: `b${randomUUID().slice(0, 8)}` };
    this.show(`[${this.label(to)}] sopbot:`, message, ref);
    if (message.card?.key && !message.card.conversation) {
      const conversation = { channelId: to.channelId, threadId: to.threadId ?? ref.messageId };
      this.conversations.set(message.card.key, conversation);
      this.lastConversation = conversation;
    }
    return ref;
  }

  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    this.show(`[${this.label(ref)}] sopbot (updated card):`, message, ref);
  }

  async ephemeral(to: Conversation, userId: string, message: OutgoingMessage): Promise<void> {
    this.show(`[${this.label(to)}] sopbot → @${userId} only:`, message);
  }

  async direct(userId: string, message: OutgoingMessage, urgency: Urgency = 'normal'): Promise<MessageRef> {
    const flag = urgency === 'normal' ? '' : ` (urgent: ${urgency})`;
    const ref: MessageRef = { channelId: `dm-${userId}`, messageId: `b${randomUUID().slice(0, 8)}` };
    this.show(`[DM → @${userId}${flag}] sopbot:`, message, ref);
    return ref;
  }

  /** Where the thread of a card's subject (`#42`) is; the last card's when no key is given. */
  conversationOf(key: string | undefined): Conversation | undefined {
    return key ? this.conversations.get(key) : this.lastConversation;
  }
}
