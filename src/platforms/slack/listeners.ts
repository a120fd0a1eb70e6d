/**
 * Every Bolt listener sopbot has, registered by one function that both receivers share (the
 * signed-HTTP receiver and Socket Mode): acknowledge first, normalize, and submit the neutral event
 * to the pipeline, which runs it on its conversation's lane after the ack. Only what must beat a
 * 3-second trigger (opening a modal) runs here directly; form submissions are checked here too, so
 * a refused field is shown in the modal itself.
 */
import type { App } from '@slack/bolt';
import type { IncomingEvent } from '../../core/events.ts';
import type { Translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { Dispatcher, FormHost } from '../../core/messenger.ts';
import { currentDelivery, type Delivery, holdDelivery } from './durable.ts';
import { errorsResponse, FORM_VIEW, formSessionOf, formView, readFormValues } from './forms.ts';
import { type AppHomeFn, publishHome } from './home.ts';
import { OPEN_FORM_ACTION, type SlackApi, type SlackMessenger } from './messenger.ts';
import {
  ACTION_PROMPT_VIEW,
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
  commandEvent,
  formSubmitEvent,
  type Json,
  messageEvent,
  neutralActionId,
  type ReactedMessage,
  reactionEvent,
  reactionName,
  rec,
  shortcutEvent,
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
  dispatcher: Dispatcher;
  forms: FormHost;
  appHome?: AppHomeFn;
  translator(workspaceId: string): Translator;
  logger: Logger;
  /** Work after the ack still deciding whether there is an event (the platform's idle() waits for it). */
  pending: Set<Promise<void>>;
}

/** Hands an event to the pipeline, as part of the delivery it came in (durable acks). */
function submit(rt: SlackRuntime, event: IncomingEvent, delivery: Delivery | undefined = currentDelivery()) {
  if (delivery) {
    event.delivery = delivery.key;
    delivery.submitted = true;
  }
  return rt.dispatcher.submit(event);
}

/**
 * Platform work after the ack that decides whether there is an event at all (reading a reacted
 * message): it keeps its delivery open until it has submitted or given up.
 */
function later(rt: SlackRuntime, work: (delivery: Delivery | undefined) => Promise<void>): void {
  const delivery = currentDelivery();
  const release = holdDelivery(delivery);
  const job = new Promise<void>((resolve) => setImmediate(resolve))
    .then(() => work(delivery))
    .catch((err: unknown) => rt.logger.error({ err }, 'slack event work failed'))
    .finally(() => {
      release();
      rt.pending.delete(job);
    });
  rt.pending.add(job);
}

async function openView(rt: SlackRuntime, triggerId: unknown, view: Json): Promise<void> {
  // Not queued: a trigger_id expires 3 s after the click, a delayed retry would be useless.
  await rt.api.apiCall('views.open', { trigger_id: str(triggerId), view });
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
    if (event) submit(rt, event);
  });
  app.event('reaction_added', async ({ body }) => {
    const envelope = rec(body);
    const item = rec(rec(envelope.event).item);
    if (reactionName(rec(envelope.event)) !== rt.reaction || item.type !== 'message') return;
    later(rt, async (delivery) => {
      const found = await fetchReacted(rt, str(item.channel) ?? '', str(item.ts) ?? '');
      const event = reactionEvent(envelope, found);
      if (event) submit(rt, event, delivery);
    });
  });
  app.event('app_home_opened', async ({ body }) => {
    const event = rec(rec(body).event);
    const userId = str(event.user);
    if (event.tab !== 'home' || !userId) return;
    later(rt, () => publishHome(rt.appHome, rt.messenger, { workspaceId: teamOf(rec(body)), userId }));
  });
}

/** Platform work that must happen now (a modal within its trigger's 3 s), tracked for idle(). */
function now(rt: SlackRuntime, work: Promise<void>, what: string): void {
  const job = work
    .catch((err: unknown) => rt.logger.warn({ err }, `could not ${what}`))
    .finally(() => rt.pending.delete(job));
  rt.pending.add(job);
}

