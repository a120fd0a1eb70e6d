/**
 * The event pipeline every platform feeds: idempotency first, then the workspace and language,
 * then one handler per event kind, and one error boundary that turns failures into replies.
 */
import type { AppServices, RequestContext } from '../src/app.ts';
import { renderError } from '../src/core/errors.ts';
import type { IncomingEvent } from '../src/core/events.ts';
import { translator } from '../src/core/i18n/index.ts';
import type { Logger } from '../src/core/logger.ts';
import type { DispatchFn, EventIO } from '../src/core/messenger.ts';
import type { Metrics } from '../src/core/metrics.ts';
import type { CommandRouter } from '../src/core/router.ts';
import { cardActionHandler } from './card-action.handler.ts';
import { intakeMessageHandler } from './intake-message.handler.ts';
import { captureHandler, reactionHandler } from './message-ticket.handler.ts';
import { sourceChangedHandler } from './source-changed.handler.ts';
import { threadReplyHandler } from './thread-reply.handler.ts';

export interface DispatcherDeps {
  services: AppServices;
  router: CommandRouter<RequestContext>;
  metrics: Metrics;
  logger: Logger;
}

type Handler = (ctx: RequestContext) => Promise<void>;

function commandHandler(router: CommandRouter<RequestContext>, metrics: Metrics): Handler {
  return async (ctx) => {
    if (ctx.event.kind !== 'command') return;
    const name = ctx.event.command;
    try {
      const reply = await router.run(ctx, name, ctx.event.text);
      metrics.commandsRun.inc({ command: router.find(name)?.name ?? 'unknown', outcome: 'ok' });
      if (reply) await ctx.respond(reply);
    } catch (err) {
      metrics.commandsRun.inc({ command: router.find(name)?.name ?? 'unknown', outcome: 'error' });
      throw err;
    }
  };
}

/** Builds `dispatch(event, io)`: the single entry point of every inbound event on every platform. */
export function createDispatcher(deps: DispatcherDeps): DispatchFn {
  const { services, metrics, logger } = deps;
  const handlers: Record<IncomingEvent['kind'], Handler> = {
    command: commandHandler(deps.router, metrics),
    message: intakeMessageHandler as Handler,
    thread_reply: threadReplyHandler as Handler,
    reaction: reactionHandler as Handler,
    capture: captureHandler as Handler,
    action: cardActionHandler as Handler,
    message_changed: sourceChangedHandler as Handler,
  };

  return async function dispatch(event: IncomingEvent, io: EventIO): Promise<void> {
    const started = performance.now();
    metrics.eventsReceived.inc({ platform: event.platform, kind: event.kind });
    const first = await services.inbox.firstDelivery(event.platform, event.eventId, event.kind);
    if (!first && !io.replay) {
      metrics.eventsDuplicate.inc({ platform: event.platform });
      logger.debug({ eventId: event.eventId }, 'duplicate delivery skipped');
      return;
    }
    const workspace = await services.workspaces.resolve(event.platform, event.workspaceId);
    const t = translator(workspace.locale);
    // A replayed event that never reached this point before runs like any other.
    const replay = !first;
    const ctx: RequestContext = { event, t, workspace, actor: event.user, services, ...io, replay };
    try {
      await handlers[event.kind](ctx);
    } catch (err) {
      const rendered = renderError(err, t);
      if (rendered.ref) {
        metrics.errors.inc({ kind: event.kind });
        logger.error(
          { err, ref: rendered.ref, eventId: event.eventId, kind: event.kind },
          'event handling failed',
        );
      }
      if (replay && !rendered.ref) {
        // Most likely the first run got this far and answered already ("already acknowledged").
        logger.info({ eventId: event.eventId, err }, 'replayed event refused; not answered again');
      } else {
        await io
          .respond({ visibility: 'ephemeral', message: { text: rendered.text } })
          .catch((e: unknown) => {
            logger.error({ err: e }, 'could not deliver error reply');
          });
      }
    } finally {
      metrics.handlingSeconds.observe((performance.now() - started) / 1000, { kind: event.kind });
    }
  };
}
