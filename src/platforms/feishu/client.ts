/**
 * The open-platform calls sopbot makes, over the SDK's Client: send, reply, patch, edit, get a
 * message, 加急, ephemeral cards, image uploads and the bot's own identity. Every call checks the response code
 * and retries network errors, 5xx and rate limiting with backoff; an expired tenant token is
 * dropped from this client's own cache (never the SDK's module-global one) and fetched again.
 */
import {
  Client,
  type Cache as LarkCache,
  type Logger as LarkLogger,
  LoggerLevel,
} from '@larksuiteoapi/node-sdk';
import type { Logger } from '../../core/logger.ts';
import { FeishuHttpError, fetchHttpInstance } from './http-instance.ts';
import { backoffMs, DEFAULT_RETRY, type RetryPolicy, realTimer, type Timer } from './queue.ts';

/** Codes Feishu answers when a limit was hit: wait and try again. */
const RATE_LIMITED = new Set([99991400, 11232, 11233, 11247, 230020]);
/** Codes of a missing, invalid or expired tenant access token: refresh it and try again. */
const BAD_TOKEN = new Set([99991661, 99991663, 99991664, 99991668]);

/** A failed open-platform call, classified for the retry policy and the error log. */
export class FeishuApiError extends Error {
  constructor(
    readonly label: string,
    readonly status: number | undefined,
    readonly code: number | undefined,
    readonly detail: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(`Feishu ${label} failed: ${status ?? ''} ${code ?? ''} ${detail}`.replace(/\s+/g, ' '));
    this.name = 'FeishuApiError';
  }
}

/** What the renderers produce for the message APIs. */
export interface WireMessage {
  msgType: 'post' | 'interactive';
  /** JSON text, as the message APIs want it. */
  content: string;
}

/** A message as GET im/v1/messages/:id returns it (the fields sopbot reads). */
export interface FetchedMessage {
  message_id?: string;
  root_id?: string;
  thread_id?: string;
  chat_id?: string;
  msg_type?: string;
  sender?: { id?: string; id_type?: string; sender_type?: string };
  body?: { content?: string };
  mentions?: { key?: string; id?: string | { open_id?: string }; name?: string }[];
}

export interface FeishuApiOptions {
  appId: string;
  appSecret: string;
  domain: string;
  logger: Logger;
  retry?: Partial<RetryPolicy>;
  timer?: Timer;
  timeoutMs?: number;
}

type Answer = { code?: number; msg?: string; data?: unknown } & Record<string, unknown>;

/** Feishu refuses images over 10 MB (and empty ones). */
export const IMAGE_LIMIT_BYTES = 10 * 1024 * 1024;

function mimeOf(filename: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
  if (ext === 'gif' || ext === 'webp' || ext === 'bmp') return `image/${ext}`;
  return 'image/png';
}
export type UrgentKind = 'app' | 'sms' | 'phone';

/** This client's token cache: per instance, so several apps (or test fakes) never share tokens. */
/** The SDK's cache key type (its declaration uses the boxed `Symbol`). */
type CacheKey = Parameters<LarkCache['get']>[0];

class TokenCache implements LarkCache {
  private readonly values = new Map<string, { value: unknown; expiredTime?: number }>();
  private static key(key: CacheKey, namespace?: string): string {
    return `${namespace ?? ''}/${String(key)}`;
  }
  async get(key: CacheKey, options?: { namespace?: string }): Promise<unknown> {
    const hit = this.values.get(TokenCache.key(key, options?.namespace));
    return hit && (!hit.expiredTime || hit.expiredTime > Date.now()) ? hit.value : undefined;
  }
  async set(key: CacheKey, value: unknown, expiredTime?: number, options?: { namespace?: string }) {
    this.values.set(TokenCache.key(key, options?.namespace), { value, expiredTime });
    return true;
  }
  clear(): void {
    this.values.clear();
  }
}

