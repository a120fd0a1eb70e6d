/**
 * The event pipeline every platform feeds, after it has acknowledged (and journaled) a delivery.
 * Each event runs on its conversation's lane (lanes.ts) as one unit of work: the first write of the
 * unit records `(platform, event id)` in `inbound_events` (a unique key: a retried, replayed or
 * duplicated delivery blocks on it and then stops before doing anything) and finishes the journaled
 * delivery; every change the handler makes and everything it says (outbox rows) commit together.
 * So a crash before the commit loses nothing (the journal replays it), a crash after it repeats
 * nothing, and two replicas racing on one delivery make one result.
 *
 * Routing: commands through the router; card actions by action id prefix; message shortcuts by
 * callback id; form submissions by form id prefix (after their checks); thread replies to the
 * module owning the thread; other events to every module's handler of that kind. A click, form or
 * reply nobody owns any more gets a private answer. One error boundary turns failures into replies.
 */
import { hasErrorCode } from '../../db/repositories/errors.ts';
import type { RepositorySet } from '../../db/repositories/index.ts';
import type { DeliveryLedger } from '../core/delivery.ts';
import { renderError } from '../core/errors.ts';
import type { IncomingEvent, ReplyTarget } from '../core/events.ts';
import { type Locale, translator } from '../core/i18n/index.ts';
import type { Logger } from '../core/logger.ts';
import type { Reply } from '../core/message.ts';
import type { Dispatcher } from '../core/messenger.ts';
import type { Metrics } from '../core/metrics.ts';
import type { CommandRouter } from '../core/router.ts';
import { cleanText } from '../core/text.ts';
import type { RequestContext } from './context.ts';
import { DEFAULT_LANES, type LaneOptions, LaneQueue } from './lanes.ts';
import type {
  ActionHandler,
  EventHandler,
  FormHandler,
  ModuleDefinition,
  Runtime,
  Services,
  ThreadHandler,
} from './module.ts';
import type { OutboxItem } from './outbox.ts';
import type { ResolvedWorkspace } from './workspaces.ts';

/** The delivery was handled before (a retry, a replay after a resumed replica, a twin). */
class DuplicateDelivery extends Error {
  constructor() {
    super('duplicate delivery');
  }
}

export interface DispatcherDeps {
  runtime: Runtime;
  services: Services;
  modules: readonly ModuleDefinition[];
  router: CommandRouter<RequestContext>;
  metrics: Metrics;
  logger: Logger;
  /** The delivery journal of each platform that journals (durable acks). */
  journals: Map<string, DeliveryLedger>;
  /** The caller's language when known better than the workspace's (a member's locale). */
  localeOf?(event: IncomingEvent, workspace: ResolvedWorkspace): Promise<Locale | undefined>;
  /** Resolves when what was said so far has been delivered by this process (outbox idle). */
  settle(): Promise<void>;
  lanes?: Partial<LaneOptions>;
}

const INTERACTIVE = new Set(['command', 'action', 'form_submit', 'shortcut']);
/** Where a form was opened, kept in its session's context (answers to its submission go there). */
const OPENED_FROM = '_openedFrom';

/** The event with every user text cleaned (NUL and control characters, terminal escapes). */
function sanitized(event: IncomingEvent): IncomingEvent {
  const out = { ...event } as IncomingEvent & Record<string, unknown>;
  for (const key of ['text', 'input', 'value'] as const) {
    if (typeof out[key] === 'string') (out as Record<string, unknown>)[key] = cleanText(out[key] as string);
  }
  // Ids too: they are stored (actor, reporter, channel) and Postgres refuses a NUL in text.
  const clean = (v: unknown) => (typeof v === 'string' ? cleanText(v).replace(/\s/g, '') || '?' : v);
  for (const key of ['channelId', 'threadId', 'messageId'] as const) {
    if (typeof out[key] === 'string') (out as Record<string, unknown>)[key] = clean(out[key]);
  }
  if (out.user && typeof out.user.id === 'string')
    out.user = { ...out.user, id: clean(out.user.id) as string };
  if (out.kind === 'form_submit') {
    out.values = Object.fromEntries(
      Object.entries(out.values).map(([k, v]) => [
        k,
        Array.isArray(v) ? v.map(cleanText) : v === undefined ? v : cleanText(v),
      ]),
    );
  }
  return out;
}

