/**
 * Every Bolt listener sopbot has, registered by one function that both receivers share (the
 * signed-HTTP receiver and Socket Mode): acknowledge first, then normalize and dispatch after
 * the ack, tracked by `runtime.after` so nothing runs before Slack has its answer.
 */
import type { App } from '@slack/bolt';
import type { IncomingEvent } from '../../core/events.ts';
import type { Translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { DispatchFn, EventIO } from '../../core/messenger.ts';
import { currentDelivery } from './durable.ts';
import { type AppHomeFn, publishHome } from './home.ts';
import type { SlackApi, SlackMessenger } from './messenger.ts';
import {
  ACTION_PROMPT_VIEW,
  CREATE_TICKET_SHORTCUT,
  CREATE_TICKET_VIEW,
  type CreateTicketMeta,
  createTicketInput,
  createTicketModal,
  createTicketText,
  inputValue,
  type PromptMeta,
  parsePrompt,
  promptModal,
  readMeta,
} from './modals.ts';
import {
  actionEvent,
  actionMessage,
  type BotIdentity,
  captureEvent,
  commandEvent,
  decodeSlackText,
  firstLine,
  type Json,
  messageEvent,
  modalCommandEvent,
  neutralActionId,
  type ReactedMessage,
  reactionEvent,
  reactionName,
  rec,
  stableId,
  str,
  teamOf,
} from './normalize.ts';
import { PROMPT_PREFIX } from './render.ts';

/** What the listeners work with; built once by mountSlack. */
export interface SlackRuntime {
  bot: BotIdentity;
  /** The configured ticket reaction (`ticket`). */
  reaction: string;
  api: SlackApi;
  messenger: SlackMessenger;
  dispatch: DispatchFn;
  appHome?: AppHomeFn;
  translator(workspaceId: string): Translator;
  logger: Logger;
  /** Runs work after the ack (bounded, FIFO; `urgent` skips the line), tracked for idle(). */
  after(work: () => Promise<void>, urgent?: boolean): void;
}

/** Where to answer the user who caused an event. */
interface Origin {
  channelId: string;
  threadId?: string;
  userId: string;
  responseUrl?: string;
}

/** Replies: ephemeral through response_url (any conversation) or chat.postEphemeral; public ones posted. */
export function eventIO(rt: SlackRuntime, to: Origin): EventIO {
  return {
    messenger: rt.messenger,
    replay: currentDelivery()?.replay ?? false,
    async respond(reply) {
      const { message } = reply;
      if (reply.visibility === 'ephemeral') {
        if (to.responseUrl) {
          try {
            return await rt.messenger.respondVia(to.responseUrl, to.channelId || to.userId, message);
          } catch (err) {
            rt.logger.warn({ err }, 'response_url failed; answering with chat.postEphemeral');
          }
        }
        if (to.channelId) {
          return rt.messenger.ephemeral(
            { channelId: to.channelId, threadId: to.threadId },
            to.userId,
            message,
          );
        }
        await rt.messenger.direct(to.userId, message);
        return;
      }
      const channelId = to.channelId || (await rt.messenger.dmChannel(to.userId));
      const threadId = reply.visibility === 'thread' ? to.threadId : undefined;
      await rt.messenger.post({ channelId, threadId }, message);
    },
  };
}

function dispatchLater(rt: SlackRuntime, event: IncomingEvent, origin: Origin, then?: () => Promise<void>) {
  rt.after(async () => {
    await rt.dispatch(event, eventIO(rt, origin));
    await then?.();
  });
}

async function openView(rt: SlackRuntime, triggerId: unknown, view: Json): Promise<void> {
  // Not queued: a trigger_id expires 3 s after the click, a delayed retry would be useless.
  await rt.api.apiCall('views.open', { trigger_id: str(triggerId), view });
}

const NEW_WITHOUT_TITLE = /^(new|create|新建)(\s+(p\d))?\s*$/i;

function onCommand(rt: SlackRuntime, body: Json): void {
  const event = commandEvent(body);
  const bare = NEW_WITHOUT_TITLE.exec(event.text.trim());
  if (bare && ['ticket', '工单'].includes(event.command)) {
    const meta: CreateTicketMeta = { c: event.channelId, ru: str(body.response_url) };
    const view = createTicketModal(rt.translator(event.workspaceId), { priority: bare[3] }, meta);
    rt.after(() => openView(rt, body.trigger_id, view), true);
    return;
  }
  const origin = { channelId: event.channelId, userId: event.user.id, responseUrl: str(body.response_url) };
  dispatchLater(rt, event, origin);
}

/** The reacted message's text and author: history for top-level messages, replies for thread replies. */
async function fetchReacted(rt: SlackRuntime, channel: string, ts: string): Promise<ReactedMessage | null> {
  const args = { channel, latest: ts, oldest: ts, inclusive: true, limit: 1 };
  const find = (res: Json) =>
    ((res.messages as Json[] | undefined) ?? []).map(rec).find((m) => m.ts === ts) ?? null;
  try {
    let found = find(await rt.messenger.call(`read:${channel}`, false, 'conversations.history', args));
    found ??= find(
      await rt.messenger.call(`read:${channel}`, false, 'conversations.replies', { ...args, ts }),
    );
    return found ? { text: str(found.text), user: str(found.user), threadTs: str(found.thread_ts) } : null;
  } catch (err) {
    rt.logger.warn({ err, channel, ts }, 'could not fetch the reacted message');
    return null;
  }
}

function registerEvents(app: App, rt: SlackRuntime): void {
  app.event('message', async ({ body }) => {
    const event = messageEvent(rec(body), rt.bot);
    if (!event) return;
    const threadId = event.kind === 'thread_reply' || event.kind === 'command' ? event.threadId : undefined;
    dispatchLater(rt, event, { channelId: event.channelId, threadId, userId: event.user.id });
  });
  app.event('reaction_added', async ({ body }) => {
    const envelope = rec(body);
    const item = rec(rec(envelope.event).item);
    if (reactionName(rec(envelope.event)) !== rt.reaction || item.type !== 'message') return;
    rt.after(async () => {
      const found = await fetchReacted(rt, str(item.channel) ?? '', str(item.ts) ?? '');
      const event = reactionEvent(envelope, found);
      if (!event) return;
      const origin = { channelId: event.channelId, threadId: event.threadId, userId: event.user.id };
      await rt.dispatch(event, eventIO(rt, origin));
    });
  });
  app.event('app_home_opened', async ({ body }) => {
    const event = rec(rec(body).event);
    const userId = str(event.user);
    if (event.tab !== 'home' || !userId) return;
    rt.after(() => publishHome(rt.appHome, rt.messenger, { workspaceId: teamOf(rec(body)), userId }));
  });
}

function registerInteractivity(app: App, rt: SlackRuntime): void {
  app.action(/.*/, async ({ body, action, ack }) => {
    await ack();
    const b = rec(body);
    const a = rec(action);
    const userId = str(rec(b.user).id) ?? 'unknown';
    const message = actionMessage(b);
    const channelId = message?.channelId ?? str(rec(b.channel).id) ?? '';
    if (str(a.action_id)?.startsWith(PROMPT_PREFIX)) {
      const prompt = parsePrompt(str(a.value));
      if (!prompt) return;
      const meta: PromptMeta = {
        a: neutralActionId(str(a.action_id) ?? ''),
        v: prompt.v,
        c: channelId,
        m: message?.messageId,
        th: message?.threadId,
        ru: str(b.response_url),
        ...(rec(b.view).type === 'home' ? { h: 1 as const } : {}),
      };
      const t = rt.translator(teamOf(b));
      rt.after(() => openView(rt, b.trigger_id, promptModal(prompt, meta, t)), true);
      return;
    }
    const event = actionEvent(b, a);
    const fromHome = rec(b.view).type === 'home';
    const refresh = fromHome
      ? () => publishHome(rt.appHome, rt.messenger, { workspaceId: event.workspaceId, userId })
      : undefined;
    const origin = { channelId, threadId: message?.threadId, userId, responseUrl: str(b.response_url) };
    dispatchLater(rt, event, origin, refresh);
  });

  app.shortcut(CREATE_TICKET_SHORTCUT, async ({ shortcut, ack }) => {
    await ack();
    const b = rec(shortcut);
    const message = rec(b.message);
    const ts = str(message.ts) ?? str(b.message_ts);
    const meta: CreateTicketMeta = {
      c: str(rec(b.channel).id) ?? '',
      m: ts,
      th: str(message.thread_ts) ?? ts,
      u: str(message.user),
      ru: str(b.response_url),
    };
    const title = firstLine(decodeSlackText(str(message.text) ?? ''));
    const view = createTicketModal(rt.translator(teamOf(b)), { title }, meta);
    rt.after(() => openView(rt, b.trigger_id, view), true);
  });

  app.view(CREATE_TICKET_VIEW, async ({ body, view, ack }) => {
    const b = rec(body);
    const input = createTicketInput(rec(view));
    if ('error' in input) {
      const t = rt.translator(teamOf(b));
      await ack({ response_action: 'errors', errors: { title: t('slack.modal_title_required') } });
      return;
    }
    await ack();
    const meta = readMeta<CreateTicketMeta>(rec(view)) ?? { c: '' };
    const origin = {
      channelId: meta.c,
      threadId: meta.th,
      userId: str(rec(b.user).id) ?? '',
      responseUrl: meta.ru,
    };
    const { m } = meta;
    if (m) {
      // The shortcut's message becomes the ticket; read it now for its full text and author.
      rt.after(async () => {
        const found = await fetchReacted(rt, meta.c, m);
        await rt.dispatch(captureEvent(b, { ...meta, m }, input, found), eventIO(rt, origin));
      });
      return;
    }
    const event = modalCommandEvent(b, { channelId: meta.c, threadId: meta.th }, createTicketText(input));
    dispatchLater(rt, event, origin);
  });

  app.view(ACTION_PROMPT_VIEW, async ({ body, view, ack }) => {
    await ack();
    const b = rec(body);
    const meta = readMeta<PromptMeta>(rec(view));
    if (!meta) return;
    const message = meta.m ? { channelId: meta.c, messageId: meta.m, threadId: meta.th } : undefined;
    const event = actionEvent(
      b,
      { action_id: meta.a },
      {
        value: meta.v,
        input: inputValue(rec(view), 'note'),
        message,
        eventId: stableId('view', b, rec(view).id),
      },
    );
    if (!message) event.channelId = meta.c;
    const origin = { channelId: meta.c, threadId: meta.th, userId: event.user.id, responseUrl: meta.ru };
    const who = { workspaceId: event.workspaceId, userId: event.user.id };
    dispatchLater(rt, event, origin, meta.h ? () => publishHome(rt.appHome, rt.messenger, who) : undefined);
  });
}

/** Registers every listener on a Bolt app, whatever its receiver: the one code path for HTTP and Socket Mode. */
export function registerListeners(app: App, rt: SlackRuntime): void {
  app.command(/.*/, async ({ body, ack }) => {
    await ack();
    onCommand(rt, rec(body));
  });
  registerEvents(app, rt);
  registerInteractivity(app, rt);
  app.error(async (error) => {
    rt.logger.error({ err: error }, 'slack listener failed');
  });
}
