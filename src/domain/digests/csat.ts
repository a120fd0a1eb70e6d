/**
 * The satisfaction follow-up (seed 000 客户投诉处理 "24小时后回访 确认满意度"; seed 001 满意度回访
 * "问题解决后24小时内", target 客户满意度 > 4.3/5.0): `tickets.csatAfter` after a ticket is resolved,
 * a durable timer sends its reporter a private card with 1–5 buttons and a comment form. A reopen
 * before then cancels the timer (in the reopen's transaction); the timer checks again when it fires.
 * One answer per ticket: a second click changes it; every answer lands in the ticket's event log
 * and in `csat_ratings`, which the digests count (by when the answer was first given).
 */
import './catalog.ts';
import type { RepositorySet, TicketRow } from '../../../db/repositories/index.ts';
import { CodedError } from '../../core/errors.ts';
import type { Platform } from '../../core/events.ts';
import type { Form } from '../../core/form.ts';
import { isLocale, type Locale, type Translator, translator } from '../../core/i18n/index.ts';
import type { CardButton, OutgoingMessage } from '../../core/message.ts';
import type { Runtime, Services } from '../../runtime/module.ts';
import type { FireResult, TimerJob } from '../../runtime/scheduler.ts';
import { type Ticket, type TicketChange, ticketRef, toTicket } from '../tickets/index.ts';

/** The durable timer kind of a follow-up due (`payload.ticketId`). */
export const CSAT_TIMER = 'digests.csat';
/** Button action ids (the `digests` prefix routes clicks to this module). */
export const CSAT_ACTIONS = { rate: 'digests.csat', comment: 'digests.csat_comment' } as const;
/** The comment form's id (the `digests` prefix routes its submission to this module). */
export const CSAT_FORM = 'digests.csat';
/** The answers: seed 001's 5-point scale (客户满意度 > 4.3/5.0). */
export const CSAT_RATINGS = [1, 2, 3, 4, 5] as const;
const ACTOR = 'sopbot';
const FACES = ['😞', '🙁', '😐', '🙂', '😀'];
const MAX_COMMENT = 1000;

const csatSubject = (ticketId: number) => `csat:${ticketId}`;
const csatKey = (ticketId: number) => `${CSAT_TIMER}:${ticketId}`;

/** What a rating did: a first answer, a changed one, or the same answer again (a twin click). */
export type RatingOutcome = 'rated' | 'changed' | 'same';

/** A recorded answer: the ticket, the rating it has now, and what the click did. */
export interface RatingResult {
  ticket: Ticket;
  rating: number;
  outcome: RatingOutcome;
}

/** The private card asking for a rating; `current` marks the answer given so far. */
export function csatCard(ticket: Ticket, t: Translator, current?: number): OutgoingMessage {
  const id = ticketRef(ticket);
  const buttons: CardButton[] = CSAT_RATINGS.map((n) => ({
    actionId: CSAT_ACTIONS.rate,
    label: `${n} ${FACES[n - 1]}`,
    value: `${ticket.id}:${n}`,
    style: current === n ? 'primary' : 'default',
  }));
  buttons.push({
    actionId: CSAT_ACTIONS.comment,
    label: t('digests.csat.comment'),
    value: String(ticket.id),
  });
  return {
    text: t('digests.csat.title', { id }),
    card: {
      title: t('digests.csat.title', { id }),
      tone: current ? 'success' : 'info',
      text: t('digests.csat.text', { title: ticket.title }),
      buttons,
      context: current ? t('digests.csat.yours', { rating: current }) : undefined,
    },
  };
}

/** The comment form: the rating (kept if given) and an optional comment. */
export function csatForm(ticket: Ticket, t: Translator, current?: number): Form {
  return {
    id: CSAT_FORM,
    title: t('digests.csat.form_title'),
    submitLabel: t('digests.csat.form_send'),
    intro: t('digests.csat.title', { id: ticketRef(ticket) }),
    fields: [
      {
        key: 'rating',
        kind: 'select',
        label: t('digests.csat.form_rating'),
        required: true,
        options: CSAT_RATINGS.map((n) => ({ value: String(n), label: t(`digests.csat.scale.${n}`) })),
        initial: current ? String(current) : undefined,
      },
      {
        key: 'comment',
        kind: 'multiline',
        label: t('digests.csat.form_comment'),
        maxLength: MAX_COMMENT,
      },
    ],
  };
}

/** `42:5` (a button's value) → ticket id and rating, or null. */
export function parseRating(value: string): { ticketId: number; rating: number } | null {
  const m = /^(\d{1,15}):([1-5])$/.exec(value.trim());
  return m ? { ticketId: Number(m[1]), rating: Number(m[2]) } : null;
}

