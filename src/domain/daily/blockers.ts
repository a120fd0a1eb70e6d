/**
 * The blocker ledger's two actions: marking a blocker resolved (`/daily resolve B7` or the
 * compiled report's select) and turning it into a ticket with one click (the ticket's description
 * names the blocker and links to the compiled report that listed it). Both are for the blocker's
 * owner, the team's managers and the admins; both edit the team's latest compiled report in place.
 */
import type { DailyBlockerRow } from '../../../db/repositories/index.ts';
import { CodedError } from '../../core/errors.ts';
import type { Conversation } from '../../core/events.ts';
import { localDate } from '../../core/zoned-time.ts';
import type { Runtime } from '../../runtime/module.ts';
import type { Team } from '../teams/index.ts';
import type { TicketsService } from '../tickets/index.ts';
import { blockerRef } from './compile.ts';
import { type DailyEnv, reportSubject } from './env.ts';
import { compiledRefreshes } from './reports.ts';

const MAX_TITLE = 180;

/** `B7`, `b7` or `7` → 7; null when it is none of these. */
export function parseBlockerRef(text: string | undefined): number | null {
  const m = /^[#＃]?[bB]?(\d{1,12})$/.exec((text ?? '').trim());
  const n = m ? Number(m[1]) : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

export function createBlockers(runtime: Runtime, env: DailyEnv, tickets: TicketsService) {
  const { repos, clock, config, outbox, messengers } = runtime;

  /** The blocker and its team, if the actor may act on it (else a coded refusal naming it). */
  async function allowed(id: number, actorId: string, lock = false) {
    // Locked inside the caller's unit of work: two clicks at once make one ticket.
    const blocker = lock
      ? await repos.transaction((r) => r.daily.blocker(id, { lock: true }))
      : await repos.daily.blocker(id);
    const team = blocker ? env.teams.get(blocker.team) : undefined;
    if (!blocker || !team) throw new CodedError('daily.blocker_not_found', { id: blockerRef(id) });
    const may =
      blocker.ownerId === actorId || team.managers.includes(actorId) || config.admins.includes(actorId);
    if (!may) throw new CodedError('daily.blocker_not_allowed', { id: blockerRef(id) });
    return { blocker, team } as { blocker: DailyBlockerRow; team: Team };
  }

  /** Refreshes of the team's latest compiled report (where open blockers are listed). */
  async function latestRefresh(team: Team) {
    const latest = await repos.daily.latestCompiled(team.name);
    return latest ? compiledRefreshes(env, team, latest.day) : [];
  }

  /** A link to the compiled report that listed the blocker, when the platform gives one. */
  async function linkTo(blocker: DailyBlockerRow, platform: string): Promise<string | null> {
    const latest = await repos.daily.latestCompiled(blocker.team);
    for (const day of [blocker.openedOn, latest?.day]) {
      const row = day ? await repos.live.get(reportSubject(platform, day, blocker.team)) : undefined;
      if (!row) continue;
      const ref = { channelId: row.channelId, messageId: row.messageId, threadId: row.threadId ?? undefined };
      return (
        (await messengers
          .get(platform)
          ?.permalink?.(ref)
          .catch(() => null)) ?? null
      );
    }
    return null;
  }

  return {
    /** Marks a blocker resolved (once: a second time is refused, naming it). */
    async resolve(id: number, actorId: string): Promise<DailyBlockerRow> {
      const { team } = await allowed(id, actorId);
      return repos.transaction(async (r) => {
        const now = clock.now();
        const done = await r.daily.resolveBlocker(id, actorId, now, localDate(now, team.timeZone));
        if (!done) throw new CodedError('daily.blocker_already_resolved', { id: blockerRef(id) });
        await outbox.sayIn(r, await latestRefresh(team));
        return done;
      });
    },

    /**
     * Opens a ticket for a blocker (reported by its owner, in its team) and posts its card at
     * `where`; the blocker shows the ticket from then on. A blocker that already has one is refused.
     */
    async toTicket(
      id: number,
      actorId: string,
      at: { workspaceId: number; platform: string; where: Conversation; originEvent: string },
    ) {
      const { blocker, team } = await allowed(id, actorId, true);
      if (blocker.ticketNumber)
        throw new CodedError('daily.blocker_has_ticket', {
          id: blockerRef(id),
          ticket: `#${blocker.ticketNumber}`,
        });
      const t = await env.channelT(team, at.platform);
      const owner = await env.member(team, blocker.ownerId);
      const link = await linkTo(blocker, at.platform);
      const title = t('daily.blocker.ticket_title', { text: blocker.text.replace(/\s+/g, ' ') });
      const description = t('daily.blocker.ticket_description', {
        id: blockerRef(id),
        owner: owner.name ?? owner.id,
        day: blocker.openedOn,
        team: team.name,
        text: blocker.text,
        link: link ?? '—',
      });
      const { ticket } = await tickets.open({
        workspaceId: at.workspaceId,
        title: title.length > MAX_TITLE ? `${title.slice(0, MAX_TITLE - 1)}…` : title,
        description,
        reporterId: blocker.ownerId,
        source: 'command',
        team: team.name,
        originEvent: at.originEvent,
      });
      await repos.transaction(async (r) => {
        await r.daily.setBlockerTicket(id, ticket.id, ticket.number);
        await outbox.sayIn(r, await latestRefresh(team));
      });
      await tickets.cards.announce(ticket, at.platform, at.where);
      return { ticket, blocker };
    },
  };
}
