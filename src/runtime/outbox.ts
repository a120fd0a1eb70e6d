/**
 * The one way any module posts: what to say is written to the `outbox` table in the same
 * transaction as the change it reports (a rolled-back change says nothing; a committed one is never
 * lost), and delivered after the commit by the delivering loop (deliverer.ts) at each channel's
 * pace, in order per subject, retried with backoff when the chat API fails. Images travel by
 * reference: their bytes are stored once as blobs and loaded at delivery.
 */
import { createHash } from 'node:crypto';
import type { NewOutboxRow, Repositories, RepositorySet } from '../../db/repositories/index.ts';
import type { Clock } from '../core/clock.ts';
import type { Conversation, MessageRef, ReplyTarget } from '../core/events.ts';
import type { CardImage, OutgoingMessage, Reply } from '../core/message.ts';
import type { Urgency } from '../core/messenger.ts';

/**
 * Where a message goes: a conversation, or the thread of a live message (`threadOf: 'ticket:42'`,
 * resolved when it is delivered, so a note can be queued before the card that opens its thread has
 * been posted: the subject's order puts the card first).
 */
export type Target = Conversation | { threadOf: string };

/** What to say, one of these operations of the Messenger port. */
export type OutboxOp =
  | { op: 'post'; to: Target; message: OutgoingMessage }
  | { op: 'update'; ref: MessageRef; message: OutgoingMessage }
  | { op: 'ephemeral'; to: Target; userId: string; message: OutgoingMessage }
  | { op: 'direct'; userId: string; urgency?: Urgency; message: OutgoingMessage }
  | { op: 'respond'; target: ReplyTarget; reply: Reply }
  /**
   * A live message (see live.ts): `post` renders and posts it at `to` (or where its renderer says)
   * unless it exists; `refresh` re-renders an existing one in place (nothing when it is not posted
   * yet: the post renders the latest state anyway). Refreshes of one subject are coalesced.
   */
  | { op: 'live'; live: string; mode: 'post' | 'refresh'; to?: Target }
  /** A form sent unprompted (a daily-report prompt); the form is read from its session at delivery. */
  | { op: 'form'; to: { userId: string } | Conversation; sessionId: string; intro: OutgoingMessage };

/** An outbox entry: the operation, the platform, and the subject whose order it keeps. */
export type OutboxItem = OutboxOp & {
  platform: string;
  /** Rows of one subject are delivered in the order written (`ticket:42`, `team:support`). */
  subject: string;
  /** Not before (a scheduled message); default now. */
  dueAt?: Date;
  /**
   * Said instead when this entry fails for good (the bot is not in the channel): an answer to the
   * user who asked, with the platform's reason appended in `locale`.
   */
  onFail?: { target: ReplyTarget; text: string; locale: string };
};

/** The lane a live refresh travels in: its own, so a slow edit never holds up the subject's notes. */
export function refreshLane(subject: string): string {
  return `live:${subject}`;
}

/** A refresh of live message `live` (the common case of `op: 'live'`), in its own lane. */
export function refresh(platform: string, live: string): OutboxItem {
  return { op: 'live', mode: 'refresh', live, subject: refreshLane(live), platform };
}

/** Stored form of a message: images replaced by their blob ids. */
function storedMessage(message: OutgoingMessage, blobs: Map<string, { data: Uint8Array; type: string }>) {
  const blocks = message.card?.blocks;
  if (!blocks?.some((b) => b.kind === 'image' && b.image.data)) return message;
  const stored = blocks.map((b) => {
    if (b.kind !== 'image' || !b.image.data) return b;
    const id = b.image.blobId ?? createHash('sha256').update(b.image.data).digest('hex').slice(0, 40);
    blobs.set(id, { data: b.image.data, type: 'image/png' });
    const { data: _bytes, ...rest } = b.image;
    return { ...b, image: { ...rest, blobId: id } as CardImage };
  });
  return { ...message, card: { ...message.card, blocks: stored } } as OutgoingMessage;
}