/** The follow-up's timer job, its ticket hook and the rating use cases. */
export function createCsat(runtime: Runtime, services: Pick<Services, 'tickets' | 'teams'>) {
  const { config, repos, clock, outbox, scheduler } = runtime;

  /** The reporter's language: theirs when known, else the workspace's. */
  async function readerLocale(
    r: RepositorySet,
    ticket: Ticket,
  ): Promise<{ platform: string; locale: Locale }> {
    const ws = await r.workspaces.get(ticket.workspaceId);
    const platform = ws?.platform ?? 'console';
    const wsLocale =
      (ws?.locale && isLocale(ws.locale) ? ws.locale : undefined) ??
      (ws ? config.workspaces[ws.externalId]?.locale : undefined) ??
      config.locale;
    const own = await services.teams.localeOf(platform as Platform, ticket.reporterId).catch(() => undefined);
    return { platform, locale: own ?? wsLocale };
  }

  /** Inside every ticket change: a resolve plans the follow-up, a reopen cancels it. */
  async function onTicketChange(change: TicketChange, r: RepositorySet): Promise<void> {
    const { ticket, event } = change;
    if (event.kind === 'reopened') {
      await r.timers.cancelForSubjects([csatSubject(ticket.id)], [CSAT_TIMER]);
      return;
    }
    const after = config.tickets.csatAfter;
    if (event.kind !== 'resolved' || after === false) return;
    if (await r.csat.byTicket(ticket.id)) return; // answered already (before a reopen): one answer per ticket
    const dueAt = new Date(event.at.getTime() + after);
    await r.timers.insert(
      [
        {
          kind: CSAT_TIMER,
          subject: csatSubject(ticket.id),
          dueAt,
          dedupeKey: csatKey(ticket.id),
          payload: { ticketId: ticket.id, resolvedAt: event.at.toISOString() },
        },
      ],
      event.at,
    );
    scheduler.wake(dueAt);
  }

  /** Sends the card, if the ticket is still resolved (or closed) and not rated yet. */
  async function ask(r: RepositorySet, ticketId: number, now: Date): Promise<FireResult> {
    const row = await r.tickets.byId(ticketId, { lock: true });
    if (!row || (row.status !== 'resolved' && row.status !== 'closed')) return { status: 'stale' };
    if (await r.csat.byTicket(ticketId)) return { status: 'stale' };
    const ticket = toTicket(row);
    const { platform, locale } = await readerLocale(r, ticket);
    await outbox.sayIn(r, {
      op: 'direct',
      userId: ticket.reporterId,
      platform,
      subject: csatSubject(ticket.id),
      message: csatCard(ticket, translator(locale)),
    });
    await r.tickets.appendEvent({ ticketId, at: now, actorId: ACTOR, kind: 'csat_requested', data: {} });
    return { status: 'fired' };
  }

  const job: TimerJob = {
    kinds: [CSAT_TIMER],
    async fire(timers, ctx) {
      const out = new Map<number, FireResult>();
      for (const timer of [...timers].sort((a, b) => Number(a.payload.ticketId) - Number(b.payload.ticketId)))
        out.set(timer.id, await ask(ctx.repos, Number(timer.payload.ticketId), ctx.now));
      return out;
    },
  };

  /** The ticket a click is about, checked: it exists in this workspace and the clicker reported it. */
  function checked(row: TicketRow | undefined, workspaceId: number, userId: string): Ticket {
    if (!row || row.workspaceId !== workspaceId) throw new CodedError('digests.csat.gone');
    const ticket = toTicket(row);
    if (ticket.reporterId !== userId)
      throw new CodedError('digests.csat.not_reporter', { id: ticketRef(ticket) });
    if (ticket.status !== 'resolved' && ticket.status !== 'closed')
      throw new CodedError('digests.csat.not_resolved', { id: ticketRef(ticket) });
    return ticket;
  }

  return {
    job,
    onTicketChange,

    /** The rating given so far, if any. */
    async ratingOf(ticketId: number): Promise<{ rating: number; comment: string | null } | undefined> {
      const row = await repos.csat.byTicket(ticketId);
      return row ? { rating: row.rating, comment: row.comment } : undefined;
    },

    /** A ticket for the comment form, checked like a rating click. */
    async forRating(ticketId: number, workspaceId: number, userId: string) {
      const ticket = checked(await repos.tickets.byId(ticketId), workspaceId, userId);
      return { ticket, current: (await repos.csat.byTicket(ticketId))?.rating };
    },

    /**
     * Records an answer (the ticket locked, so twin clicks queue up): the first creates the rating,
     * a different one changes it, the same one again changes nothing. Each change and each new
     * comment is one event in the ticket's log.
     */
    async rate(input: {
      ticketId: number;
      rating: number;
      comment?: string | null;
      userId: string;
      workspaceId: number;
    }): Promise<RatingResult> {
      const comment = input.comment?.trim() ? input.comment.trim().slice(0, MAX_COMMENT) : null;
      return repos.transaction(async (r) => {
        const ticket = checked(
          await r.tickets.byId(input.ticketId, { lock: true }),
          input.workspaceId,
          input.userId,
        );
        const before = await r.csat.byTicket(ticket.id);
        const at = clock.now();
        await r.csat.upsert({
          ticketId: ticket.id,
          rating: input.rating,
          comment,
          ratedBy: input.userId,
          at,
        });
        const log = (kind: string, data: Record<string, unknown>) =>
          r.tickets.appendEvent({ ticketId: ticket.id, at, actorId: input.userId, kind, data });
        const outcome: RatingOutcome = !before
          ? 'rated'
          : before.rating !== input.rating
            ? 'changed'
            : 'same';
        if (outcome === 'rated') await log('csat_rated', { to: input.rating });
        if (outcome === 'changed') await log('csat_changed', { from: before?.rating, to: input.rating });
        if (comment && comment !== before?.comment) await log('csat_commented', { text: comment });
        return { ticket, rating: input.rating, outcome };
      });
    },
  };
}

/** `services.digests.csat`. */
export type CsatService = ReturnType<typeof createCsat>;
