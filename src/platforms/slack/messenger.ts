/**
 * Slack's Messenger: every call goes through the per-conversation send queue (pacing, 429
 * Retry-After, backoff on 5xx and timeouts), so a call that resolves has been accepted by Slack.
 */
import { CodedError } from '../../core/errors.ts';
import type { Conversation, MessageRef } from '../../core/events.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import type { Messenger, Urgency } from '../../core/messenger.ts';
import { createLiteFetch, type LiteFetch } from './http-client.ts';
import type { SendQueues } from './queue.ts';
import { type Block, renderMessage, type SlackMessage } from './render.ts';

/** The slice of @slack/web-api's WebClient the platform uses (one generic call). */
export interface SlackApi {
  apiCall(method: string, options?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** Platform errors that mean "the bot cannot post there": answered to the user, not retried. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found', 'is_archived', 'restricted_action']);

function platformError(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: unknown } };
  return e?.code === 'slack_webapi_platform_error' ? String(e.data?.error) : undefined;
}

/** An HTTP failure of a response_url post, shaped so the queue's retry rules apply to it. */
class ResponseUrlError extends Error {
  constructor(
    readonly statusCode: number,
    readonly retryAfterSec?: number,
  ) {
    super(`response_url answered ${statusCode}`);
  }
}

const MESSAGE_DEFAULTS = { unfurl_links: false, unfurl_media: false, parse: 'none', link_names: false };

export class SlackMessenger implements Messenger {
  readonly platform = 'slack' as const;
  private readonly dmChannels = new Map<string, string>();

  constructor(
    private readonly api: SlackApi,
    private readonly queues: SendQueues,
    private readonly fetchFn: LiteFetch = createLiteFetch(),
  ) {}

  /** One queued Web API call; "cannot post here" becomes a user-facing coded error. */
  async call(key: string, paced: boolean, method: string, args: Record<string, unknown>) {
    try {
      return await this.queues.run(key, paced, () => this.api.apiCall(method, args));
    } catch (err) {
      const code = platformError(err);
      if (code && CANNOT_POST.has(code)) {
        throw new CodedError('slack.cannot_post', { channel: String(args.channel ?? '') });
      }
      throw err;
    }
  }

  async post(to: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    const args = {
      channel: to.channelId,
      thread_ts: to.threadId,
      ...renderMessage(message),
      ...MESSAGE_DEFAULTS,
    };
    const res = await this.call(to.channelId, true, 'chat.postMessage', args);
    const ref: MessageRef = {
      channelId: typeof res.channel === 'string' ? res.channel : to.channelId,
      messageId: String(res.ts),
    };
    if (to.threadId) ref.threadId = to.threadId;
    return ref;
  }

  async update(ref: MessageRef, message: OutgoingMessage): Promise<void> {
    const { text, blocks } = renderMessage(message);
    const args = { channel: ref.channelId, ts: ref.messageId, text, blocks: blocks ?? [], parse: 'none' };
    await this.call(ref.channelId, false, 'chat.update', args);
  }

  async ephemeral(to: Conversation, userId: string, message: OutgoingMessage): Promise<void> {
    const args = { channel: to.channelId, user: userId, thread_ts: to.threadId, ...renderMessage(message) };
    await this.call(to.channelId, false, 'chat.postEphemeral', { ...args, parse: 'none' });
  }

  /** `chat.getPermalink`; a failure only costs the card its source link, so it gives null. */
  async permalink(ref: MessageRef): Promise<string | null> {
    try {
      const res = await this.call(`read:${ref.channelId}`, false, 'chat.getPermalink', {
        channel: ref.channelId,
        message_ts: ref.messageId,
      });
      return typeof res.permalink === 'string' ? res.permalink : null;
    } catch {
      return null;
    }
  }

  /** Slack has no urgent push: every urgency is a DM (the Feishu platform escalates further). */
  async direct(userId: string, message: OutgoingMessage, _urgency?: Urgency): Promise<MessageRef | null> {
    return this.post({ channelId: await this.dmChannel(userId) }, message);
  }

  async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    const res = await this.call(`dm:${userId}`, false, 'conversations.open', { users: userId });
    const channel = (res.channel as { id?: string } | undefined)?.id;
    if (!channel) throw new Error(`conversations.open gave no channel for ${userId}`);
    this.dmChannels.set(userId, channel);
    return channel;
  }

  /** An ephemeral answer through a slash command's or action's response_url (works in any conversation). */
  async respondVia(responseUrl: string, key: string, message: OutgoingMessage): Promise<void> {
    const body: SlackMessage & Record<string, unknown> = {
      ...renderMessage(message),
      response_type: 'ephemeral',
      replace_original: false,
    };
    await this.queues.run(`resp:${key}`, false, async () => {
      const res = await this.fetchFn(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (!res.ok) {
        const after = Number.parseInt(res.headers.get('retry-after') ?? '', 10);
        throw new ResponseUrlError(res.status, res.status === 429 && after >= 0 ? after : undefined);
      }
    });
  }

  /** The App Home tab of one user. */
  async publishHome(userId: string, blocks: Block[]): Promise<void> {
    await this.call(`home:${userId}`, false, 'views.publish', {
      user_id: userId,
      view: { type: 'home', blocks },
    });
  }
}
