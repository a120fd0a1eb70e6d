/**
 * One step per SLA timer kind. Each checks the clock still wants it (state, not just generation:
 * a re-ping for a tier the ticket already left does nothing), changes the clock, logs to the
 * ticket's event log and queues what to say. The engine writes all of it, outbox rows included, in
 * one transaction. Thread notices go to the ticket's thread as the outbox resolves it at delivery:
 * after the card that opens it, in the ticket's order, even when the card is still on its way.
 */
import { formatDateTime } from '../../core/format.ts';
import type { Translator } from '../../core/i18n/index.ts';
import { translateRich } from '../../core/i18n/rich.ts';
import { type OutgoingMessage, span } from '../../core/message.ts';
import type { Urgency } from '../../core/messenger.ts';
import type { OnCall } from '../oncall/index.ts';
import { isOpen, type Ticket, ticketRef, tierLabel } from '../tickets/index.ts';
import { addBusinessMs } from './calendar.ts';
import { type ClockState, deadlineOf, metAt, noticeKey } from './clock.ts';
import { humanDuration, lateNote, mentionList, pageMessage, targetName, withUsers } from './notices.ts';
import { SLA_TIMER_KINDS, type SlaTimerKind } from './plan.ts';
import type { SlaSettings, Target } from './policy.ts';
import { pageUrgency } from './policy.ts';

export interface StepContext {
  now: Date;
  lateMs: number;
  ticket: Ticket;
  /** The clock; steps replace fields on it. */
  state: ClockState;
  settings: SlaSettings;
  t: Translator;
  timeZone: string;
  team: string | null;
  whoIsOn(tier: string): Promise<OnCall>;
  log(kind: string, data: Record<string, unknown>): Promise<void>;
  setTier(tier: string): Promise<void>;
  /** The reason given with the latest manual escalation, if any. */
  escalationReason(): Promise<string | null>;
  thread(message: OutgoingMessage): void;
  dm(users: string[], message: OutgoingMessage, urgency: Urgency): void;
  teamChannel(message: OutgoingMessage): void;
  refreshCard(): void;
}

export type StepResult = { status: 'fired' | 'stale'; replan?: SlaTimerKind[] } | { deferUntil: Date };

const STALE: StepResult = { status: 'stale' };

function chainLive(c: StepContext): boolean {
  return (
    c.state.chainActive && isOpen(c.ticket.status) && c.ticket.status !== 'pending' && !c.state.stoppedAt
  );
}

function time(c: StepContext, d: Date): string {
  return formatDateTime(d, c.timeZone);
}

/** Pages the on-call of the clock's current level: records the page, returns who is on. */
async function pageCurrent(c: StepContext): Promise<OnCall> {
  const who = await c.whoIsOn(c.state.policy.chain[c.state.level] ?? '');
  c.state = { ...c.state, pagedLevel: c.state.level, pagedAt: c.now, pings: c.state.pings + 1 };
  return who;
}

/** The direct page (Feishu 加急 / Slack DM) to each on-call person, after the thread notice. */
function directPage(c: StepContext, who: OnCall, reason: string): void {
  if (!who.users.length) return;
  const tier = c.state.policy.chain[c.state.level] ?? '';
  const message = pageMessage(c.ticket, c.t, { tier: tierLabel(tier, c.t), team: c.team ?? '—', reason });
  c.dm(who.users, message, pageUrgency(c.ticket.priority, c.settings));
}

/** Whether the next automatic escalation is already due (the bot is catching up). */
function escalationDue(c: StepContext): boolean {
  const { calendar, chain, escalateAfterMs } = c.state.policy;
  if (c.state.level + 1 >= chain.length) return false;
  const at = addBusinessMs(calendar, c.state.levelSince, escalateAfterMs, c.state.pauses);
  return at !== null && at <= c.now;
}

