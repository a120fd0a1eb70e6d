/**
 * Building the app: the shared machinery (scheduler, cron, outbox and its delivering loop, live
 * messages, threads, forms, the event pipeline) and every module in `MODULES`, wired together.
 * main.ts builds it this way, and so do the tests, so they run exactly what production runs.
 */
import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import pino from 'pino';
import { type Database, openDatabase } from '../db/client.ts';
import { createRepositories } from '../db/repositories/index.ts';
import { housekeepingSchedule } from '../schedules/index.ts';
import type { AppConfig } from './config.ts';
import { type Clock, systemClock } from './core/clock.ts';
import type { DeliveryLedger } from './core/delivery.ts';
import type { Platform } from './core/events.ts';
import type { Logger } from './core/logger.ts';
import type { Messenger } from './core/messenger.ts';
import { createMetrics, type Metrics } from './core/metrics.ts';
import { CommandRouter } from './core/router.ts';
import { createHttpServer, type HttpServer } from './http.ts';
import { MODULES } from './modules.ts';
import type { RequestContext } from './runtime/context.ts';
import { Cron } from './runtime/cron.ts';
import { Deliverer } from './runtime/deliverer.ts';
import { createDispatcher } from './runtime/dispatcher.ts';
import { FormSessions } from './runtime/forms.ts';
import { createHousekeeping } from './runtime/housekeeping.ts';
import { createDeliveryJournal } from './runtime/journal.ts';
import { LiveRegistry } from './runtime/live.ts';
import { messengerDirectory } from './runtime/messengers.ts';
import type { ModuleDefinition, Runtime, Services } from './runtime/module.ts';
import { createOutboxWriter } from './runtime/outbox.ts';
import { Scheduler } from './runtime/scheduler.ts';
import { createThreadOwners } from './runtime/threads.ts';
import { createWorkspaceService } from './runtime/workspaces.ts';

/** The shortest outbox lease (see the deliverer's options below). */
const OUTBOX_MIN_LEASE_MS = 30_000;

export interface App {
  config: AppConfig;
  database: Database;
  runtime: Runtime;
  services: Services;
  /** The event pipeline platforms submit to after their ack. */
  dispatcher: ReturnType<typeof createDispatcher>;
  /** Every module's commands (platforms ask it how commands are named there). */
  router: CommandRouter<RequestContext>;
  /** The Messenger of each running platform (platforms register theirs as they start). */
  messengers: Map<Platform, Messenger>;
  /** The delivery journal of a platform (durable acks), created on first use. */
  journal(platform: Platform): DeliveryLedger & ReturnType<typeof createDeliveryJournal>;
  deliverer: Deliverer;
  scheduler: Scheduler;
  cron: Cron;
  forms: FormSessions;
  metrics: Metrics;
  http: HttpServer;
  logger: Logger;
  /** Starts the timer loop, cron take-over and the outbox's sweep. */
  start(): Promise<void>;
  /** Resolves when the events submitted so far, what they said and cron runs started here are done. */
  settle(): Promise<void>;
  /**
   * Fires what is due now and waits until what it said is delivered: one turn of the loops, for
   * tests on a manual clock and the piped console's last messages.
   */
  tick(): Promise<Awaited<ReturnType<Scheduler['tick']>>>;
  stop(): Promise<void>;
}

export interface BuildOptions {
  config: AppConfig;
  logger?: Logger;
  clock?: Clock;
  /** Use this database instead of opening one from the config (tests share one). */
  database?: Database;
  /** The modules to build (default: MODULES; tests add a probe module of their own). */
  modules?: readonly ModuleDefinition[];
}

