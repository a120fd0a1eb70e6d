/**
 * The console's Messenger: everything the bot says is printed, cards as text with numbered
 * choices, pictures written as PNG files under `DATA_DIR/exports` (their path and a text rendering
 * printed), forms asked one field at a time by the console platform.
 */
import { randomUUID } from 'node:crypto';
import type { Conversation, MessageRef, ReplyTarget } from '../../core/events.ts';
import type { Form } from '../../core/form.ts';
import { hasMessage, type MessageKey, type Translator } from '../../core/i18n/index.ts';
import { imagesOf, type OutgoingMessage, type Reply } from '../../core/message.ts';
import type { Messenger, Urgency } from '../../core/messenger.ts';
import { exportImages } from './exports.ts';
import { type Choice, renderMessage, type Style } from './render.ts';

/** The parts of the console the messenger prints to and reads the position from. */
export interface ConsoleView {
  channel: string;
  thread: string | undefined;
  user: string;
  /** The console's language now (`:lang` changes it): its own labels are written in it. */
  readonly t: Translator;
  write(text: string): void;
  /** A form for the console user: asked now (`prompt`), or kept until they type `:form`. */
  form(form: Form, sessionId: string, now: boolean, userId: string): void;
}

export interface ConsoleMessengerOptions {
  /** Where pictures are written (`DATA_DIR/exports`); none: only their text is printed. */
  exportsDir?: string;
  timeZone: string;
}

export class ConsoleMessenger implements Messenger {
  readonly platform = 'console' as const;
  readonly editIntervalMs = 0;
  /** Everything sent, in order (tests read it). */
  readonly sent: OutgoingMessage[] = [];
  /** The choices of the last card shown, and where that card is. */
  lastChoices: { choices: Choice[]; ref?: MessageRef } | undefined;
  private readonly conversations = new Map<string, Conversation>();
  private lastConversation: Conversation | undefined;

  constructor(
    private readonly view: ConsoleView,
    private readonly style: Style,
    private readonly opts: ConsoleMessengerOptions = { timeZone: 'UTC' },
  ) {}

  private async show(header: string, message: OutgoingMessage, ref?: MessageRef): Promise<void> {
    this.sent.push(message);
    const images = imagesOf(message);
    const paths =
      images.length && this.opts.exportsDir
        ? await exportImages(images, { exportsDir: this.opts.exportsDir, timeZone: this.opts.timeZone })
        : undefined;
    const rendered = renderMessage(message, this.style, paths);
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
    await this.show(this.view.t('console.from_bot', { where: this.label(to) }), message, ref);
    // `:thread` alone enters the thread of the bot's last message (a card opens a thread).
    const conversation = { channelId: to.channelId, threadId: to.threadId ?? ref.messageId };
    if (message.card?.key && !message.card.conversation)
      this.conversations.set(message.card.key, conversation);
    if (!message.card?.conversation) this.lastConversation = conversation;
    return ref;
  }

  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    await this.show(this.view.t('console.updated', { where: this.label(ref) }), message, ref);
  }

  async ephemeral(to: Conversation, userId: string, message: OutgoingMessage): Promise<void> {
    await this.show(this.view.t('console.only_you', { where: this.label(to), user: userId }), message);
  }

  async direct(userId: string, message: OutgoingMessage, urgency: Urgency = 'normal'): Promise<MessageRef> {
    const t = this.view.t;
    const word = `console.urgency.${urgency}`;
    const header =
      urgency === 'normal'
        ? t('console.dm', { user: userId })
        : t('console.dm_urgent', {
            user: userId,
            urgency: hasMessage(word) ? t(word as MessageKey) : urgency,
          });
    const ref: MessageRef = { channelId: `dm-${userId}`, messageId: `b${randomUUID().slice(0, 8)}` };
    await this.show(header, message, ref);
    return ref;
  }

  async respond(target: ReplyTarget, reply: Reply): Promise<void> {
    const to = { channelId: target.channelId, threadId: target.threadId };
    if (reply.visibility === 'ephemeral') return this.ephemeral(to, target.userId, reply.message);
    await this.post(
      { channelId: to.channelId, threadId: reply.visibility === 'thread' ? to.threadId : undefined },
      reply.message,
    );
  }

  async openForm(target: ReplyTarget, form: Form, sessionId: string): Promise<void> {
    this.view.form(form, sessionId, target.userId === this.view.user, target.userId);
  }

  async sendForm(
    to: { userId: string } | Conversation,
    form: Form,
    sessionId: string,
    intro: OutgoingMessage,
  ) {
    const ref = 'userId' in to ? await this.direct(to.userId, intro) : await this.post(to, intro);
    if ('userId' in to) this.view.form(form, sessionId, false, to.userId);
    return ref;
  }

  /** Where the thread of a card's subject (`#42`) is; the last card's when no key is given. */
  conversationOf(key: string | undefined): Conversation | undefined {
    return key ? this.conversations.get(key) : this.lastConversation;
  }
}
