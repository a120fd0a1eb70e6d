/**
 * Feishu / Lark as a sopbot platform: the composition of the API client, the paced Messenger,
 * the event pipeline and its transport — POST /feishu/events on sopbot's HTTP server, or the
 * SDK's long connection (FEISHU_MODE=ws). Both transports feed the same EventDispatcher.
 * main calls mountFeishu when FEISHU_APP_ID and FEISHU_APP_SECRET are set; tests call it too.
 */
import { EventDispatcher, LoggerLevel, WSClient } from '@larksuiteoapi/node-sdk';
import type { FeishuEnv } from '../../config.ts';
import type { DeliveryLedger } from '../../core/delivery.ts';
import type { IncomingEvent, Platform } from '../../core/events.ts';
import type { Locale } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { Dispatcher, FormHost } from '../../core/messenger.ts';
import type { HttpServer } from '../../http.ts';
import { FeishuApi, sdkLogger, type UrgentKind } from './client.ts';
import { FeishuMessenger } from './messenger.ts';
import { FeishuPipeline } from './pipeline.ts';
import { KeyedQueue, type RetryPolicy, realTimer, type Timer } from './queue.ts';
import { feishuEventsRoute } from './transport.ts';

/** The parts of the app the platform uses (the App built by main has all of them). */
export interface FeishuHost {
  config: {
    env: { feishu?: FeishuEnv };
    locale: Locale;
    tickets: { reaction: string };
    /** `durable`: journal events before answering Feishu (durable acks). */
    deliveries: { durable: boolean };
  };
  http: Pick<HttpServer, 'route'>;
  dispatcher: Dispatcher;
  forms: FormHost;
  logger: Logger;
  runtime: { workspaces: { resolve(platform: Platform, externalId: string): Promise<{ locale: Locale }> } };
  journal(platform: Platform): DeliveryLedger;
  /** Resolves when the events submitted so far, and what they said, are done. */
  settle(): Promise<void>;
}

export interface FeishuOptions {
  /**
   * 加急 kinds Messenger.direct may use. sms and phone cost the tenant money, so the default is
   * in-app only; the config should offer `feishu.urgent: [app, sms, phone]` and main pass it here.
   */
  urgent?: UrgentKind[];
  retry?: Partial<RetryPolicy>;
  /** Minimum spacing of calls per chat / per message (Feishu: 5 per second). */
  rateIntervalMs?: number;
  timer?: Timer;
  /** Requests older than this are refused as replays (default 5 minutes). */
  maxAgeMs?: number;
  /** Wall-clock milliseconds for the request-age check (default Date.now). */
  now?: () => number;
  botOpenId?: string;
  observe?: (event: IncomingEvent) => void;
}

/** A mounted Feishu platform. */
export interface FeishuPlatform {
  messenger: FeishuMessenger;
  /** The dispatcher both transports feed (HTTP route and WSClient). */
  eventDispatcher: EventDispatcher;
  api: FeishuApi;
  wsClient?: WSClient;
  /** Resolves when every event received so far has been handled. */
  idle(): Promise<void>;
  /** Durable acks: renews leases and replays expired deliveries now (it also runs on a timer). */
  sweep(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires Feishu into the app: the route (or long connection), the pipeline and the Messenger. */
export function mountFeishu(host: FeishuHost, options: FeishuOptions = {}): FeishuPlatform {
  const env = host.config.env.feishu;
  if (!env) throw new Error('mountFeishu: FEISHU_APP_ID and FEISHU_APP_SECRET are not set');
  const logger = host.logger.child({ platform: 'feishu' });
  const timer = options.timer ?? realTimer;
  const credentials = { appId: env.appId, appSecret: env.appSecret, domain: env.domain };
  const api = new FeishuApi({ ...credentials, logger, retry: options.retry, timer });
  const queue = new KeyedQueue(options.rateIntervalMs ?? 200, timer);
  const messenger = new FeishuMessenger(api, queue, { urgent: options.urgent ?? ['app'], logger });
  const journal = host.config.deliveries.durable ? host.journal('feishu') : undefined;
  const pipeline = new FeishuPipeline({
    api,
    messenger,
    dispatcher: host.dispatcher,
    forms: host.forms,
    logger,
    reaction: host.config.tickets.reaction,
    localeOf: (tenantKey) =>
      host.runtime.workspaces.resolve('feishu', tenantKey).then(
        (ws) => ws.locale,
        () => host.config.locale,
      ),
    botOpenId: options.botOpenId,
    observe: options.observe,
    journal,
  });
  // Durable acks: keep our leases alive and replay what a stopped process left.
  const sweeper = journal?.sweeper((d) => pipeline.replay(d));
  const sdkLog = { logger: sdkLogger(logger), loggerLevel: LoggerLevel.warn };
  const eventDispatcher = new EventDispatcher({
    encryptKey: env.encryptKey,
    verificationToken: env.verificationToken,
    ...sdkLog,
  }).register(pipeline.handlers() as Parameters<EventDispatcher['register']>[0]);

  let wsClient: WSClient | undefined;
  if (env.mode === 'ws') {
    wsClient = new WSClient({ ...credentials, httpInstance: api.httpInstance, ...sdkLog });
    void wsClient.start({ eventDispatcher });
    logger.info('feishu: long connection (FEISHU_MODE=ws)');
  } else {
    if (!env.encryptKey && !env.verificationToken) {
      logger.error(
        'feishu: set FEISHU_ENCRYPT_KEY (or at least FEISHU_VERIFICATION_TOKEN); refusing all events',
      );
    }
    const route = feishuEventsRoute({
      encryptKey: env.encryptKey,
      verificationToken: env.verificationToken,
      dispatcher: eventDispatcher,
      logger,
      now: options.now ?? Date.now,
      maxAgeMs: options.maxAgeMs ?? 5 * 60_000,
    });
    host.http.route('POST', '/feishu/events', route);
  }
  return {
    messenger,
    eventDispatcher,
    api,
    wsClient,
    idle: async () => {
      await sweeper?.idle();
      await pipeline.idle();
      await host.settle();
    },
    sweep: async () => {
      await sweeper?.sweep();
    },
    async stop() {
      await sweeper?.stop();
      wsClient?.close({ force: true });
      await pipeline.idle();
    },
  };
}
