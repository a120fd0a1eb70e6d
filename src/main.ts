/**
 * The composition root: read config, open the database, build services, register commands,
 * handlers and platforms, start the HTTP server. Nothing else wires.
 */
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { createCommandRouter } from '../commands/index.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { appHomeView } from '../handlers/app-home.ts';
import { createDispatcher } from '../handlers/index.ts';
import { registerSchedules } from '../schedules/index.ts';
import type { AppServices } from './app.ts';
import { type AppConfig, ConfigError, loadConfig, startupLocale } from './config.ts';
import { type Clock, systemClock } from './core/clock.ts';
import type { Platform } from './core/events.ts';
import { translator } from './core/i18n/index.ts';
import type { Logger } from './core/logger.ts';
import type { DispatchFn, Messenger } from './core/messenger.ts';
import { createMetrics, type Metrics } from './core/metrics.ts';
import type { Scheduler } from './domain/sla/scheduler.ts';
import { createHttpServer, type HttpServer } from './http.ts';
import { acquireDataDirLock } from './lock.ts';
import { CONSOLE_WORKSPACE, ConsolePlatform } from './platforms/console/console.platform.ts';
import { mountFeishu } from './platforms/feishu/feishu.platform.ts';
import { mountSlack } from './platforms/slack/slack.platform.ts';
import { buildServices } from './services.ts';

export interface App {
  config: AppConfig;
  /** The Messenger of each running platform, for work not triggered by an event (timers, digests). */
  messengers: Map<Platform, Messenger>;
  database: Database;
  services: AppServices;
  dispatch: DispatchFn;
  metrics: Metrics;
  http: HttpServer;
  logger: Logger;
  /** The durable timer scheduler: `start()` runs it; tests drive `tick()` with a ManualClock. */
  scheduler: Scheduler;
  stop(): Promise<void>;
}

export interface BuildOptions {
  config: AppConfig;
  logger?: Logger;
  clock?: Clock;
  /** Use this database instead of opening one from the config (tests share one). */
  database?: Database;
}

/** Everything but listening and the console: the app as tests and `start` both use it. */
export async function buildApp(options: BuildOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? (pino({ level: config.env.logLevel }) as unknown as Logger);
  const database =
    options.database ?? (await openDatabase({ url: config.env.databaseUrl, dataDir: config.env.dataDir }));
  if (!options.database) await database.migrate();
  const metrics = createMetrics();
  const messengers = new Map<Platform, Messenger>();
  const services = buildServices(config, database.db, options.clock ?? systemClock, {
    messengers,
    registry: metrics.registry,
    logger,
    timerConcurrency: database.kind === 'pglite' ? 1 : undefined,
    journalDb: database.journalDb,
  });
  const scheduler = registerSchedules(services.scheduler, services);
  const dispatch = createDispatcher({ services, router: createCommandRouter(), metrics, logger });
  const http = createHttpServer({ registry: metrics.registry, logger });
  return {
    config,
    messengers,
    database,
    services,
    dispatch,
    metrics,
    http,
    logger,
    scheduler,
    async stop() {
      await scheduler.stop();
      await http.close();
      if (!options.database) await database.close();
    },
  };
}

interface StartFlags {
  forceConsole: boolean;
}

async function start(flags: StartFlags): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.describe(startupLocale())}\n`);
      process.exit(1);
    }
    throw err;
  }
  const noPlatform = !config.env.slack && !config.env.feishu;
  const withConsole = flags.forceConsole || (noPlatform && Boolean(process.stdin.isTTY));
  // In the console, logs go to stderr and only warnings show, so the chat stays readable.
  const logger = pino(
    { level: process.env.LOG_LEVEL ?? (withConsole ? 'warn' : config.env.logLevel) },
    pino.destination(withConsole ? 2 : 1),
  ) as unknown as Logger;
  const release = config.env.databaseUrl ? () => {} : acquireDataDirLock(config.env.dataDir);
  const app = await buildApp({ config, logger });
  const slack = config.env.slack
    ? await mountSlack(app, { appHome: appHomeView(app.services, 'slack') })
    : undefined;
  if (slack) app.messengers.set('slack', slack.messenger);
  const feishu = config.env.feishu ? mountFeishu(app, { urgent: ['app', config.sla.urgentP0] }) : undefined;
  if (feishu) app.messengers.set('feishu', feishu.messenger);
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await feishu?.stop().catch((err: unknown) => logger.error({ err }, 'feishu shutdown failed'));
    await slack?.stop().catch((err: unknown) => logger.error({ err }, 'slack shutdown failed'));
    await app.stop().catch((err: unknown) => logger.error({ err }, 'shutdown failed'));
    release();
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  if (!flags.forceConsole) {
    const port = await app.http.listen(config.env.port);
    app.http.setReady(true);
    await app.scheduler.start();
    logger.info(
      { port, database: app.database.kind, config: config.source ?? 'defaults' },
      'sopbot is serving',
    );
    if (noPlatform && !withConsole) {
      logger.info(
        'no Slack or Feishu credentials: serving HTTP only (run `npm run console` for the local console)',
      );
    }
  }
  if (withConsole) {
    const intake = config.intake[0]?.channel ?? 'general';
    const consolePlatform = new ConsolePlatform({
      dispatch: app.dispatch,
      input: process.stdin,
      output: process.stdout,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      channel: intake,
      user: process.env.USER || 'me',
      t: translator(config.workspaces[CONSOLE_WORKSPACE]?.locale ?? config.locale),
    });
    consolePlatform.reaction = config.tickets.reaction;
    app.messengers.set('console', consolePlatform.messenger);
    await app.scheduler.start();
    await consolePlatform.run();
    await shutdown(0);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  start({ forceConsole: process.argv.includes('--console') }).catch((err: unknown) => {
    process.stderr.write(
      `sopbot failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  });
}