/** A click on a button that asks for a note first: the prompt modal, right away. */
function openPrompt(rt: SlackRuntime, b: Json, a: Json): void {
  const prompt = parsePrompt(str(a.value));
  if (!prompt) return;
  const message = actionMessage(b);
  const meta: PromptMeta = {
    a: neutralActionId(str(a.action_id) ?? ''),
    v: prompt.v,
    c: message?.channelId ?? str(rec(b.channel).id) ?? '',
    m: message?.messageId,
    th: message?.threadId,
    ru: str(b.response_url),
    ...(rec(b.view).type === 'home' ? { h: 1 as const } : {}),
  };
  const t = rt.translator(teamOf(b));
  now(rt, openView(rt, b.trigger_id, promptModal(prompt, meta, t)), 'open the note prompt');
}

/** A click on "open the form" of a form sent unprompted: the session's form as a modal, right away. */
async function openSentForm(rt: SlackRuntime, b: Json, sessionId: string): Promise<void> {
  const session = await rt.forms.load(sessionId);
  const t = rt.translator(teamOf(b));
  if (!session) {
    const userId = str(rec(b.user).id) ?? '';
    await rt.messenger.respond(
      { channelId: str(rec(b.channel).id) ?? '', userId, extra: { responseUrl: str(b.response_url) ?? '' } },
      { visibility: 'ephemeral', message: { text: t('form.gone') } },
    );
    return;
  }
  await openView(rt, b.trigger_id, formView(session.form, sessionId));
}

function registerInteractivity(app: App, rt: SlackRuntime): void {
  app.action(/.*/, async ({ body, action, ack }) => {
    await ack();
    const b = rec(body);
    const a = rec(action);
    const actionId = str(a.action_id) ?? '';
    if (actionId.startsWith(PROMPT_PREFIX)) return openPrompt(rt, b, a);
    if (actionId === OPEN_FORM_ACTION) return now(rt, openSentForm(rt, b, str(a.value) ?? ''), 'open a form');
    const event = actionEvent(b, a);
    const { done } = submit(rt, event);
    if (rec(b.view).type === 'home') {
      const who = { workspaceId: event.workspaceId, userId: event.user.id };
      now(
        rt,
        done.then(() => publishHome(rt.appHome, rt.messenger, who)),
        'republish the home',
      );
    }
  });

  app.shortcut(/.*/, async ({ shortcut, ack }) => {
    await ack();
    submit(rt, shortcutEvent(rec(shortcut)));
  });

  app.view(FORM_VIEW, async ({ body, view, ack }) => {
    const b = rec(body);
    const v = rec(view);
    const sessionId = formSessionOf(v);
    const values = readFormValues(v);
    const check = sessionId ? await rt.forms.check(sessionId, values) : { gone: true as const };
    if ('errors' in check) {
      await ack(errorsResponse(check.errors));
      return;
    }
    if ('gone' in check) {
      const first = Object.keys(values)[0];
      const text = rt.translator(teamOf(b))('form.gone');
      await ack(first ? { response_action: 'errors', errors: { [first]: text } } : undefined);
      return;
    }
    await ack();
    submit(rt, formSubmitEvent(b, sessionId as string, values));
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
        channelId: meta.c,
        responseUrl: meta.ru,
        eventId: stableId('view', b, rec(view).id),
      },
    );
    const { done } = submit(rt, event);
    if (meta.h) {
      const who = { workspaceId: event.workspaceId, userId: event.user.id };
      now(
        rt,
        done.then(() => publishHome(rt.appHome, rt.messenger, who)),
        'republish the home',
      );
    }
  });
}

/** Registers every listener on a Bolt app, whatever its receiver: the one code path for HTTP and Socket Mode. */
export function registerListeners(app: App, rt: SlackRuntime): void {
  app.command(/.*/, async ({ body, ack }) => {
    await ack();
    submit(rt, commandEvent(rec(body)));
  });
  registerEvents(app, rt);
  registerInteractivity(app, rt);
  app.error(async (error) => {
    rt.logger.error({ err: error }, 'slack listener failed');
  });
}
