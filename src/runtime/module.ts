/**
 * The module contract: a capability (teams, tickets, sla, oncall, digests, daily, releases) is one
 * folder under src/domain/<module>/ whose door (index.ts) builds its service, plus its commands,
 * handlers and schedules in the layer folders; `src/modules.ts` lists one definition per module,
 * and the composition root walks that list and wires each part to the shared machinery: commands
 * to the router, event handlers to the pipeline, card actions by id prefix, thread owners, form
 * validators and handlers, timer kinds and live renderers (registered by `create` itself), cron
 * jobs and the i18n catalog. Adding a module adds its folders and one entry in that list; it
 * touches no other module.
 *
 * Services are typed without a central list: each module's door merges its service type into
 * `Services` (`declare module '../../runtime/module.ts' { interface Services { tickets: … } }`).
 */
import type { Repositories } from '../../db/repositories/index.ts';
import type { AppConfig } from '../config.ts';
import type { Clock } from '../core/clock.ts';
import type {
  ActionEvent,
  EventKind,
  FormSubmitEvent,
  IncomingEvent,
  ShortcutEvent,
  ThreadReplyEvent,
} from '../core/events.ts';
import type { FormValues } from '../core/form.ts';
import type { Catalog } from '../core/i18n/index.ts';
import type { Logger } from '../core/logger.ts';
import type { Registry } from '../core/metrics.ts';
import type { CommandDefinition } from '../core/router.ts';
import type { RequestContext } from './context.ts';
import type { Cron, CronJob } from './cron.ts';
import type { FormSession, FormSessions, FormValidator } from './forms.ts';
import type { LiveRegistry } from './live.ts';
import type { MessengerDirectory } from './messengers.ts';
import type { OutboxWriter } from './outbox.ts';
import type { Scheduler } from './scheduler.ts';
import type { ThreadOwners } from './threads.ts';
import type { WorkspaceService } from './workspaces.ts';

/** The services of every module, by module name (each module's door adds its own). */
// biome-ignore lint/suspicious/noEmptyInterface: empty on purpose; each module's door merges its service in
export interface Services {}

/** The shared machinery a module is built on. */
export interface Runtime {
  config: AppConfig;
  repos: Repositories;
  /**
   * The same repositories on connections of their own, outside any unit of work: what they write
   * commits at once (the next ticket number, so a workspace's counter is locked for one statement
   * and not for the rest of the creating unit). On PGlite, one session, these are `repos`.
   */
  autonomousRepos: Repositories;
  clock: Clock;
  logger: Logger;
  registry?: Registry;
  /** The one way to post (see outbox.ts). */
  outbox: OutboxWriter;
  scheduler: Scheduler;
  cron: Cron;
  live: LiveRegistry;
  threads: ThreadOwners;
  forms: FormSessions;
  workspaces: WorkspaceService;
  /** Platforms that are running (which one a team channel lives on). */
  messengers: MessengerDirectory;
}

export type EventHandler<E extends IncomingEvent = IncomingEvent> = (ctx: RequestContext<E>) => Promise<void>;

/** A card action handler: gets every click whose action id starts with its prefix and a dot. */
export type ActionHandler = (ctx: RequestContext<ActionEvent>) => Promise<void>;

/** A reply in a thread the module owns, with the owning record (`ticket:42`). */
export type ThreadHandler = (ctx: RequestContext<ThreadReplyEvent>, subject: string) => Promise<void>;

/** A submitted form of the module's (`daily.report`), its values checked and validated. */
export type FormHandler = (
  ctx: RequestContext<FormSubmitEvent>,
  values: FormValues,
  session: FormSession,
) => Promise<void>;

export interface ModuleDefinition<N extends keyof Services = keyof Services> {
  name: N;
  /** The module's strings (they are also registered when its catalog file is imported). */
  catalog?: Catalog;
  /**
   * Builds the service. Modules earlier in the list are in `services`; this is where a module
   * registers its timer kinds, live renderers, form validators and start hooks with the runtime.
   */
  create(runtime: Runtime, services: Services): Services[N];
  commands?: CommandDefinition<RequestContext>[];
  /** Handlers of non-command events; every module's handler of a kind sees every such event. */
  events?: Partial<{
    [K in Exclude<
      EventKind,
      'command' | 'action' | 'form_submit' | 'thread_reply' | 'shortcut'
    >]: EventHandler<Extract<IncomingEvent, { kind: K }>>;
  }>;
  /** Card actions, by action id prefix (`ticket` gets `ticket.ack`, `ticket.resolve` …). */
  actions?: Record<string, ActionHandler>;
  /** Message shortcuts, by callback id (`create_ticket`). */
  shortcuts?: Record<string, EventHandler<ShortcutEvent>>;
  /** Thread owners, by owner name (a thread claimed with owner `ticket`). */
  threads?: Record<string, ThreadHandler>;
  /** Forms, by form id prefix: the validator (optional) and what a good submission does. */
  forms?: Record<string, { validate?: FormValidator; submit: FormHandler }>;
  /** Cron jobs, from the config and the built services. */
  crons?(services: Services, runtime: Runtime): CronJob[];
}

/** Identity helper that keeps each definition's name and service type checked. */
export function defineModule<N extends keyof Services>(def: ModuleDefinition<N>): ModuleDefinition<N> {
  return def;
}