/** The first notice to a tier: L1 when the ticket opens, or the tier a human escalated to. */
async function page(c: StepContext, level: number): Promise<StepResult> {
  if (!chainLive(c) || level !== c.state.level || c.state.pagedLevel >= level) return STALE;
  const tier = c.state.policy.chain[level] ?? '';
  const id = ticketRef(c.ticket);
  const manual = level > 0;
  c.state = { ...c.state, pings: 0 };
  const who = await pageCurrent(c);
  await c.log(manual ? 'paged' : 'oncall_notified', { to: tier, users: who.users, lateMs: c.lateMs });
  const late = lateNote(c.lateMs, c.t);
  const shown = tierLabel(tier, c.t);
  if (!who.users.length) {
    c.thread({ text: c.t('sla.notify_nobody', { tier: shown, team: c.team ?? '—', id }) + late });
  } else if (manual) {
    c.thread({
      text: [
        ...withUsers(c.t, 'sla.escalated_manual', { id, to: shown }, who.users),
        { kind: 'text', text: late },
      ],
    });
  } else {
    const first = deadlineOf(c.state, 'first_response');
    const spans = translateRich(c.t, 'sla.notify_l1', {
      user: { mention: who.users[0] ?? '' },
      id,
      priority: c.ticket.priority,
      title: c.ticket.title,
      tier: shown,
      target: targetName('first_response', c.t),
      time: first ? time(c, first) : '—',
    });
    c.thread({ text: late ? [...spans, { kind: 'text', text: late }] : spans });
  }
  if (manual) {
    const why = await c.escalationReason();
    directPage(c, who, c.t('sla.page_dm_reason_manual', { tier: shown }) + (why ? ` ${why}` : ''));
  }
  return { status: 'fired', replan: [SLA_TIMER_KINDS.reping] };
}

/** No response within `escalateAfter`: move one tier up and page its on-call. */
async function escalate(c: StepContext, level: number): Promise<StepResult> {
  const { chain, escalateAfterMs } = c.state.policy;
  if (!chainLive(c) || level !== c.state.level || level + 1 >= chain.length) return STALE;
  const from = chain[level] ?? '';
  const to = chain[level + 1] ?? '';
  await c.setTier(to);
  await c.log('escalated', { from, to, auto: true, reason: 'no_response', lateMs: c.lateMs });
  c.state = { ...c.state, level: level + 1, levelSince: c.now, pings: 0 };
  const after = humanDuration(escalateAfterMs, c.t);
  const who = await pageCurrent(c);
  await c.log('paged', { to, users: who.users });
  const id = ticketRef(c.ticket);
  const [fromShown, toShown] = [tierLabel(from, c.t), tierLabel(to, c.t)];
  const spans = withUsers(c.t, 'sla.escalated_auto', { id, from: fromShown, to: toShown, after }, who.users);
  c.thread({ text: [...spans, { kind: 'text', text: lateNote(c.lateMs, c.t) }] });
  directPage(c, who, c.t('sla.page_dm_reason_auto', { tier: toShown, after }));
  c.refreshCard();
  return { status: 'fired', replan: [SLA_TIMER_KINDS.reping, SLA_TIMER_KINDS.escalate] };
}

/** The page went unanswered: repeat it. */
async function reping(c: StepContext, level: number, n: number): Promise<StepResult> {
  if (!chainLive(c) || level !== c.state.level || c.state.pagedLevel !== level || c.state.pings !== n)
    return STALE;
  if (escalationDue(c)) return STALE; // catching up after downtime: the escalation supersedes the repeat
  const tier = c.state.policy.chain[level] ?? '';
  const who = await pageCurrent(c);
  await c.log('paged', { to: tier, users: who.users, repeat: n });
  if (who.users.length) {
    const spans = withUsers(
      c.t,
      'sla.reping',
      { n, id: ticketRef(c.ticket), tier: tierLabel(tier, c.t) },
      who.users,
    );
    c.thread({ text: [...spans, { kind: 'text', text: lateNote(c.lateMs, c.t) }] });
  }
  directPage(c, who, c.t('sla.page_dm_reason_reping', { n }));
  return { status: 'fired', replan: [SLA_TIMER_KINDS.reping] };
}

