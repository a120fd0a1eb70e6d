/**
 * The shapes commands and handlers receive: the services built by main and the per-request
 * context. Declared here (not in main) so commands/handlers can type against them without
 * importing the composition root.
 */

import type { AppConfig } from './config.ts';
import type { Clock } from './core/clock.ts';
import type { IncomingEvent, UserRef } from './core/events.ts';
import type { Translator } from './core/i18n/index.ts';
import type { Reply } from './core/message.ts';
import type { Messenger } from './core/messenger.ts';
import type { InboxService } from './domain/inbox/service.ts';
import type { OncallService } from './domain/oncall/service.ts';
import type { TimerAuditor } from './domain/sla/auditor.ts';
import type { SlaEngine } from './domain/sla/engine.ts';
import type { Scheduler } from './domain/sla/scheduler.ts';
import type { SlaService } from './domain/sla/service.ts';
import type { TicketNotifier } from './domain/tickets/notify.ts';
import type { TicketService } from './domain/tickets/service.ts';
import type { ResolvedWorkspace, WorkspaceService } from './domain/workspaces/service.ts';

export interface AppServices {
  config: AppConfig;
  clock: Clock;
  tickets: TicketService;
  notifier: TicketNotifier;
  workspaces: WorkspaceService;
  inbox: InboxService;
  sla: SlaService;
  /** Keeps SLA clocks and timers in step with tickets; fires `sla.*` timers. */
  slaEngine: SlaEngine;
  oncall: OncallService;
  /** The durable timer scheduler (main starts and stops it; tests call `tick()`). */
  scheduler: Scheduler;
  auditor: TimerAuditor;
}

/** Everything one inbound event is handled with. */
export interface RequestContext<E extends IncomingEvent = IncomingEvent> {
  event: E;
  t: Translator;
  workspace: ResolvedWorkspace;
  actor: UserRef;
  messenger: Messenger;
  services: AppServices;
  /** Answers the user who caused the event (ephemeral, in channel or in thread). */
  respond(reply: Reply): Promise<void>;
  /** A replay of an event that may have been handled in part (see EventIO.replay). */
  replay?: boolean;
}

export function isAdmin(ctx: RequestContext): boolean {
  return ctx.services.config.admins.includes(ctx.actor.id);
}
