/**
 * What a command or handler works with for one inbound event: the event, the caller's language,
 * the workspace, every module's service, and how to answer. Answers are not sent from here: they
 * are written to the outbox in the event's own unit of work, with every change the handler made,
 * so a replayed or duplicated delivery answers once, and an answer is never lost after its change
 * committed.
 */
import type { AppConfig } from '../config.ts';
import type { IncomingEvent, UserRef } from '../core/events.ts';
import type { Form } from '../core/form.ts';
import type { Locale, Translator } from '../core/i18n/index.ts';
import type { Reply } from '../core/message.ts';
import type { Services } from './module.ts';
import type { OutboxItem } from './outbox.ts';
import type { ThreadOwner } from './threads.ts';
import type { ResolvedWorkspace } from './workspaces.ts';

export interface RequestContext<E extends IncomingEvent = IncomingEvent> {
  event: E;
  /** The caller's language: their own when known (member locale), else the workspace's. */
  t: Translator;
  locale: Locale;
  /** The workspace's language: for what everyone in a channel or thread reads. */
  tChannel: Translator;
  /** Commands are typed by their slash names only here (Slack): see BaseContext. */
  slashNamesOnly?: boolean;
  workspace: ResolvedWorkspace;
  actor: UserRef;
  services: Services;
  config: AppConfig;
  /**
   * Answers the caller (ephemeral, in the channel or in the thread). `subject` puts the answer in a
   * record's lane (after that record's card, say); default: a lane of its own.
   */
  respond(reply: Reply, opts?: { subject?: string }): void;
  /**
   * Opens a form for the caller now (a Slack modal from the click's trigger, a Feishu form card, the
   * console's prompts). Its submission comes back as a `form_submit` event with `context`.
   */
  openForm(form: Form, opts?: { context?: Record<string, unknown>; ttlMs?: number }): Promise<void>;
  /** The module and record owning the thread the event happened in, if any. */
  threadOwner(): Promise<ThreadOwner | null>;
  /** Whether the caller is one of the config's `admins`. */
  isAdmin(): boolean;
  /** Writes what to say (cards, thread notes, refreshes) in this event's unit of work. */
  say(items: OutboxItem[] | OutboxItem): Promise<void>;
  /** Now, from the app's clock. */
  now(): Date;
}
