/**
 * Clicks on daily cards (`daily.*`): "Report for <team>" opens that team's form; the compiled
 * report's selects mark a blocker resolved or turn it into a ticket (owner, managers, admins);
 * "Fill in the review" opens the weekly review form pre-filled with that week's numbers.
 */
import { CodedError } from '../src/core/errors.ts';
import type { ActionEvent } from '../src/core/events.ts';
import { blockerRef, DAILY_ACTIONS, parseBlockerRef, reviewForm } from '../src/domain/daily/index.ts';
import { ticketRef } from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';
import { openReportForm, reportingTeam } from './daily-report.ts';

type Ctx = RequestContext<ActionEvent>;

const answer = (ctx: Ctx, text: string) => ctx.respond({ visibility: 'ephemeral', message: { text } });

function blockerId(ctx: Ctx): number {
  const id = parseBlockerRef(ctx.event.value);
  if (id === null) throw new CodedError('daily.blocker_id_required');
  return id;
}

const ACTIONS: Record<string, (ctx: Ctx) => Promise<void>> = {
  [DAILY_ACTIONS.open]: (ctx) => openReportForm(ctx, reportingTeam(ctx, ctx.event.value)),
  async [DAILY_ACTIONS.blockerDone](ctx) {
    const blocker = await ctx.services.daily.resolveBlocker(blockerId(ctx), ctx.actor.id);
    answer(ctx, ctx.t('daily.blocker.resolved', { id: blockerRef(blocker.id) }));
  },
  async [DAILY_ACTIONS.blockerTicket](ctx) {
    const { ticket, blocker } = await ctx.services.daily.blockerToTicket(blockerId(ctx), ctx.actor.id, {
      workspaceId: ctx.workspace.id,
      platform: ctx.event.platform,
      where: { channelId: ctx.event.channelId },
      originEvent: ctx.event.eventId,
    });
    answer(ctx, ctx.t('daily.blocker.ticketed', { id: blockerRef(blocker.id), ticket: ticketRef(ticket) }));
  },
  async [DAILY_ACTIONS.review](ctx) {
    const [name = '', weekStart = ''] = ctx.event.value.split('|');
    const { teams, daily } = ctx.services;
    const team = teams.get(name);
    if (!team || !daily.settings(team.name))
      throw new CodedError('daily.no_team', { team: name, guess: '', list: teams.names() });
    const { day } = await daily.todayOf(team, ctx.actor.id);
    const end = addWeek(weekStart);
    const numbers = await daily.weekNumbers(team, end && end < day ? end : day, ctx.t);
    await ctx.openForm(reviewForm(numbers, ctx.t), { context: { team: team.name, weekStart: numbers.from } });
  },
};

/** The Sunday of a week given by its Monday, or undefined when that is not a date. */
function addWeek(monday: string): string | undefined {
  const ms = Date.parse(`${monday}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : new Date(ms + 6 * 86_400_000).toISOString().slice(0, 10);
}

export async function dailyActionHandler(ctx: Ctx): Promise<void> {
  const run = ACTIONS[ctx.event.actionId];
  if (!run) {
    answer(ctx, ctx.t('action.gone'));
    return;
  }
  await run(ctx);
}
