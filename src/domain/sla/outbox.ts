/**
 * What timers say goes through the timer table too: a step writes one `chat.send` row per message
 * in the same transaction as its own state change, and the scheduler delivers those rows right
 * after the commit. A failing chat API (429, 5xx, timeout) therefore delays a message, with
 * backoff, and never drops it; a crash between commit and delivery leaves the rows for the next
 * tick. Messages of one ticket are delivered in order.
 */
import type { NewTimerRow, TimerRow } from '../../../db/repositories/index.ts';
import type { Conversation, MessageRef } from '../../core/events.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import type { Urgency } from '../../core/messenger.ts';
import type { MessengerDirectory, TeamChannel } from '../oncall/messengers.ts';

export const SEND_KIND = 'chat.send';

export type SendPayload =
  | { platform: string; op: 'post'; to: Conversation; message: OutgoingMessage }
  /** Refresh a ticket's card: rendered from the committed state when delivered, so never stale. */
  | { platform: string; op: 'card'; ticketId: number }
  | { platform: string; op: 'update'; ref: MessageRef; message: OutgoingMessage }
  | { platform: string; op: 'direct'; userId: string; urgency: Urgency; message: OutgoingMessage };

/**
 * A `chat.send` row, due now, about `ticketId` (null for team-wide messages). Card refreshes share
 * one key per ticket: a pending refresh renders the latest state anyway, so a second is skipped.
 */
export function sendRow(ticketId: number | null, payload: SendPayload, now: Date): NewTimerRow {
  const dedupeKey = payload.op === 'card' ? `card:${payload.ticketId}` : null;
  return {
    kind: SEND_KIND,
    ticketId,
    dueAt: now,
    dedupeKey,
    payload: payload as unknown as Record<string, unknown>,
  };
}

/** Renders the cards of tickets as they are now (the SLA engine provides it). */
export type CardRenderer = (
  ticketIds: number[],
) => Promise<Map<number, { ref: MessageRef; message: OutgoingMessage }>>;

/**
 * Rows posting `message` to a team's channel: on its configured platform, else on each running
 * platform (a channel id only exists on one of them; the others fail and are retried a few times).
 */
export function teamSends(
  messengers: MessengerDirectory,
  team: TeamChannel | undefined,
  message: OutgoingMessage,
  now: Date,
): NewTimerRow[] {
  if (!team?.channel) return [];
  const platforms = team.platform ? [team.platform] : messengers.list().map((m) => m.platform);
  return platforms.map((platform) =>
    sendRow(null, { platform, op: 'post', to: { channelId: team.channel as string }, message }, now),
  );
}

/** Delivers `chat.send` rows: each ticket's in order, tickets in parallel. Returns errors by id. */
export async function deliver(
  messengers: MessengerDirectory,
  rows: TimerRow[],
  renderCards: CardRenderer,
  parallel = 16,
): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  const cardIds = rows.flatMap((r) => {
    const p = r.payload as unknown as SendPayload;
    return p.op === 'card' ? [p.ticketId] : [];
  });
  const cards = cardIds.length ? await renderCards(cardIds) : new Map();
  const lanes = new Map<string, TimerRow[]>();
  for (const row of rows) {
    const lane = row.ticketId === null ? `row:${row.id}` : `ticket:${row.ticketId}`;
    const list = lanes.get(lane);
    if (list) list.push(row);
    else lanes.set(lane, [row]);
  }
  const queue = [...lanes.values()];
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const row of lane) out.set(row.id, await deliverOne(messengers, row, cards));
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, queue.length) }, worker));
  return out;
}

async function deliverOne(
  messengers: MessengerDirectory,
  row: TimerRow,
  cards: Awaited<ReturnType<CardRenderer>>,
): Promise<string | null> {
  const p = row.payload as unknown as SendPayload;
  const messenger = messengers.get(p.platform);
  if (!messenger) return `no ${p.platform} messenger is running`;
  try {
    if (p.op === 'card') {
      const card = cards.get(p.ticketId);
      if (card) await messenger.update(card.ref, card.message); // no card (yet): nothing to edit
    } else if (p.op === 'post') await messenger.post(p.to, p.message);
    else if (p.op === 'update') await messenger.update(p.ref, p.message);
    else await messenger.direct(p.userId, p.message, p.urgency);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}
