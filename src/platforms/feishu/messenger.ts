/**
 * The Feishu Messenger: the port use cases talk to. Sends go through a per-chat queue (5 per
 * second per chat, in order), card patches through a per-message queue, and every call retries
 * 429/5xx with backoff, so a burst or an outage delays messages instead of dropping them. A
 * send keeps one uuid across its retries, so a retry after a lost answer never posts twice.
 */
import { randomUUID } from 'node:crypto';
import type { Conversation, MessageRef } from '../../core/events.ts';
import type { Logger } from '../../core/logger.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import type { Messenger, Urgency } from '../../core/messenger.ts';
import { type FeishuApi, FeishuApiError, type UrgentKind } from './client.ts';
import type { KeyedQueue } from './queue.ts';
import { renderEphemeral, renderMessage } from './render.ts';

export interface FeishuMessengerOptions {
  /** 加急 kinds allowed (config `feishu.urgent`); sms and phone cost money, so default is app only. */
  urgent: UrgentKind[];
  logger: Logger;
}

export class FeishuMessenger implements Messenger {
  readonly platform = 'feishu' as const;
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

  /** In a thread: a reply to its root with reply_in_thread, so 话题 stay tidy. */
  post(to: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    const wire = renderMessage(message);
    const uuid = randomUUID();
    return this.queue.run(`chat:${to.channelId}`, async () => {
      if (to.threadId) {
        const sent = await this.api.reply(to.threadId, wire, true, uuid);
        return { channelId: to.channelId, threadId: to.threadId, messageId: sent.messageId };
      }
      const sent = await this.api.send('chat_id', to.channelId, wire, uuid);
      return { channelId: to.channelId, messageId: sent.messageId };
    });
  }

  /** Cards are patched in place; plain messages are edited. */
  update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    const wire = renderMessage(message);
    return this.queue.run(`message:${ref.messageId}`, () =>
      wire.msgType === 'interactive'
        ? this.api.patchCard(ref.messageId, wire.content)
        : this.api.edit(ref.messageId, wire),
    );
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
    const card = renderEphemeral(message);
    try {
      await this.queue.run(`chat:${to.channelId}`, () => this.api.ephemeral(to.channelId, userId, card));
    } catch (err) {
      if (!(err instanceof FeishuApiError) || err.retryable) throw err;
      this.opts.logger.warn(
        { code: err.code, chat: to.channelId },
        'ephemeral card refused; sending a direct message',
      );
      await this.direct(userId, message);
    }
  }

  /** A direct message; with urgency, also 加急 (downgraded to in-app when sms/phone is not allowed). */
  async direct(userId: string, message: OutgoingMessage, urgency: Urgency = 'normal'): Promise<MessageRef> {
    const wire = renderMessage(message);
    const uuid = randomUUID();
    const sent = await this.queue.run(`user:${userId}`, () => this.api.send('open_id', userId, wire, uuid));
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
