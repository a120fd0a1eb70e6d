/**
 * The composition root: read config, build the app (database, machinery, modules), mount the
 * platforms, start the HTTP server (and the console). Nothing else wires. A failure to start is one
 * line saying what to do, in the configured language, and exit code 1.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { appHomeView } from '../handlers/index.ts';
import { type App, buildApp } from './app.ts';
import { type AppConfig, ConfigError, loadConfig, startupLocale, withConsoleDemo } from './config.ts';
import { formWords, type Locale, translator } from './core/i18n/index.ts';
import type { Logger } from './core/logger.ts';
import { acquireDataDirLock } from './lock.ts';
import { CONSOLE_WORKSPACE, ConsolePlatform } from './platforms/console/console.platform.ts';
import { startupProblem } from './startup.ts';

export { type App, buildApp } from './app.ts';

interface StartFlags {
  forceConsole: boolean;
}

/** Who types in the console (`:as <user>` switches); the demo team's admin and L1. */
const CONSOLE_USER = 'me';

/** How long a stop may take before the process exits anyway. */
const STOP_GRACE_MS = 8_000;

/** How long the piped console waits for messages already due before it exits. */
const PIPED_DRAIN_MS = 5_000;

function makeLogger(config: AppConfig, withConsole: boolean): { logger: Logger; file?: string } {
  const level = process.env.LOG_LEVEL;
  if (withConsole && !level) {
    // The console keeps the chat readable: logs go to a file under DATA_DIR instead.
    const dir =
      config.env.databaseUrl || config.env.dataDir.startsWith('memory://')
        ? resolve('.')
        : resolve(config.env.dataDir);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'sopbot.log');
    return {
      logger: pino({ level: 'info' }, pino.destination({ dest: file, sync: true })) as unknown as Logger,
      file,
    };
  }
  return {
    logger: pino(
      { level: level ?? config.env.logLevel },
      pino.destination({ dest: 1, sync: true }),
    ) as unknown as Logger,
  };
}

/** Each platform (and its SDK: Bolt ~35 MB, the Feishu SDK ~65 MB) is loaded only when configured. */
async function mountPlatforms(app: App) {
  const { config } = app;
  const slack = config.env.slack
    ? await (await import('./platforms/slack/slack.platform.ts')).mountSlack(app, {
        appHome: appHomeView(app.services, app.runtime.workspaces, 'slack'),
      })
    : undefined;
  if (slack) app.messengers.set('slack', slack.messenger);
  const feishu = config.env.feishu
    ? (await import('./platforms/feishu/feishu.platform.ts')).mountFeishu(app, {
        urgent: ['app', config.sla.urgentP0],
      })
    : undefined;
  if (feishu) app.messengers.set('feishu', feishu.messenger);
  if (app.messengers.size && !Object.values(config.teams).some((t) => t.tiers.length)) {
    app.logger.warn(
      'no escalation tiers: nobody will be paged (configure teams.<team>.tiers in sopbot.yaml)',
    );
  }
  return { slack, feishu };
}

function consolePlatform(app: App, flags: { interactive: boolean }): ConsolePlatform {
  const { config } = app;
  const intake = config.intake[0]?.channel ?? 'general';
  const locale = config.workspaces[CONSOLE_WORKSPACE]?.locale ?? config.locale;
  const platform = new ConsolePlatform({
    dispatcher: app.dispatcher,
    input: process.stdin,
    output: process.stdout,
    interactive: flags.interactive,
    channel: intake,
    user: CONSOLE_USER,
    t: translator(locale),
    translatorFor: translator,
    setLocale: async (l: Locale) => {
      const ws = await app.runtime.workspaces.resolve('console', CONSOLE_WORKSPACE);
      await app.runtime.workspaces.setLocale(ws, l);
    },
    threadOf: async (key) => {
      const ws = await app.runtime.workspaces.resolve('console', CONSOLE_WORKSPACE);
      const number = Number(key.replace(/^#/, ''));
      const found = Number.isInteger(number)
        ? await app.services.tickets.get(ws.id, number).catch(() => null)
        : null;
      const ticket = found?.ticket;
      return ticket?.channelId && ticket.threadId
        ? { channelId: ticket.channelId, threadId: ticket.threadId }
        : null;
    },
    formWords,
    forms: app.forms,
    exportsDir: join(resolve(config.env.databaseUrl ? '.' : config.env.dataDir), 'exports'),
    timeZone: config.timezone,
  });
  platform.reaction = config.tickets.reaction;
  return platform;
}

/** The language start-up problems are reported in: the config's once it is read. */
let reportLocale: Locale = startupLocale();

async function start(flags: StartFlags): Promise<void> {
  const loaded = loadConfig();
  reportLocale = loaded.locale;
  const noPlatform = !loaded.env.slack && !loaded.env.feishu;
  const withConsole = flags.forceConsole || (noPlatform && Boolean(process.stdin.isTTY));
  const config = withConsole && noPlatform ? withConsoleDemo(loaded, CONSOLE_USER) : loaded;
  const { logger, file } = makeLogger(config, withConsole);
  const release = config.env.databaseUrl ? () => {} : acquireDataDirLock(config.env.dataDir);
  const app = await buildApp({ config, logger });
  const { slack, feishu } = await mountPlatforms(app);
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) {
      // A second signal: the operator does not want to wait for the drain.
      logger.warn('stopping now, without waiting for work in flight (it is journaled and replays at start)');
      process.exit(code || 1);
    }
    stopping = true;
    // Within a process manager's grace period (10 s by default for systemd's and Docker's
    // SIGTERM → SIGKILL): anything unfinished by then is journaled and replays at the next start.
    setTimeout(() => {
      logger.error({ graceMs: STOP_GRACE_MS }, 'shutdown took too long; exiting');
      process.exit(code || 1);
    }, STOP_GRACE_MS).unref();
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
    const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
    const console = consolePlatform(app, { interactive });
    app.messengers.set('console', console.messenger);
    await app.start();
    if (file) console.write(translator(config.locale)('console.logs', { path: file }));
    await console.run();
    if (!interactive) await drainDue(app, console);
    await shutdown(0);
    return;
  }
  await app.start();
}

/** The piped console: messages already due (timers fired at start, queued notices) are printed first. */
async function drainDue(app: App, console: ConsolePlatform): Promise<void> {
  const deadline = Date.now() + PIPED_DRAIN_MS;
  const now = () => app.runtime.clock.now();
  let announced = false;
  for (;;) {
    await app.scheduler.tick();
    await app.deliverer.sweep();
    await app.settle();
    const [timers, outbox] = await Promise.all([
      app.runtime.repos.timers.overdue(new Date(now().getTime() + 1)),
      app.runtime.repos.outbox.pendingSummary(),
    ]);
    const dueOutbox = outbox.nextDue && outbox.nextDue <= now() ? outbox.count : 0;
    if ((!timers.count && !dueOutbox) || Date.now() > deadline) return;
    if (!announced) {
      announced = true;
      console.write(translator(app.config.locale)('console.waiting', { seconds: PIPED_DRAIN_MS / 1000 }));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  start({ forceConsole: process.argv.includes('--console') }).catch((err: unknown) => {
    const problem =
      err instanceof ConfigError
        ? err.describe(err.locale ?? reportLocale)
        : startupProblem(err, reportLocale);
    process.stderr.write(`${problem}\n`);
    if (process.env.SOPBOT_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
