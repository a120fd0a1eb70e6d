/**
 * The Feishu Messenger: the port use cases talk to. Sends go through a per-chat queue (5 per
 * second per chat, in order), card patches through a per-message queue, and every call retries
 * 429/5xx with backoff, so a burst or an outage delays messages instead of dropping them. A
 * send keeps one uuid across its retries, so a retry after a lost answer never posts twice.
 */
import { randomUUID } from 'node:crypto';
import type { Conversation, MessageRef, ReplyTarget } from '../../core/events.ts';
import type { Form } from '../../core/form.ts';
import type { Logger } from '../../core/logger.ts';
import { type CardImage, imagesOf, type OutgoingMessage, type Reply } from '../../core/message.ts';
import { DeliveryError, type Messenger, type Urgency } from '../../core/messenger.ts';
import { type FeishuApi, FeishuApiError, type UrgentKind } from './client.ts';
import { formCard } from './forms.ts';
import type { KeyedQueue } from './queue.ts';
import { type ImageKeys, renderEphemeral, renderMessage } from './render.ts';

export interface FeishuMessengerOptions {
  /** 加急 kinds allowed (config `feishu.urgent`); sms and phone cost money, so default is app only. */
  urgent: UrgentKind[];
  logger: Logger;
}

/** A failure the open platform will not change its mind about, as the outbox's permanent class. */
function classified(err: unknown): unknown {
  if (err instanceof FeishuApiError && !err.retryable) return new DeliveryError(err.message, true);
  if (err instanceof FeishuApiError && err.retryAfterMs)
    return new DeliveryError(err.message, false, err.retryAfterMs);
  return err;
}

export class FeishuMessenger implements Messenger {
  readonly platform = 'feishu' as const;
  /** Feishu allows 5 updates per second per message. */
  readonly editIntervalMs = 200;
  /** Feishu edits only messages sent in the last 14 days (PATCH /im/v1/messages); a margin kept. */
  readonly editWindowMs = 14 * 86_400_000 - 300_000;
  /** Chats known to be direct chats with the bot (where ephemeral cards do not exist). */
  private readonly p2pChats = new Set<string>();

  constructor(
    private readonly api: FeishuApi,
    private readonly queue: KeyedQueue,
    private readonly opts: FeishuMessengerOptions,
  ) {}

  /** Remembers a chat's type from a message event (card clicks do not say it). */
  noteChat(chatId: string, chatType: string | undefined): void {
    if (chatType !== 'p2p') return;
    if (this.p2pChats.size > 10_000) this.p2pChats.clear();
    this.p2pChats.add(chatId);
  }

  isDirectChat(chatId: string): boolean {
    return this.p2pChats.has(chatId);
  }

  /** Uploads a message's pictures (image_key per picture); one that fails shows as its text. */
  private async images(message: OutgoingMessage): Promise<ImageKeys | undefined> {
    const list = imagesOf(message).filter((i): i is CardImage & { data: Uint8Array } =>
      Boolean(i.data?.byteLength),
    );
    if (!list.length) return undefined;
    const keys = new Map<CardImage, string>();
    for (const [i, image] of list.entries()) {
      try {
        keys.set(image, await this.api.uploadImage(image.data, `sopbot-${i + 1}.png`));
      } catch (err) {
        this.opts.logger.warn({ err }, 'could not upload a picture; it shows as text');
      }
    }
    return keys;
  }

  /** In a thread: a reply to its root with reply_in_thread, so 话题 stay tidy. */
  async post(to: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    const wire = renderMessage(message, await this.images(message));
    const uuid = randomUUID();
    return this.queue
      .run(`chat:${to.channelId}`, async () => {
        if (to.threadId) {
          const sent = await this.api.reply(to.threadId, wire, true, uuid);
          return { channelId: to.channelId, threadId: to.threadId, messageId: sent.messageId };
        }
        const sent = await this.api.send('chat_id', to.channelId, wire, uuid);
        return { channelId: to.channelId, messageId: sent.messageId };
      })
      .catch((err: unknown) => {
        throw classified(err);
      });
  }

