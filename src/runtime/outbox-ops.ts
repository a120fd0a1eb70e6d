/**
 * What each outbox operation does on a platform's Messenger: post, update, ephemeral, direct,
 * respond, form, and live messages (rendered at delivery time, posted once, then edited in place at
 * the platform's rate). The delivering loop (deliverer.ts) decides when and whether a row is sent;
 * this decides how.
 */
import type { OutboxRow, Repositories } from '../../db/repositories/index.ts';
import type { Clock } from '../core/clock.ts';
import { DeadlinePassed } from '../core/deadline.ts';
import { isCodedError, renderError } from '../core/errors.ts';
import type { Conversation, MessageRef, ReplyTarget } from '../core/events.ts';
import type { Form } from '../core/form.ts';
import { isLocale, translator } from '../core/i18n/index.ts';
import type { Logger } from '../core/logger.ts';
import type { OutgoingMessage, Reply } from '../core/message.ts';
import { DeliveryError, type Messenger, type Urgency } from '../core/messenger.ts';
import type { LiveRegistry } from './live.ts';
import type { Target } from './outbox.ts';

export interface OutboxOpsDeps {
  repos: Repositories;
  clock: Clock;
  logger: Logger;
  live: LiveRegistry;
  /** The form of a session (for `form` rows). */
  loadForm(sessionId: string): Promise<Form | null>;
}

export type Outcome =
  | { kind: 'sent' }
  /** The lease ran out and another process holds the row now: it is theirs to send. */
  | { kind: 'lost' }
  | { kind: 'defer'; until: Date }
  | { kind: 'retry'; until: Date; error: string }
  | { kind: 'failed'; error: string; cause?: unknown };

/** Backoff after the n-th failed attempt: 2 s, 4 s, 8 s … capped at 5 minutes, with ±20% jitter. */
export function outboxRetryMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How a failed send ends: waits (deferred, retried with backoff), is lost to another process, or fails for good. */
export function outcomeOf(err: unknown, row: OutboxRow, now: Date, maxAgeMs: number): Outcome {
  if (err instanceof Deferred) return { kind: 'defer', until: err.until };
  if (err instanceof DeadlinePassed) return { kind: 'lost' };
  const permanent = (err instanceof DeliveryError && err.permanent) || isCodedError(err);
  const error = describe(err);
  if (permanent) return { kind: 'failed', error, cause: err };
  if (now.getTime() - row.createdAt.getTime() > maxAgeMs) {
    return { kind: 'failed', error: `still failing after ${Math.round(maxAgeMs / 3_600_000)} h: ${error}` };
  }
  const asked = err instanceof DeliveryError ? (err.retryAfterMs ?? 0) : 0;
  const wait = Math.max(asked, outboxRetryMs(row.attempts + 1));
  return { kind: 'retry', until: new Date(now.getTime() + wait), error };
}

/** A row given up whose `onFail` says what to tell whoever asked for it: that answer's outbox row. */
export function failureAnswer(row: OutboxRow, cause: unknown) {
  const onFail = (row.payload as { onFail?: { target: ReplyTarget; text: string; locale: string } }).onFail;
  if (!onFail) return null;
  const t = translator(isLocale(onFail.locale) ? onFail.locale : 'en');
  const text = `${onFail.text}\n${renderError(cause, t).text}`;
  return {
    subject: `fail:${row.id}`,
    platform: row.platform,
    op: 'respond' as const,
    payload: { target: onFail.target, reply: { visibility: 'ephemeral', message: { text } } },
  };
}

export class OutboxOps {
  constructor(private readonly deps: OutboxOpsDeps) {}

  async perform(row: OutboxRow, m: Messenger): Promise<void> {
    const p = row.payload as Record<string, unknown>;
    switch (row.op) {
      case 'post':
        await m.post(await this.where(p.to as Target, row), await this.hydrate(p.message as OutgoingMessage));
        return;
      case 'update':
        await m.update(p.ref as MessageRef, await this.hydrate(p.message as OutgoingMessage));
        return;
      case 'ephemeral':
        await m.ephemeral(
          await this.where(p.to as Target, row),
          String(p.userId),
          await this.hydrate(p.message as OutgoingMessage),
        );
        return;
      case 'direct':
        await m.direct(
          String(p.userId),
          await this.hydrate(p.message as OutgoingMessage),
          (p.urgency as Urgency) ?? 'normal',
        );
        return;
      case 'respond': {
        const reply = p.reply as Reply;
        await m.respond(p.target as ReplyTarget, { ...reply, message: await this.hydrate(reply.message) });
        return;
      }
      case 'form': {
        const form = await this.deps.loadForm(String(p.sessionId));
        if (!form) return; // the form was withdrawn: nothing to send
        await m.sendForm(
          p.to as { userId: string },
          form,
          String(p.sessionId),
          await this.hydrate(p.intro as OutgoingMessage),
        );
        return;
      }
      case 'live':
        await this.live(row, m, p);
        return;
      default:
        throw new DeliveryError(`unknown outbox operation ${row.op}`, true);
    }
  }