/** Routes the SDK's own log lines into sopbot's logger (warnings and errors only). */
export function sdkLogger(logger: Logger): LarkLogger {
  const line =
    (level: 'warn' | 'error' | 'debug') =>
    (...msg: unknown[]) =>
      logger[level]({ sdk: msg.map((m) => (m instanceof Error ? m.message : m)) }, 'lark sdk');
  return {
    error: line('error'),
    warn: line('warn'),
    info: line('debug'),
    debug: line('debug'),
    trace: line('debug'),
  };
}

export class FeishuApi {
  readonly sdk: Client;
  readonly httpInstance;
  private readonly cache = new TokenCache();
  private readonly retry: RetryPolicy;
  private readonly timer: Timer;

  constructor(private readonly opts: FeishuApiOptions) {
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.timer = opts.timer ?? realTimer;
    this.httpInstance = fetchHttpInstance(opts.timeoutMs ?? 10_000);
    this.sdk = new Client({
      appId: opts.appId,
      appSecret: opts.appSecret,
      domain: opts.domain,
      cache: this.cache,
      httpInstance: this.httpInstance,
      logger: sdkLogger(opts.logger),
      loggerLevel: LoggerLevel.fatal,
    });
  }

  /** Runs one open-platform call with the retry policy; resolves with the whole answer. */
  async call<T extends Answer>(label: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let failure: FeishuApiError;
      try {
        const answer = await fn();
        if (!answer || answer.code === undefined || answer.code === 0) return answer;
        failure = this.classify(label, undefined, answer.code, answer.msg);
      } catch (err) {
        failure = this.fromThrown(label, err);
      }
      if (BAD_TOKEN.has(failure.code ?? -1)) this.cache.clear();
      if (!failure.retryable || attempt >= this.retry.attempts) throw failure;
      const wait = backoffMs(this.retry, attempt, failure.retryAfterMs);
      this.opts.logger.warn(
        { label, attempt, wait, code: failure.code, status: failure.status },
        'feishu retry',
      );
      await this.timer.sleep(wait);
    }
  }

  private classify(label: string, status: number | undefined, code: number | undefined, msg: unknown) {
    const retryable =
      status === 0 ||
      status === 429 ||
      (status !== undefined && status >= 500) ||
      RATE_LIMITED.has(code ?? -1) ||
      BAD_TOKEN.has(code ?? -1);
    return new FeishuApiError(label, status, code, String(msg ?? ''), retryable);
  }

  private fromThrown(label: string, err: unknown): FeishuApiError {
    if (err instanceof FeishuHttpError) {
      const body = err.body as { msg?: unknown; message?: unknown } | null;
      const base = this.classify(label, err.status, err.code, body?.msg ?? body?.message);
      return new FeishuApiError(label, base.status, base.code, base.detail, base.retryable, err.retryAfterMs);
    }
    // The token manager throws plain errors when the token endpoint answers oddly: transient.
    return new FeishuApiError(
      label,
      undefined,
      undefined,
      err instanceof Error ? err.message : String(err),
      true,
    );
  }

  async send(to: 'chat_id' | 'open_id', id: string, msg: WireMessage, uuid: string) {
    const answer = await this.call('im.message.create', () =>
      this.sdk.im.v1.message.create({
        params: { receive_id_type: to },
        data: { receive_id: id, msg_type: msg.msgType, content: msg.content, uuid },
      }),
    );
    return { messageId: answer.data?.message_id ?? '', chatId: answer.data?.chat_id ?? id };
  }

  async reply(messageId: string, msg: WireMessage, inThread: boolean, uuid: string) {
    const answer = await this.call('im.message.reply', () =>
      this.sdk.im.v1.message.reply({
        path: { message_id: messageId },
        data: { msg_type: msg.msgType, content: msg.content, reply_in_thread: inThread, uuid },
      }),
    );
    return { messageId: answer.data?.message_id ?? '', chatId: answer.data?.chat_id };
  }

  /** Updates a card in place (PATCH); the card must have been sent with update_multi. */
  async patchCard(messageId: string, content: string): Promise<void> {
    await this.call('im.message.patch', () =>
      this.sdk.im.v1.message.patch({ path: { message_id: messageId }, data: { content } }),
    );
  }

  /** Edits a text/post message the bot sent (PUT). */
  async edit(messageId: string, msg: WireMessage): Promise<void> {
    await this.call('im.message.update', () =>
      this.sdk.im.v1.message.update({
        path: { message_id: messageId },
        data: { msg_type: msg.msgType, content: msg.content },
      }),
    );
  }

  async getMessage(messageId: string): Promise<FetchedMessage | undefined> {
    const answer = await this.call('im.message.get', () =>
      this.sdk.im.v1.message.get({ path: { message_id: messageId } }),
    );
    return answer.data?.items?.[0] as FetchedMessage | undefined;
  }

  /** 加急: pushes a message the bot sent to `userIds` in the app, by SMS or by phone. */
  async urgent(kind: UrgentKind, messageId: string, userIds: string[]): Promise<void> {
    const payload = {
      path: { message_id: messageId },
      params: { user_id_type: 'open_id' as const },
      data: { user_id_list: userIds },
    };
    const m = this.sdk.im.v1.message;
    const fn = kind === 'app' ? m.urgentApp : kind === 'sms' ? m.urgentSms : m.urgentPhone;
    await this.call(`im.message.urgent_${kind}`, () => fn(payload));
  }

  /** A card only `openId` sees in the group `chatId`; resolves with its message id. */
  async ephemeral(chatId: string, openId: string, card: object): Promise<string> {
    const answer = await this.call('ephemeral.send', () =>
      this.sdk.request<Answer>({
        method: 'POST',
        url: '/open-apis/ephemeral/v1/send',
        data: { chat_id: chatId, open_id: openId, msg_type: 'interactive', card },
      }),
    );
    return String((answer.data as { message_id?: unknown } | undefined)?.message_id ?? '');
  }

  /**
   * Uploads a picture for messages and cards (POST im/v1/images, scope im:resource, at most
   * 10 MB) and resolves with its image_key, which a card's `img` element shows. Sent as the
   * SDK's request so the retry policy and token refresh apply, and the answer's code is checked
   * (the SDK's own image.create drops it).
   */
  async uploadImage(data: Uint8Array, filename: string): Promise<string> {
    if (data.byteLength === 0 || data.byteLength > IMAGE_LIMIT_BYTES) {
      throw new FeishuApiError(
        'im.image.create',
        undefined,
        undefined,
        `image of ${data.byteLength} bytes`,
        false,
      );
    }
    const answer = await this.call('im.image.create', () =>
      this.sdk.request<Answer>({
        method: 'POST',
        url: '/open-apis/im/v1/images',
        headers: { 'Content-Type': 'multipart/form-data' },
        data: {
          image_type: 'message',
          image: new File([new Uint8Array(data)], filename, { type: mimeOf(filename) }),
        },
      }),
    );
    const key = (answer.data as { image_key?: unknown } | undefined)?.image_key;
    if (typeof key !== 'string' || !key) {
      throw new FeishuApiError(
        'im.image.create',
        undefined,
        answer.code,
        'no image_key in the answer',
        false,
      );
    }
    return key;
  }

  /** The bot's own open_id and name: to tell mentions of the bot from mentions of people. */
  async botInfo(): Promise<{ openId: string; name: string }> {
    const answer = await this.call('bot.info', () =>
      this.sdk.request<Answer>({ method: 'GET', url: '/open-apis/bot/v3/info' }),
    );
    const bot = (answer.bot ?? answer.data) as { open_id?: string; app_name?: string } | undefined;
    return { openId: bot?.open_id ?? '', name: bot?.app_name ?? '' };
  }
}