/** Everything but listening, platforms and the console. */
export async function buildApp(options: BuildOptions): Promise<App> {
  const { config } = options;
  const logger = options.logger ?? (pino({ level: config.env.logLevel }) as unknown as Logger);
  const clock = options.clock ?? systemClock;
  const database =
    options.database ?? (await openDatabase({ url: config.env.databaseUrl, dataDir: config.env.dataDir }));
  if (!options.database) await database.migrate();
  const single = database.kind === 'pglite';
  const metrics = createMetrics();
  const registry = metrics.registry;
  const messengers = new Map<Platform, Messenger>();
  const directory = messengerDirectory(messengers);
  const repos = createRepositories(database.db);
  const journalRepos = database.journalDb === database.db ? repos : createRepositories(database.journalDb);
  const autonomousRepos =
    database.autonomousDb === database.db ? repos : createRepositories(database.autonomousDb);
  const instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const forms = new FormSessions({ repos, clock });
  const live = new LiveRegistry();
  const deliverer = new Deliverer({
    repos,
    clock,
    logger: logger.child({ part: 'outbox' }),
    messengers: directory,
    live,
    loadForm: async (id) => (await forms.get(id))?.form ?? null,
    instanceId,
    registry,
    // What a stopped process was about to say goes out after its lease: as long as its deliveries'
    // and at least 30 s. A process frozen for less than that (a GC storm, a VM pause) resumes and
    // sends its own messages; another replica sending them as well would post them twice (Slack's
    // chat.postMessage and response_url calls cannot be made idempotent).
    leaseMs: Math.max(OUTBOX_MIN_LEASE_MS, config.deliveries.redeliverAfter),
  });
  const outbox = createOutboxWriter({ repos, clock, sink: deliverer });
  const scheduler = new Scheduler({
    repos,
    clock,
    logger,
    registry,
    instanceId,
    // PGlite is one session: one worker. On Postgres firing is CPU work on both sides of the socket.
    concurrency: single ? 1 : Math.max(2, Math.min(8, availableParallelism())),
  });
  const cron = new Cron({ repos, clock, logger, scheduler, registry });
  const runtime: Runtime = {
    config,
    repos,
    autonomousRepos,
    clock,
    logger,
    registry,
    outbox,
    scheduler,
    cron,
    live,
    threads: createThreadOwners({ repos, clock }),
    forms,
    workspaces: createWorkspaceService({
      repos,
      defaultLocale: config.locale,
      configuredLocale: (id) => config.workspaces[id]?.locale,
    }),
    messengers: directory,
  };
  const modules = options.modules ?? MODULES;
  const services = {} as Services;
  const router = new CommandRouter<RequestContext>();
  for (const m of modules) {
    (services as unknown as Record<string, unknown>)[m.name] = m.create(runtime, services);
    for (const command of m.commands ?? []) router.register(command);
    for (const [prefix, form] of Object.entries(m.forms ?? {}))
      if (form.validate) forms.validate(prefix, form.validate);
  }
  for (const m of modules) for (const job of m.crons?.(services, runtime) ?? []) cron.add(job);
  cron.add(housekeepingSchedule(createHousekeeping(repos)));
  const journals = new Map<string, ReturnType<typeof createDeliveryJournal>>();
  const journal = (platform: Platform) => {
    let j = journals.get(platform);
    if (!j) {
      j = createDeliveryJournal({
        repos: journalRepos,
        clock,
        logger,
        platform,
        owner: instanceId,
        options: { leaseMs: config.deliveries.redeliverAfter },
      });
      journals.set(platform, j);
    }
    return j;
  };
  const dispatcher = createDispatcher({
    runtime,
    services,
    modules,
    router,
    metrics,
    logger,
    journals,
    localeOf: (event) => services.teams.localeOf(event.platform, event.user.id),
    settle: () => deliverer.idle(),
    lanes: { concurrency: single ? 1 : 8 },
  });
  const http = createHttpServer({ registry, logger });
  let started = false;
  const settle = async () => {
    do {
      await dispatcher.idle();
      await cron.idle();
      await deliverer.idle();
    } while (dispatcher.pending > 0);
  };
  return {
    config,
    database,
    runtime,
    services,
    dispatcher,
    router,
    messengers,
    journal,
    deliverer,
    scheduler,
    cron,
    forms,
    metrics,
    http,
    logger,
    async start() {
      if (started) return;
      started = true;
      deliverer.start();
      await scheduler.start();
      cron.start();
    },
    settle,
    async tick() {
      const report = await scheduler.tick();
      await cron.idle();
      await deliverer.sweep();
      await settle();
      return report;
    },
    async stop() {
      await scheduler.stop();
      await cron.stop();
      await dispatcher.idle();
      await deliverer.stop();
      await http.close();
      if (!options.database) await database.close();
    },
  };
}
