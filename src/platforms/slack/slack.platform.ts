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
import type { DispatchFn, Messenger } from '../../core/messenger.ts';
import type { Metrics } from '../../core/metrics.ts';
import { DurableReceiver } from './durable.ts';
import type { AppHomeFn } from './home.ts';
import { createLiteFetch } from './http-client.ts';
import { registerListeners, type SlackRuntime } from './listeners.ts';
import { boltLogger } from './logger.ts';
import { type SlackApi, SlackMessenger } from './messenger.ts';
import type { BotIdentity } from './normalize.ts';
import { DEFAULT_QUEUE, type QueueOptions, SendQueues } from './queue.ts';
import { SignedHttpReceiver } from './receiver.ts';
import { DEFAULT_WORK, type WorkOptions, WorkQueue } from './work.ts';

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
  dispatch: DispatchFn;
  /** The delivery journal that makes acks durable (domain/inbox/journal.ts). */
  services: { inbox: { journal(platform: string): DeliveryLedger } };
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
  /** How the work after each ack is paced (see work.ts). */
  work?: Partial<WorkOptions>;
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
async function identify(api: SlackApi, queues: SendQueues): Promise<BotIdentity & { teamId?: string }> {
  const res = await queues.run('auth', false, () => api.apiCall('auth.test'));
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
  const bot = await identify(api, new SendQueues({ ...DEFAULT_QUEUE, ...options.queue, maxAttempts: 3 }));
  const messenger = new SlackMessenger(api, queues, liteFetch);
  const socket = Boolean(env.appToken);
  const inner: Receiver = env.appToken
    ? new SocketModeReceiver({
        appToken: env.appToken,
        logger: boltLogger(logger),
        installerOptions: { clientOptions: { slackApiUrl: env.apiUrl } },
      })
    : new SignedHttpReceiver({ signingSecret: env.signingSecret, logger, nowS: options.nowS });
  const journal = host.config.deliveries.durable ? host.services.inbox.journal('slack') : undefined;
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
  const work = new WorkQueue(logger, { ...DEFAULT_WORK, ...options.work });
  const pending = host.metrics?.registry.gauge(
    'sopbot_slack_pending_work',
    'Slack events acknowledged and waiting for or in handling',
  );
  pending?.collect(() => pending.set(work.size));
  const locales = host.config;
  const runtime: SlackRuntime = {
    bot,
    reaction: host.config.tickets.reaction.replace(/^:|:$/g, ''),
    api,
    messenger,
    dispatch: host.dispatch,
    appHome: options.appHome,
    translator: (team): Translator => translator(locales.workspaces[team]?.locale ?? locales.locale),
    logger,
    after: (job, urgent) => work.after(job, urgent),
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
        await work.idle();
        await queues.idle();
        await durable?.idle();
      } while (work.size > 0 || queues.pending > 0);
    },
    sweep: async () => {
      await sweeper?.sweep();
    },
    async stop() {
      await sweeper?.stop();
      await bolt.stop();
      // Give acknowledged events a moment to finish before main closes the database.
      const grace = new Promise<void>((resolve) =>
        setTimeout(resolve, options.stopGraceMs ?? 10_000).unref(),
      );
      await Promise.race([Promise.all([work.idle(), durable?.idle()]), grace]);
      if (work.size) logger.warn({ pending: work.size }, 'slack stopped with acknowledged events unhandled');
    },
  };
}