  private async live(row: OutboxRow, m: Messenger, p: Record<string, unknown>): Promise<void> {
    const { repos, clock, live } = this.deps;
    const subject = String(p.live);
    const renderer = live.of(subject);
    if (!renderer) throw new DeliveryError(`no live renderer for ${subject}`, true);
    const existing = await repos.live.get(subject);
    if (existing && existing.platform !== row.platform) return;
    if (!existing && p.mode !== 'post') return; // not posted yet: its post renders the latest state
    const now = clock.now();
    // Past the platform's edit window (Feishu: 14 days) the message is posted afresh in its thread
    // when its renderer asks for it, else it stays as it was last shown.
    const expired =
      existing !== undefined &&
      m.editWindowMs !== undefined &&
      now.getTime() - existing.postedAt.getTime() > m.editWindowMs;
    const repost = expired && (await renderer.repostWhenExpired?.(subject)) === true;
    if (expired && !repost) {
      this.deps.logger.info(
        { subject, platform: row.platform },
        'live message too old to edit; left as it is',
      );
      return;
    }
    if (existing?.editedAt) {
      const next = existing.editedAt.getTime() + m.editIntervalMs;
      if (next > now.getTime()) throw new Deferred(new Date(next));
    }
    const rendered = await renderer.render(subject, row.platform);
    if (!rendered) return; // the subject is gone
    const message = await this.hydrate(rendered.message);
    if (existing && !repost) {
      const ref: MessageRef = { channelId: existing.channelId, messageId: existing.messageId };
      if (existing.threadId) ref.threadId = existing.threadId;
      await m.update(ref, message);
      await repos.live.edited(subject, clock.now());
      return;
    }
    if (existing) {
      // In the old one's thread (under the old one when it started the thread), so replies keep
      // going to the same place; from now on the new one is followed.
      const threadId = existing.threadId ?? existing.messageId;
      const ref = await m.post({ channelId: existing.channelId, threadId }, message);
      const moved = await repos.live.moved(subject, existing.messageId, {
        channelId: ref.channelId,
        messageId: ref.messageId,
        threadId,
        postedAt: clock.now(),
      });
      if (!moved) this.deps.logger.warn({ subject }, 'live message was posted afresh twice');
      else
        this.deps.logger.info(
          { subject, platform: row.platform },
          'live message posted afresh in its thread',
        );
      return;
    }
    const target = (p.to as Target | undefined) ?? rendered.to;
    if (!target) throw new DeliveryError(`live message ${subject} has nowhere to go`, true);
    const to = await this.where(target, row);
    const ref = await m.post(to, message);
    const fresh = await repos.live.insert({
      subject,
      platform: row.platform,
      channelId: ref.channelId,
      messageId: ref.messageId,
      threadId: to.threadId ?? null,
      postedAt: clock.now(),
    });
    if (!fresh) this.deps.logger.warn({ subject }, 'live message was posted twice');
    await renderer.posted?.(subject, ref, row.platform);
  }

  /** A target as a conversation: `threadOf` is the thread of that subject's live message. */
  private async where(target: Target, row: OutboxRow): Promise<Conversation> {
    if (!('threadOf' in target)) return target;
    const found = await this.deps.repos.live.get(target.threadOf);
    if (found) return { channelId: found.channelId, threadId: found.threadId ?? found.messageId };
    const fallback = await this.deps.live.of(target.threadOf)?.conversation?.(target.threadOf);
    if (fallback) return fallback;
    if (row.attempts >= 3) throw new DeliveryError(`${target.threadOf} has no thread to post in`, true);
    throw new Error(`${target.threadOf} has no thread yet`);
  }

  /** Loads the bytes of the message's images (stored as blobs). */
  private async hydrate(message: OutgoingMessage): Promise<OutgoingMessage> {
    const blocks = message.card?.blocks;
    const ids = blocks?.flatMap((b) =>
      b.kind === 'image' && b.image.blobId && !b.image.data ? [b.image.blobId] : [],
    );
    if (!ids?.length || !message.card) return message;
    const rows = new Map((await this.deps.repos.blobs.getMany(ids)).map((b) => [b.id, b.bytes]));
    const filled = (blocks ?? []).map((b) =>
      b.kind === 'image' && b.image.blobId
        ? { ...b, image: { ...b.image, data: rows.get(b.image.blobId) } }
        : b,
    );
    return { ...message, card: { ...message.card, blocks: filled } };
  }
}

/** Thrown inside a delivery that must wait without counting as a failure (an edit's rate limit). */
export class Deferred extends Error {
  constructor(readonly until: Date) {
    super('deferred');
  }
}
