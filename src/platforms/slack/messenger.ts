/**
 * Slack's Messenger: every call goes through the per-conversation send queue (pacing, 429
 * Retry-After, a few quick retries on 5xx and timeouts), so a call that resolves has been accepted
 * by Slack. What still fails is classified for the outbox: "the bot cannot post there" is
 * permanent (a coded error the user can be told), everything passing is retried later by the
 * outbox with backoff. Pictures are uploaded before the message that shows them.
 */
import { CodedError } from '../../core/errors.ts';
import type { Conversation, MessageRef, ReplyTarget } from '../../core/events.ts';
import type { Form } from '../../core/form.ts';
import { imagesOf, type OutgoingMessage, type Reply } from '../../core/message.ts';
import { DeliveryError, type Messenger, type Urgency, type UserProfile } from '../../core/messenger.ts';
import { rewriteTexts, slashCommandWriter } from './command-names.ts';
import { isFileNotReadyError, uploadCardImages } from './files.ts';
import { formView } from './forms.ts';
import { createLiteFetch, type LiteFetch } from './http-client.ts';
import { ProfileCache } from './profile.ts';
import { isRetryable, type SendQueues, type Timing } from './queue.ts';
import { type Block, renderMessage, type SlackMessage } from './render.ts';

/** The slice of @slack/web-api's WebClient the platform uses (one generic call). */
export interface SlackApi {
  apiCall(method: string, options?: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** The action id of the button that opens a form sent unprompted (the session id is its value). */
export const OPEN_FORM_ACTION = 'sopbot.form.open';

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

export interface SlackMessengerOptions {
  /** Retry timing of the files wait (tests use virtual time). */
  timing: Timing;
  /** Chinese command names and the slash commands Slack knows them by (`工单` → `ticket`). */
  commandNames?: ReadonlyMap<string, string>;
}

export class SlackMessenger implements Messenger {
  readonly platform = 'slack' as const;
  readonly editIntervalMs = 1_000;
  readonly slashNamesOnly = true;
  private readonly dmChannels = new Map<string, string>();
  private readonly profiles: ProfileCache;
  private readonly slashNames: (text: string) => string;

  constructor(
    private readonly api: SlackApi,
    private readonly queues: SendQueues,
    private readonly fetchFn: LiteFetch = createLiteFetch(),
    private readonly opts: SlackMessengerOptions,
  ) {
    this.profiles = new ProfileCache(api, { queues });
    this.slashNames = slashCommandWriter(opts.commandNames ?? new Map());
  }

  /** One queued Web API call; failures classified for the outbox (see the file comment). */
  async call(key: string, paced: boolean, method: string, args: Record<string, unknown>) {
    try {
      return await this.queues.run(key, paced, () => this.api.apiCall(method, args));
    } catch (err) {
      const code = platformError(err);
      if (code && CANNOT_POST.has(code)) {
        throw new CodedError('slack.cannot_post', { channel: String(args.channel ?? '') });
      }
      if (code && !isRetryable(err) && !isFileNotReadyError(err)) {
        throw new DeliveryError(`slack ${method}: ${code}`, true);
      }
      throw err;
    }
  }

  /** The message as Slack arguments, its pictures uploaded first (those that fail show as text). */
  private async rendered(channelId: string, message: OutgoingMessage): Promise<SlackMessage> {
    const images = imagesOf(message);
    const map = images.length
      ? await uploadCardImages(this.api, images, {
          queues: this.queues,
          channelId,
          timing: this.opts.timing,
          fetchFn: this.fetchFn,
        })
      : undefined;
    return rewriteTexts(renderMessage(message, map), this.slashNames);
  }

  async post(to: Conversation, message: OutgoingMessage): Promise<MessageRef> {
    const args = {
      channel: to.channelId,
      thread_ts: to.threadId,
      ...(await this.rendered(to.channelId, message)),
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
    const { text, blocks } = await this.rendered(ref.channelId, message);
    const args = { channel: ref.channelId, ts: ref.messageId, text, blocks: blocks ?? [], parse: 'none' };
    await this.call(ref.channelId, false, 'chat.update', args);
  }

  async ephemeral(to: Conversation, userId: string, message: OutgoingMessage): Promise<void> {
    const rendered = await this.rendered(to.channelId, message);
    const args = { channel: to.channelId, user: userId, thread_ts: to.threadId, ...rendered };
    await this.call(to.channelId, false, 'chat.postEphemeral', { ...args, parse: 'none' });
  }

  /** Ephemeral answers through the response_url (any conversation) or chat.postEphemeral; public ones posted. */
  async respond(target: ReplyTarget, reply: Reply): Promise<void> {
    const { message } = reply;
    const responseUrl = target.extra?.responseUrl;
    if (reply.visibility === 'ephemeral') {
      if (responseUrl) {
        try {
          return await this.respondVia(responseUrl, target.channelId || target.userId, message);
        } catch {
          // An expired or used-up response_url: fall back to the other ways below.
        }
      }
      if (target.channelId && !target.extra?.home) {
        return this.ephemeral(
          { channelId: target.channelId, threadId: target.threadId },
          target.userId,
          message,
        );
      }
      await this.direct(target.userId, message);
      return;
    }
    const channelId = target.channelId || (await this.dmChannel(target.userId));
    const threadId = reply.visibility === 'thread' ? target.threadId : undefined;
    await this.post({ channelId, threadId }, message);
  }

  /** A modal, from the click's trigger_id (valid 3 s): never queued behind other calls. */
  async openForm(target: ReplyTarget, form: Form, sessionId: string): Promise<void> {
    const triggerId = target.extra?.triggerId;
    if (!triggerId) throw new DeliveryError('no trigger_id to open a modal with', true);
    await this.api.apiCall('views.open', { trigger_id: triggerId, view: formView(form, sessionId) });
  }

  /** A form sent unprompted: a message with a button whose click opens the modal. */
  async sendForm(
    to: { userId: string } | Conversation,
    form: Form,
    sessionId: string,
    intro: OutgoingMessage,
  ): Promise<MessageRef | null> {
    const card = intro.card ?? { title: form.title, text: intro.text };
    // The button says what it opens in the form's own words (its title, in the reader's language).
    const open = {
      actionId: OPEN_FORM_ACTION,
      label: form.title,
      value: sessionId,
      style: 'primary' as const,
    };
    const message: OutgoingMessage = {
      text: intro.text,
      card: { ...card, buttons: [open, ...(card.buttons ?? [])] },
    };
    if ('userId' in to) return this.direct(to.userId, message);
    return this.post(to, message);
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

  /** users.info: the member's zone and locale (scope users:read). */
  async profile(userId: string): Promise<UserProfile | null> {
    const p = await this.profiles.get(userId);
    return p.timeZone || p.locale || p.name ? p : null;
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
    // Pictures are uploaded first here too (a private digest's charts), like every other send.
    const body: SlackMessage & Record<string, unknown> = {
      ...(await this.rendered(key, message)),
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
      view: { type: 'home', blocks: rewriteTexts({ text: '', blocks }, this.slashNames).blocks },
    });
  }
}