/** Whether `target` still runs, with its deadline. */
function running(c: StepContext, target: Target): Date | null {
  if (!isOpen(c.ticket.status) || metAt(c.ticket, c.state, target)) return null;
  return deadlineOf(c.state, target) ?? null;
}

async function warn(c: StepContext, target: Target, fraction: number): Promise<StepResult> {
  const key = noticeKey(c.state.priority, target, fraction);
  const due = running(c, target);
  // Catching up after downtime, a warning for a target already missed says nothing new.
  if (!due || due <= c.now || c.state.notified.includes(key)) return STALE;
  c.state = { ...c.state, notified: [...c.state.notified, key] };
  const percent = Math.round(fraction * 100);
  await c.log('sla_warning', { target, fraction, text: `${targetName(target, c.t)} ${percent}%` });
  const tier = c.state.policy.chain[c.state.level] ?? '';
  const who = c.ticket.assigneeId ? [c.ticket.assigneeId] : (await c.whoIsOn(tier)).users;
  const params = {
    id: ticketRef(c.ticket),
    percent,
    target: targetName(target, c.t),
    time: time(c, due),
    remaining: humanDuration(due.getTime() - c.now.getTime(), c.t),
  };
  const spans = translateRich(c.t, 'sla.warning', params);
  if (who.length) spans.push(span.text(' '), ...mentionList(who, c.t));
  c.thread({ text: [...spans, { kind: 'text', text: lateNote(c.lateMs, c.t) }] });
  c.refreshCard();
  return { status: 'fired' };
}

async function breach(c: StepContext, target: Target): Promise<StepResult> {
  const key = noticeKey(c.state.priority, target, 'breach');
  const due = running(c, target);
  if (!due || due > c.now || c.state.notified.includes(key)) return STALE;
  c.state = { ...c.state, notified: [...c.state.notified, key], breachedAt: c.state.breachedAt ?? due };
  await c.log('sla_breached', {
    target,
    due: due.toISOString(),
    text: `${targetName(target, c.t)} ${time(c, due)}`,
  });
  const id = ticketRef(c.ticket);
  const name = targetName(target, c.t);
  c.thread({
    text: c.t('sla.breach_thread', { id, target: name, time: time(c, due) }) + lateNote(c.lateMs, c.t),
  });
  c.teamChannel({
    text: translateRich(c.t, 'sla.breach_team', {
      id,
      priority: c.ticket.priority,
      title: c.ticket.title,
      target: name,
      time: time(c, due),
      tier: tierLabel(c.ticket.tier, c.t),
      assignee: c.ticket.assigneeId ? { mention: c.ticket.assigneeId } : c.t('card.unassigned'),
    }),
  });
  c.refreshCard();
  return { status: 'fired', replan: [SLA_TIMER_KINDS.countdown] };
}

/** Runs the step for a timer kind. */
export function runStep(kind: string, payload: Record<string, unknown>, c: StepContext): Promise<StepResult> {
  const level = Number(payload.level ?? -1);
  const target = payload.target as Target;
  switch (kind) {
    case SLA_TIMER_KINDS.page:
      return page(c, level);
    case SLA_TIMER_KINDS.escalate:
      return escalate(c, level);
    case SLA_TIMER_KINDS.reping:
      return reping(c, level, Number(payload.n ?? 0));
    case SLA_TIMER_KINDS.warn:
      return warn(c, target, Number(payload.fraction));
    case SLA_TIMER_KINDS.breach:
      return breach(c, target);
    case SLA_TIMER_KINDS.countdown:
      c.refreshCard();
      return Promise.resolve({ status: 'fired', replan: [SLA_TIMER_KINDS.countdown] });
    default:
      return Promise.resolve(STALE);
  }
}