/** Errors of the database, not of the event: a deadlock, a serialization failure, a lost connection. */
const TRANSIENT_CODES = new Set([
  '40P01', // deadlock_detected
  '40001', // serialization_failure
  '55P03', // lock_not_available
  '57P01', // admin_shutdown (a failover)
  '57P03', // cannot_connect_now
  '08000',
  '08003',
  '08006',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'ECONNRESET',
  'ECONNREFUSED',
]);

/** Whether the database failed the work transiently (see TRANSIENT_CODES), not the work itself. */
export function isTransientDbError(err: unknown): boolean {
  return hasErrorCode(err, TRANSIENT_CODES);
}

/** Runs a unit of work again (it rolled back whole) when the database failed it transiently. */
async function withRetries<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (attempt >= attempts || !isTransientDbError(err)) throw err;
      await new Promise((r) => setTimeout(r, 50 * attempt ** 2));
    }
  }
}

function prefixOf(id: string): string {
  const i = id.indexOf('.');
  return i < 0 ? id : id.slice(0, i);
}

function collect<V>(
  modules: readonly ModuleDefinition[],
  pick: (m: ModuleDefinition) => Record<string, V> | undefined,
  what: string,
) {
  const out = new Map<string, V>();
  for (const m of modules) {
    for (const [key, value] of Object.entries(pick(m) ?? {})) {
      if (out.has(key)) throw new Error(`${what} "${key}" registered by two modules`);
      out.set(key, value);
    }
  }
  return out;
}

