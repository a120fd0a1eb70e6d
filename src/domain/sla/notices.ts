/**
 * What the SLA engine says, in the workspace's language: the card's SLA line, on-call notices,
 * pages, warnings and breach notices. Pure: time and translator are passed in.
 */
// The module's strings are registered wherever its code is loaded.
import './catalog.ts';
import { formatDateTime } from '../../core/format.ts';
import type { Translator } from '../../core/i18n/index.ts';
import { type Card, type OutgoingMessage, type Span, span } from '../../core/message.ts';
import { TICKET_ACTIONS, type Ticket, ticketRef } from '../tickets/index.ts';
import type { SlaLine } from './countdown.ts';
import type { Target } from './policy.ts';

const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
] as const;

/** `1h 20m` / `1小时20分钟`: the two largest units, rounded to whole seconds. */
export function humanDuration(ms: number, t: Translator): string {
  let rest = Math.max(0, Math.round(ms / 1000) * 1000);
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0 && parts.length < 2) {
      parts.push(t(`sla.unit.${unit}`, { n }));
      rest -= n * size;
    } else if (parts.length) break;
  }
  const [a, b] = parts;
  if (!a) return t('sla.unit.s', { n: 0 });
  return b ? t('sla.unit.pair', { a, b }) : a;
}

export function targetName(target: Target, t: Translator): string {
  return t(`sla.target.${target}`);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The card's SLA line in words. */
export function renderLine(line: SlaLine, t: Translator, timeZone: string): string {
  const parts: string[] = [];
  const time = (d: Date) => formatDateTime(d, timeZone);
  if (line.state === 'done') return t(line.missed ? 'sla.line.missed' : 'sla.line.met');
  if (line.state === 'running' && line.target && line.due && line.remainingMs !== undefined) {
    parts.push(
      t('sla.line.running', {
        icon: line.warned ? '⚠️' : '⏱',
        target: capitalize(targetName(line.target, t)),
        remaining: humanDuration(line.remainingMs, t),
        time: time(line.due),
      }),
    );
  }
  if (line.state === 'paused') parts.push(t('sla.line.paused'));
  for (const o of line.overdue) {
    parts.push(t('sla.line.overdue', { target: capitalize(targetName(o.target, t)), time: time(o.due) }));
  }
  return parts.join(t('sla.line.sep'));
}

/** A list of users as mentions (`@ann, @bob`), or the localized "nobody". */
export function mentionList(users: string[], t: Translator): Span[] {
  if (!users.length) return [span.text(t('common.nobody'))];
  return users.flatMap((u, i) => (i ? [span.text(', '), span.mention(u)] : [span.mention(u)]));
}

const OPEN = '\uE000';
const CLOSE = '\uE001';

/**
 * Translates a key where some placeholders are whole span lists (a list of mentions, a mention
 * with a note): the sentence keeps each language's word order, the slots keep their markup.
 */
export function translateSlots(
  t: Translator,
  key: Parameters<Translator>[0],
  params: Record<string, string | number>,
  slots: Record<string, Span[]>,
): Span[] {
  const names = Object.keys(slots);
  const marks = Object.fromEntries(names.map((n, i) => [n, `${OPEN}${i}${CLOSE}`]));
  const [head = '', ...rest] = t(key, { ...params, ...marks }).split(OPEN);
  const out: Span[] = head ? [span.text(head)] : [];
  for (const part of rest) {
    const [index = '', text = ''] = part.split(CLOSE);
    out.push(...(slots[names[Number(index)] ?? ''] ?? []));
    if (text) out.push(span.text(text));
  }
  return out;
}

/** Translates a key whose `{users}` placeholder is a list of mentions. */
export function withUsers(
  t: Translator,
  key: Parameters<Translator>[0],
  params: Record<string, string | number>,
  users: string[],
): Span[] {
  return translateSlots(t, key, params, { users: mentionList(users, t) });
}

export function lateNote(lateMs: number, t: Translator): string {
  return lateMs > 0 ? t('sla.late_note', { delay: humanDuration(lateMs, t) }) : '';
}

/** The direct page to an on-call person: the reason and a small card to act on the ticket. */
export function pageMessage(
  ticket: Ticket,
  t: Translator,
  info: { tier: string; team: string; reason: string },
): OutgoingMessage {
  const id = ticketRef(ticket);
  const head = t('sla.page_dm', {
    tier: info.tier,
    team: info.team,
    id,
    priority: ticket.priority,
    title: ticket.title,
  });
  const text = t('sla.page_dm_with_reason', { text: head, reason: info.reason });
  const value = String(ticket.number);
  const card: Card = {
    title: `${id} · ${ticket.title}`,
    key: id,
    conversation: ticket.channelId
      ? { channelId: ticket.channelId, threadId: ticket.threadId ?? undefined }
      : undefined,
    tone: ticket.priority === 'P0' ? 'danger' : 'warning',
    text: [span.text(text)],
    fields: [
      { label: t('card.priority'), value: t(`priority.${ticket.priority}`) },
      { label: t('card.tier'), value: info.tier },
    ],
    buttons: [
      ...(ticket.status === 'new'
        ? [{ actionId: TICKET_ACTIONS.ack, label: t('card.ack'), value, style: 'primary' as const }]
        : []),
      { actionId: TICKET_ACTIONS.take, label: t('card.take'), value },
    ],
  };
  return { text, card };
}