  /** Cards are patched in place; plain messages are edited. */
  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    const wire = renderMessage(message, await this.images(message));
    return this.queue
      .run(`message:${ref.messageId}`, () =>
        wire.msgType === 'interactive'
          ? this.api.patchCard(ref.messageId, wire.content)
          : this.api.edit(ref.messageId, wire),
      )
      .catch((err: unknown) => {
        throw classified(err);
      });
  }

  /** Answers the user who caused an event: privately (ephemeral), in the chat, or in the thread. */
  async respond(target: ReplyTarget, reply: Reply): Promise<void> {
    if (target.extra?.chatType === 'p2p') this.noteChat(target.channelId, 'p2p');
    if (reply.visibility === 'ephemeral') {
      return this.ephemeral(
        { channelId: target.channelId, threadId: target.threadId },
        target.userId,
        reply.message,
      );
    }
    const threadId = reply.visibility === 'thread' ? (target.threadId ?? target.extra?.messageId) : undefined;
    await this.post({ channelId: target.channelId, threadId }, reply.message);
  }

  /** A form for the user who clicked or typed: a private form card where they are (or a DM). */
  async openForm(target: ReplyTarget, form: Form, sessionId: string): Promise<void> {
    const card = formCard(form, sessionId, { shared: false });
    if (target.extra?.chatType === 'p2p' || this.isDirectChat(target.channelId)) {
      await this.sendCard('chat_id', target.channelId, card);
      return;
    }
    try {
      await this.queue.run(`chat:${target.channelId}`, () =>
        this.api.ephemeral(target.channelId, target.userId, card),
      );
    } catch (err) {
      if (!(err instanceof FeishuApiError) || err.retryable) throw classified(err);
      await this.sendCard('open_id', target.userId, card);
    }
  }

  /** A form sent unprompted (a daily-report prompt): the intro and the form in one card, by DM or in a chat. */
  async sendForm(
    to: { userId: string } | Conversation,
    form: Form,
    sessionId: string,
    intro: OutgoingMessage,
  ) {
    const withIntro: Form = { ...form, intro: form.intro ?? intro.text };
    const card = formCard(withIntro, sessionId, { shared: 'userId' in to });
    return 'userId' in to
      ? this.sendCard('open_id', to.userId, card)
      : this.sendCard('chat_id', to.channelId, card);
  }

  private async sendCard(kind: 'chat_id' | 'open_id', id: string, card: object): Promise<MessageRef> {
    const uuid = randomUUID();
    const wire = { msgType: 'interactive' as const, content: JSON.stringify(card) };
    const sent = await this.queue
      .run(`${kind === 'chat_id' ? 'chat' : 'user'}:${id}`, () => this.api.send(kind, id, wire, uuid))
      .catch((err: unknown) => {
        throw classified(err);
      });
    return { channelId: sent.chatId ?? id, messageId: sent.messageId };
  }

  /**
   * Only `userId` sees it: an ephemeral card in a group. Where Feishu has none (direct chats,
   * chats the user left, topic groups refusing it) it becomes a direct message instead.
   */
  async ephemeral(to: Conversation, userId: string, message: OutgoingMessage): Promise<void> {
    if (this.isDirectChat(to.channelId)) {
      await this.post({ channelId: to.channelId }, message);
      return;
    }
    const card = renderEphemeral(message, await this.images(message));
    try {
      await this.queue.run(`chat:${to.channelId}`, () => this.api.ephemeral(to.channelId, userId, card));
    } catch (err) {
      if (!(err instanceof FeishuApiError) || err.retryable) throw classified(err);
      this.opts.logger.warn(
        { code: err.code, chat: to.channelId },
        'ephemeral card refused; sending a direct message',
      );
      await this.direct(userId, message);
    }
  }

  /** A direct message; with urgency, also 加急 (downgraded to in-app when sms/phone is not allowed). */
  async direct(userId: string, message: OutgoingMessage, urgency: Urgency = 'normal'): Promise<MessageRef> {
    const wire = renderMessage(message, await this.images(message));
    const uuid = randomUUID();
    const sent = await this.queue
      .run(`user:${userId}`, () => this.api.send('open_id', userId, wire, uuid))
      .catch((err: unknown) => {
        throw classified(err);
      });
    const ref: MessageRef = { channelId: sent.chatId, messageId: sent.messageId };
    const kind = this.urgentKind(urgency);
    if (kind)
      await this.queue.run(`message:${sent.messageId}`, () =>
        this.api.urgent(kind, sent.messageId, [userId]),
      );
    return ref;
  }

  private urgentKind(urgency: Urgency): UrgentKind | null {
    if (urgency === 'normal') return null;
    if (this.opts.urgent.includes(urgency)) return urgency;
    return this.opts.urgent.includes('app') ? 'app' : null;
  }
}
