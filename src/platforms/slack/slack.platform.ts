/**
 * Slack as a sopbot platform: one Bolt app whose listeners (listeners.ts) feed the dispatcher,
 * received either over sopbot's own HTTP server (`POST /slack/events`) or over Socket Mode when
 * an app token is configured. `mountSlack` is the one entry point: main and the tests call it.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, type Receiver, SocketModeReceiver, webApi } from '@slack/bolt';
import type { DeliveryLedger } from '../../core/delivery.ts';
import type { Platform } from '../../core/events.ts';
import { type Locale, type Translator, translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { Dispatcher, FormHost, Messenger } from '../../core/messenger.ts';
import type { Metrics } from '../../core/metrics.ts';
import { SlackStartError } from '../../core/startup-errors.ts';
import { DurableReceiver } from './durable.ts';
import type { AppHomeFn } from './home.ts';
import { createLiteFetch } from './http-client.ts';
import { registerListeners, type SlackRuntime } from './listeners.ts';
import { boltLogger } from './logger.ts';
import { type SlackApi, SlackMessenger } from './messenger.ts';
import type { BotIdentity } from './normalize.ts';
import { DEFAULT_QUEUE, type QueueOptions, SendQueues } from './queue.ts';
import { SignedHttpReceiver } from './receiver.ts';

/** The Slack part of the environment (PRODUCT.md §Runtime contract). */
export interface SlackEnvironment {
  signingSecret: string;
  botToken: string;
  appToken?: string;
  apiUrl: string;
}

/** What mountSlack needs from the app; `App` from src/main.ts has exactly this shape. */
export interface SlackHost {
  config: {
    locale: Locale;
    workspaces: Record<string, { locale?: Locale }>;
    tickets: { reaction: string };
    /** `durable`: journal deliveries before acking them (durable.ts). */
    deliveries: { durable: boolean };
    env: { slack?: SlackEnvironment };
  };
  http: {
    route(
      method: string,
      path: string,
      handler: (req: IncomingMessage, res: ServerResponse) => unknown,
    ): void;
  };
  /** The event pipeline: events are submitted after the ack. */
  dispatcher: Dispatcher;
  /** The commands' Chinese names and their slash names (what sopbot says names `/ticket`, not `/工单`). */
  router: { slashNames(): Map<string, string> };
  /** Form sessions: a modal's submission is checked before its ack. */
  forms: FormHost;
  /** The delivery journal that makes acks durable (runtime/journal.ts). */
  journal(platform: Platform): DeliveryLedger & { sweeper: DeliveryLedger['sweeper'] };
  /** Resolves when the events submitted so far, and what they said, are done. */
  settle(): Promise<void>;
  logger: Logger;
  messengers: Map<Platform, Messenger>;
  /** /metrics: the platform adds its queue depth there. */
  metrics?: Pick<Metrics, 'registry' | 'eventsDuplicate'>;
}

export interface MountOptions {
  /** App Home content (main supplies it from the domain services). */
  appHome?: AppHomeFn;
  /** Send-queue tuning; tests inject timing so retries and pacing take no wall time. */
  queue?: Partial<QueueOptions>;
  /** Web API request timeout. */
  timeoutMs?: number;
  /** Seconds since the epoch for the signature window (tests). */
  nowS?: () => number;
  /** How long stop() waits for acknowledged events still being handled. */
  stopGraceMs?: number;
}

export interface SlackPlatform {
  messenger: SlackMessenger;
  bolt: App;
  bot: BotIdentity;
  mode: 'http' | 'socket';
  /** Resolves when all work started by received events, and every queued call, has finished. */
  idle(): Promise<void>;
  /** Renews this process's delivery leases and replays expired ones now (it also runs on a timer). */
  sweep(): Promise<void>;
  /** Stops receiving (Socket Mode disconnects) and lets handling events finish, within a grace period. */
  stop(): Promise<void>;
}

/** Who the token belongs to (auth.test), with a few retries: Slack may be briefly unreachable at start. */
async function identify(
  api: SlackApi,
  queues: SendQueues,
  url: string,
): Promise<BotIdentity & { teamId?: string }> {
  const res = await queues
    .run('auth', false, () => api.apiCall('auth.test'))
    .catch((err: unknown) => {
      const e = err as { code?: string; data?: { error?: unknown }; message?: string };
      if (e.code === 'slack_webapi_platform_error')
        throw new SlackStartError(String(e.data?.error), 'token', url);
      throw new SlackStartError(String(e.message ?? err), 'unreachable', url);
    });
  const userId = typeof res.user_id === 'string' ? res.user_id : '';
  const botId = typeof res.bot_id === 'string' ? res.bot_id : '';
  if (!userId)
    throw new Error('Slack auth.test returned no bot user id: is SLACK_BOT_TOKEN a bot token (xoxb-)?');
  return { userId, botId, teamId: typeof res.team_id === 'string' ? res.team_id : undefined };
}

