/**
 * The one normalize-and-submit path of the Feishu platform, registered on the SDK's
 * EventDispatcher and therefore shared by the HTTP route and the long connection. Each handler
 * returns at once (a card click returns its toast; a refused form its card with the reasons) and
 * queues the work: normalize, then submit the neutral event to the pipeline, whose unit of work
 * makes a redelivered event id do nothing. With a delivery journal (durable acks, on by default)
 * each event is journaled before the handler returns (the SDK answers Feishu only then); the
 * event's unit of work finishes it, and a sweep replays it if the process that took it stopped first.
 */
import { createHash } from 'node:crypto';
import type { DeliveryLedger, Replayable } from '../../core/delivery.ts';
import type { IncomingEvent } from '../../core/events.ts';
import { type Locale, translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { Dispatcher, FormHost } from '../../core/messenger.ts';
import type { FeishuApi } from './client.ts';
import { readFormValues, refusedFormAnswer } from './forms.ts';
import type { FeishuMessenger } from './messenger.ts';
import {
  type Normalized,
  normalizeCardAction,
  normalizeMessage,
  normalizeReaction,
  normalizeRecalled,
  type Origin,
  replyTargetOf,
} from './normalize.ts';

type Raw = Record<string, unknown>;

export interface PipelineDeps {
  api: FeishuApi;
  messenger: FeishuMessenger;
  dispatcher: Dispatcher;
  /** Form sessions: a form card's submission is checked before the 3-second answer. */
  forms: FormHost;
  logger: Logger;
  /** config.tickets.reaction: the emoji that turns a message into a ticket. */
  reaction: string;
  /** The workspace language of a tenant (for toasts and hints sent outside the pipeline). */
  localeOf(tenantKey: string): Promise<Locale>;
  /** Skips the bot-info lookup (tests, or admins who know it). */
  botOpenId?: string;
  /** Sees every normalized event before it is submitted (tests compare transports with it). */
  observe?: (event: IncomingEvent) => void;
  /** Durable acks: journal each event before answering (absent: at most once after the answer). */
  journal?: DeliveryLedger;
}

/** The journaled delivery a handler is running for, while it queues its work. */
interface Delivery {
  key: string;
}

interface BotIdentity {
  openId: string;
  name: string;
}

export class FeishuPipeline {
  private readonly pending = new Set<Promise<void>>();
  private readonly hinted = new Set<string>();
  private bot: Promise<BotIdentity | undefined> | undefined;
  private current: Delivery | undefined;

  constructor(private readonly deps: PipelineDeps) {}

  /** Handlers by event type, for EventDispatcher.register (journaled first when durable). */
  handlers(): Record<string, (data: Raw) => unknown> {
    const base = this.baseHandlers();
    const { journal } = this.deps;
    if (!journal) return base;
    return Object.fromEntries(
      Object.entries(base).map(([type, handle]) => [
        type,
        async (data: Raw) => {
          const key = `${type}:${typeof data.event_id === 'string' ? data.event_id : digest(data)}`;
          if (!(await journal.accept(key, { type, data }))) {
            // A redelivery of one still being handled: nothing more to do, but a click is still answered.
            return type === 'card.action.trigger' ? this.receivedToast(data) : undefined;
          }
          return this.runFor({ key }, () => handle(data));
        },
      ]),
    );
  }

  /** Replays an event a stopped process left unfinished (journal sweeper). */
  async replay({ key, body }: Replayable): Promise<void> {
    const { type, data } = body as { type: string; data: Raw };
    const handle = this.baseHandlers()[type];
    if (handle) await this.runFor({ key }, () => handle(data));
    else await this.deps.journal?.finish(key);
  }

  /** Runs a handler as `delivery`: the work it queues finishes it. */
  private runFor<T>(delivery: Delivery, handle: () => T): T {
    this.current = delivery;
    try {
      return handle();
    } finally {
      this.current = undefined;
    }
  }

  private baseHandlers(): Record<string, (data: Raw) => unknown> {
    return {
      'im.message.receive_v1': (data) => this.later(async () => normalizeMessage(data, await this.botId())),
      'im.message.reaction.created_v1': (data) =>
        this.later(async () =>
          normalizeReaction(
            data,
            this.deps.reaction,
            (id) => this.deps.api.getMessage(id),
            await this.botId(),
          ),
        ),
      'im.message.recalled_v1': (data) => this.later(async () => normalizeRecalled(data, await this.botId())),
      'card.action.trigger': (data) => this.onCard(data, this.current),
    };
  }

  /** Resolves when every queued event has been handled. */
  async idle(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private async receivedToast(data: Raw): Promise<object> {
    const t = translator(await this.deps.localeOf(String(data.tenant_key ?? '')));
    return { toast: { type: 'info', content: t('feishu.action_received') } };
  }

  private async onCard(data: Raw, delivery: Delivery | undefined): Promise<object> {
    const normalized = normalizeCardAction(data);
    const tenant = normalized.kind === 'event' ? normalized.origin.tenantKey : String(data.tenant_key ?? '');
    const t = translator(await this.deps.localeOf(tenant));
    if (normalized.kind === 'event' && normalized.event.kind === 'form_submit') {
      // Checked now, inside Feishu's 3 s: a refused field comes back on the card, with what was typed.
      const event = normalized.event;
      const session = await this.deps.forms.load(event.sessionId);
      // Read again with the form at hand, so each value is read as its field's kind (dates, options).
      if (session) event.values = readFormValues((data.action as Raw | undefined)?.form_value, session.form);
      const { sessionId, values } = event;
      const check = await this.deps.forms.check(sessionId, values);
      if ('errors' in check) {
        this.later(async () => ({ kind: 'ignore', reason: 'form refused' }), delivery);
        return refusedFormAnswer(check.form, sessionId, values, check.errors, t('form.fix_fields'));
      }
      if ('gone' in check) {
        this.later(async () => ({ kind: 'ignore', reason: 'form gone' }), delivery);
        return { toast: { type: 'warning', content: t('form.gone') } };
      }
    }
    this.later(async () => normalized, delivery);
    if (normalized.kind !== 'event')
      return { toast: { type: 'warning', content: t('feishu.action_unknown') } };
    return { toast: { type: 'info', content: t('feishu.action_received') } };
  }

  /**
   * Queues the work after the current answer has been written; returns nothing to the sender. A
   * delivery that becomes an event is finished by the event's unit of work; any other is finished
   * here once it is known to be nothing.
   */
  private later(
    normalize: () => Promise<Normalized>,
    delivery: Delivery | undefined = this.current,
  ): undefined {
    const job = new Promise<void>((resolve) => setImmediate(resolve))
      .then(normalize)
      .then(async (n) => {
        const submitted = await this.deliver(n, delivery);
        if (!submitted && delivery) await this.deps.journal?.finish(delivery.key);
      })
      .catch((err: unknown) => this.deps.logger.error({ err }, 'feishu event handling failed'))
      .finally(() => this.pending.delete(job));
    this.pending.add(job);
    return undefined;
  }

  /** Hands the event to the pipeline; true when it did (the pipeline then finishes the delivery). */
  private async deliver(n: Normalized, delivery: Delivery | undefined): Promise<boolean> {
    if (n.kind === 'ignore') {
      this.deps.logger.debug({ reason: n.reason }, 'feishu event ignored');
      return false;
    }
    this.deps.messenger.noteChat(n.origin.chatId, n.origin.chatType);
    if (n.kind === 'hint') {
      await this.hint(n.hint, n.eventId, n.origin);
      return false;
    }
    this.deps.observe?.(n.event);
    if (delivery) n.event.delivery = delivery.key;
    await this.deps.dispatcher.submit(n.event).done;
    return true;
  }

  /** A nudge for a mention with no command or a non-text message, sent once per event id. */
  private async hint(hint: 'empty' | 'unsupported', eventId: string, origin: Origin) {
    if (this.hinted.has(eventId)) return;
    if (this.hinted.size > 5000) this.hinted.clear();
    this.hinted.add(eventId);
    const t = translator(await this.deps.localeOf(origin.tenantKey));
    const bot = (await this.identity())?.name || 'sopbot';
    const text = hint === 'empty' ? t('feishu.hint', { bot }) : t('feishu.unsupported');
    await this.deps.messenger.respond(replyTargetOf(origin), { visibility: 'ephemeral', message: { text } });
  }

  private identity(): Promise<BotIdentity | undefined> {
    if (this.deps.botOpenId) return Promise.resolve({ openId: this.deps.botOpenId, name: '' });
    this.bot ??= this.deps.api.botInfo().then(
      (info) => (info.openId ? info : undefined),
      (err: unknown) => {
        this.deps.logger.error({ err }, 'cannot read the bot identity (GET /open-apis/bot/v3/info)');
        this.bot = undefined;
        return undefined;
      },
    );
    return this.bot;
  }

  private async botId(): Promise<string | undefined> {
    return (await this.identity())?.openId;
  }
}

/** A stable key for an event without an event_id. */
function digest(data: Raw): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 40);
}