function payloadOf(item: OutboxItem, blobs: Map<string, { data: Uint8Array; type: string }>) {
  const {
    platform: _p,
    subject: _s,
    dueAt: _d,
    op: _o,
    ...rest
  } = item as OutboxItem & Record<string, unknown>;
  if (rest.onFail === undefined) delete rest.onFail;
  const out = { ...rest } as Record<string, unknown>;
  if ('message' in item) out.message = storedMessage(item.message, blobs);
  if (item.op === 'respond') out.reply = { ...item.reply, message: storedMessage(item.reply.message, blobs) };
  if (item.op === 'form') out.intro = storedMessage(item.intro, blobs);
  return out;
}

/** Where rows written here are delivered after their commit (deliverer.ts). */
export interface OutboxSink {
  /** Rows leased to this process, committed: deliver them (never call it inside a transaction). */
  accept(rows: import('../../db/repositories/index.ts').OutboxRow[]): void;
  readonly instanceId: string;
  readonly leaseMs: number;
}

export interface OutboxWriter {
  /**
   * Writes what to say in the current transaction (it joins the running unit of work, or opens a
   * transaction of its own) and hands the rows to this process's delivering loop after the commit.
   */
  say(items: OutboxItem[] | OutboxItem): Promise<void>;
  /** The same inside a transaction the caller holds. */
  sayIn(r: RepositorySet, items: OutboxItem[] | OutboxItem): Promise<void>;
}

export function createOutboxWriter(deps: {
  repos: Repositories;
  clock: Clock;
  sink: OutboxSink;
}): OutboxWriter {
  const { repos, clock, sink } = deps;

  async function write(r: RepositorySet, list: OutboxItem[]): Promise<void> {
    if (!list.length) return;
    const now = clock.now();
    const blobs = new Map<string, { data: Uint8Array; type: string }>();
    const rows: NewOutboxRow[] = [];
    const byKey = new Map<string, NewOutboxRow>();
    for (const item of list) {
      const dedupeKey = item.op === 'live' && item.mode === 'refresh' ? refreshLane(item.live) : null;
      const dueAt = item.dueAt && item.dueAt > now ? item.dueAt : now;
      // One pending refresh per live message: a second one in the same write only moves it earlier.
      const same = dedupeKey ? byKey.get(dedupeKey) : undefined;
      if (same) {
        if (dueAt < same.dueAt) same.dueAt = dueAt;
        continue;
      }
      const row = {
        subject: item.subject,
        platform: item.platform,
        op: item.op,
        payload: payloadOf(item, blobs),
        dueAt,
        dedupeKey,
      };
      if (dedupeKey) byKey.set(dedupeKey, row);
      rows.push(row);
    }
    for (const [id, blob] of blobs) {
      await r.blobs.put({ id, contentType: blob.type, bytes: blob.data, createdAt: now });
    }
    const lease = { by: sink.instanceId, until: new Date(now.getTime() + sink.leaseMs) };
    const inserted = await r.outbox.insert(rows, now, lease);
    const dueNow = inserted.filter((row) => row.dueAt.getTime() <= now.getTime());
    if (dueNow.length) repos.afterCommit(() => sink.accept(dueNow));
  }

  const asList = (items: OutboxItem[] | OutboxItem) => (Array.isArray(items) ? items : [items]);
  // Inside a unit of work everything said is written at its end, in one statement, in the order said.
  const buffers = new WeakMap<object, OutboxItem[]>();
  function buffered(list: OutboxItem[]): boolean {
    const unit = repos.unitToken();
    if (!unit) return false;
    let buffer = buffers.get(unit);
    if (!buffer) {
      const mine: OutboxItem[] = [];
      buffer = mine;
      buffers.set(unit, mine);
      repos.beforeCommit(async (r) => {
        buffers.delete(unit);
        await write(r, mine);
      });
    }
    buffer.push(...list);
    return true;
  }
  return {
    say: async (items) => {
      if (!buffered(asList(items))) await repos.transaction((r) => write(r, asList(items)));
    },
    sayIn: async (r, items) => {
      if (!buffered(asList(items))) await write(r, asList(items));
    },
  };
}