/** Builds the Slack platform on the app: Web API client, send queues, Bolt, receiver, route. */
export async function mountSlack(host: SlackHost, options: MountOptions = {}): Promise<SlackPlatform> {
  const env = host.config.env.slack;
  if (!env) throw new Error('mountSlack needs SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN');
  const logger = host.logger.child({ platform: 'slack' });
  const liteFetch = createLiteFetch();
  const clientOptions = {
    slackApiUrl: env.apiUrl,
    fetch: liteFetch as unknown as typeof fetch,
    // The send queue owns retries and rate limits; the client fails fast so one channel never blocks others.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logger: boltLogger(logger),
  };
  const api = new webApi.WebClient(env.botToken, clientOptions) as unknown as SlackApi;
  const queues = new SendQueues({
    ...DEFAULT_QUEUE,
    onRetry: ({ key, attempt, delayMs, error }) =>
      logger.warn({ key, attempt, delayMs, err: error }, 'slack call failed; retrying'),
    ...options.queue,
  });
  // A few quick tries only: a wrong SLACK_API_URL or token should stop start-up, not stall it.
  const bot = await identify(
    api,
    new SendQueues({ ...DEFAULT_QUEUE, ...options.queue, maxAttempts: 3 }),
    env.apiUrl,
  );
  const messenger = new SlackMessenger(api, queues, liteFetch, {
    timing: options.queue?.timing ?? DEFAULT_QUEUE.timing,
    commandNames: host.router.slashNames(),
  });
  const socket = Boolean(env.appToken);
  const durableAcks = host.config.deliveries.durable;
  const inner: Receiver = env.appToken
    ? new SocketModeReceiver({
        appToken: env.appToken,
        logger: boltLogger(logger),
        installerOptions: { clientOptions: { slackApiUrl: env.apiUrl } },
      })
    : new SignedHttpReceiver({
        signingSecret: env.signingSecret,
        logger,
        nowS: options.nowS,
        // Durable acks: a request that is not journaled in time is not acknowledged (Slack retries).
        fallbackStatus: durableAcks ? 503 : 200,
      });
  const journal = durableAcks ? host.journal('slack') : undefined;
  const durable = journal
    ? new DurableReceiver(inner, journal, logger, () =>
        host.metrics?.eventsDuplicate.inc({ platform: 'slack' }),
      )
    : undefined;
  const receiver: Receiver = durable ?? inner;
  const bolt = new App({
    receiver,
    token: env.botToken,
    botId: bot.botId || undefined,
    botUserId: bot.userId,
    convoStore: false,
    logger: boltLogger(logger),
    clientOptions,
  });
  const locales = host.config;
  const runtime: SlackRuntime = {
    bot,
    reaction: host.config.tickets.reaction.replace(/^:|:$/g, ''),
    api,
    messenger,
    dispatcher: host.dispatcher,
    forms: host.forms,
    appHome: options.appHome,
    translator: (team): Translator => translator(locales.workspaces[team]?.locale ?? locales.locale),
    logger,
    pending: new Set(),
  };
  registerListeners(bolt, runtime);
  if (inner instanceof SignedHttpReceiver) host.http.route('POST', '/slack/events', inner.handle);
  await bolt.start();
  // Durable acks: keep our leases alive and replay what a stopped process left.
  const sweeper = durable ? journal?.sweeper((d) => durable.replay(d)) : undefined;
  logger.info({ mode: socket ? 'socket' : 'http', bot: bot.userId }, 'slack platform ready');
  return {
    messenger,
    bolt,
    bot,
    mode: socket ? 'socket' : 'http',
    async idle() {
      do {
        await sweeper?.idle();
        while (runtime.pending.size) await Promise.all([...runtime.pending]);
        await host.settle();
        await queues.idle();
      } while (queues.pending > 0 || runtime.pending.size > 0);
    },
    sweep: async () => {
      await sweeper?.sweep();
    },
    async stop() {
      await sweeper?.stop();
      await bolt.stop();
      // Give acknowledged events a moment to finish before main closes the database; anything
      // still unfinished stays journaled and is replayed (durable acks).
      const grace = new Promise<void>((resolve) =>
        setTimeout(resolve, options.stopGraceMs ?? 10_000).unref(),
      );
      await Promise.race([host.settle(), grace]);
    },
  };
}