export function createDispatcher(
  deps: DispatcherDeps,
): Dispatcher & { idle(): Promise<void>; readonly pending: number } {
  const { runtime, metrics, logger } = deps;
  const actions = collect<ActionHandler>(deps.modules, (m) => m.actions, 'action prefix');
  const shortcuts = collect<EventHandler>(
    deps.modules,
    (m) => m.shortcuts as Record<string, EventHandler>,
    'shortcut',
  );
  const threads = collect<ThreadHandler>(deps.modules, (m) => m.threads, 'thread owner');
  const forms = collect<{ submit: FormHandler }>(deps.modules, (m) => m.forms, 'form prefix');
  const events = new Map<string, EventHandler[]>();
  for (const m of deps.modules) {
    for (const [kind, handler] of Object.entries(m.events ?? {})) {
      events.set(kind, [...(events.get(kind) ?? []), handler as EventHandler]);
    }
  }
  const lanes = new LaneQueue({ ...DEFAULT_LANES, ...deps.lanes });

  async function claim(r: RepositorySet, event: IncomingEvent) {
    if (!(await r.inbox.claim(event.platform, event.eventId, event.kind))) throw new DuplicateDelivery();
    if (event.delivery) await r.deliveries.finish(event.platform, [event.delivery]);
  }

  async function route(ctx: RequestContext, answerTo: { target: ReplyTarget }): Promise<void> {
    const { event } = ctx;
    const gone = (key: 'action.gone' | 'thread.gone' | 'form.gone') =>
      ctx.respond({ visibility: 'ephemeral', message: { text: ctx.t(key) } });
    switch (event.kind) {
      case 'command': {
        const name = event.command;
        try {
          const reply = await deps.router.run(ctx, name, event.text);
          metrics.commandsRun.inc({ command: deps.router.find(name)?.name ?? 'unknown', outcome: 'ok' });
          if (reply) ctx.respond(reply);
        } catch (err) {
          metrics.commandsRun.inc({ command: deps.router.find(name)?.name ?? 'unknown', outcome: 'error' });
          throw err;
        }
        return;
      }
      case 'action': {
        const handler = actions.get(prefixOf(event.actionId));
        if (!handler) return gone('action.gone');
        return handler(ctx as RequestContext<typeof event>);
      }
      case 'shortcut': {
        const handler = shortcuts.get(event.shortcut);
        if (!handler) return gone('action.gone');
        return handler(ctx);
      }
      case 'form_submit': {
        const session = await runtime.forms.get(event.sessionId);
        const handler = session ? forms.get(prefixOf(session.formId)) : undefined;
        if (!session || !handler) return gone('form.gone');
        // A platform that cannot tell where a form was opened (a Slack modal) is answered there.
        const opener = session.context[OPENED_FROM] as ReplyTarget | undefined;
        if (!event.replyTo.channelId && opener) answerTo.target = { ...opener, userId: event.user.id };
        const result = await runtime.forms.evaluate(session, event.values);
        if ('errors' in result) {
          const lines = Object.entries(result.errors).map(([key, why]) => {
            const field = session.form.fields.find((f) => f.key === key);
            return `• ${field?.label ?? key}: ${why}`;
          });
          return ctx.respond({
            visibility: 'ephemeral',
            message: { text: [ctx.t('form.fix_fields'), ...lines].join('\n') },
          });
        }
        await runtime.forms.submitted(session.id);
        return handler.submit(ctx as RequestContext<typeof event>, result.values, session);
      }
      case 'thread_reply': {
        const owner = await runtime.threads.owner(event.platform, event.channelId, event.threadId);
        if (!owner) {
          for (const handler of events.get('thread_reply') ?? []) await handler(ctx);
          return;
        }
        const handler = threads.get(owner.owner);
        if (!handler) return gone('thread.gone');
        return handler(ctx as RequestContext<typeof event>, owner.subject);
      }
      default:
        for (const handler of events.get(event.kind) ?? []) await handler(ctx);
    }
  }

  function replyItem(
    event: IncomingEvent,
    reply: Reply,
    subject?: string,
    target = event.replyTo,
  ): OutboxItem {
    return {
      op: 'respond',
      target,
      reply,
      platform: event.platform,
      subject: subject ?? `reply:${event.platform}:${event.eventId}`,
    };
  }

  async function handle(raw: IncomingEvent): Promise<void> {
    const event = sanitized(raw);
    const started = performance.now();
    metrics.eventsReceived.inc({ platform: event.platform, kind: event.kind });
    const workspace = await runtime.workspaces.resolve(event.platform, event.workspaceId);
    const locale = (await deps.localeOf?.(event, workspace).catch(() => undefined)) ?? workspace.locale;
    const t = translator(locale);
    const replies: OutboxItem[] = [];
    const answerTo = { target: event.replyTo };
    const forms: { form: Parameters<RequestContext['openForm']>[0]; sessionId: string }[] = [];
    const ctx: RequestContext = {
      event,
      t,
      locale,
      tChannel: translator(workspace.locale),
      slashNamesOnly: runtime.messengers.get(event.platform)?.slashNamesOnly === true,
      workspace,
      actor: event.user,
      services: deps.services,
      config: runtime.config,
      respond: (reply, opts) => void replies.push(replyItem(event, reply, opts?.subject, answerTo.target)),
      async openForm(form, opts = {}) {
        // The opener's answer route, without its click's trigger (used up by opening the form).
        const { triggerId: _used, ...extra } = answerTo.target.extra ?? {};
        const where = { ...answerTo.target, extra };
        const session = await runtime.forms.open({
          form,
          platform: event.platform,
          workspaceId: workspace.id,
          userId: event.user.id,
          locale,
          context: { ...opts.context, [OPENED_FROM]: where },
          ttlMs: opts.ttlMs,
        });
        forms.push({ form, sessionId: session.id });
      },
      threadOwner: async () => {
        const threadId = 'threadId' in event ? event.threadId : undefined;
        return threadId ? runtime.threads.owner(event.platform, event.channelId, threadId) : null;
      },
      isAdmin: () => runtime.config.admins.includes(event.user.id),
      say: (items) => runtime.outbox.say(items),
      now: () => runtime.clock.now(),
    };
    try {
      const { begun } = await withRetries(() => {
        replies.length = 0;
        forms.length = 0;
        return runtime.repos.unit(
          async () => {
            await route(ctx, answerTo);
            if (replies.length) await runtime.outbox.say(replies);
          },
          { onBegin: (r) => claim(r, event) },
        );
      });
      if (event.delivery) {
        const journal = deps.journals.get(event.platform);
        if (begun) journal?.settled(event.delivery);
        else await journal?.finish(event.delivery);
      }
      await openForms(event, forms);
    } catch (err) {
      if (err instanceof DuplicateDelivery) {
        metrics.eventsDuplicate.inc({ platform: event.platform });
        logger.debug({ eventId: event.eventId }, 'duplicate delivery skipped');
        // A replay of a delivery whose work committed: nothing to do but forget it.
        if (event.delivery) await deps.journals.get(event.platform)?.finish(event.delivery);
        return;
      }
      if (isTransientDbError(err) && event.delivery) {
        // The database is failing, not the event: the journaled delivery is given back and a
        // sweep replays it.
        logger.warn({ err, eventId: event.eventId }, 'database unavailable; the delivery will be replayed');
        await deps.journals.get(event.platform)?.release(event.delivery);
        return;
      }
      await answerFailure(event, err, t);
    } finally {
      metrics.handlingSeconds.observe((performance.now() - started) / 1000, { kind: event.kind });
    }
  }

  /** Opens the forms a handler asked for, once its unit committed (the session must exist first). */
  async function openForms(
    event: IncomingEvent,
    list: { form: Parameters<RequestContext['openForm']>[0]; sessionId: string }[],
  ) {
    const messenger = runtime.messengers.get(event.platform);
    for (const { form, sessionId } of list) {
      await messenger?.openForm(event.replyTo, form, sessionId).catch((err: unknown) => {
        logger.warn({ err, form: form.id }, 'could not open a form');
      });
    }
  }

  /**
   * The error boundary: coded errors become their message (plus usage), anything else a generic
   * message with a reference id that is also logged. The answer goes out in a unit of its own that
   * records the delivery, so it is said once; if even that cannot commit (the database is down),
   * the journaled delivery stays and is replayed later.
   */
  async function answerFailure(event: IncomingEvent, err: unknown, t: ReturnType<typeof translator>) {
    const rendered = renderError(err, t);
    if (rendered.ref) {
      metrics.errors.inc({ kind: event.kind });
      logger.error(
        { err, ref: rendered.ref, eventId: event.eventId, kind: event.kind },
        'event handling failed',
      );
    }
    try {
      await runtime.repos.unit(
        () =>
          runtime.outbox.say(replyItem(event, { visibility: 'ephemeral', message: { text: rendered.text } })),
        { onBegin: (r) => claim(r, event) },
      );
      if (event.delivery) deps.journals.get(event.platform)?.settled(event.delivery);
    } catch (inner) {
      if (inner instanceof DuplicateDelivery) return;
      logger.error(
        { err: inner, eventId: event.eventId },
        'could not record the failure answer; the delivery will be replayed',
      );
      if (event.delivery) await deps.journals.get(event.platform)?.release(event.delivery);
    }
  }

  return {
    submit(event) {
      const priority = INTERACTIVE.has(event.kind) ? 'interactive' : 'background';
      const done = lanes.push(
        `${event.platform}:${event.workspaceId}:${event.channelId}`,
        () => handle(event),
        priority,
      );
      return { done, said: done.then(() => deps.settle()) };
    },
    isCommand: (name) => deps.router.has(name),
    idle: () => lanes.idle(),
    get pending() {
      return lanes.size;
    },
  };
}
