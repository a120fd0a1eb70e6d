/** The home view a platform shows a user (Slack's App Home). */

import { formatDuration } from '../src/core/duration.ts';
import type { Platform } from '../src/core/events.ts';
import { type Translator, translator } from '../src/core/i18n/index.ts';
import { type OutgoingMessage, type Span, span } from '../src/core/message.ts';
import { ticketRef } from '../src/domain/tickets/index.ts';
import type { Services } from '../src/runtime/module.ts';
import type { WorkspaceService } from '../src/runtime/workspaces.ts';

/** Open tickets whose next SLA target is past or within its last quarter, as one line each. */
async function slaWatchLines(services: Services, workspaceId: number, t: Translator) {
  const now = services.tickets.cards.now().getTime();
  const spans: Span[] = [];
  for (const ticket of await services.tickets.openTickets(workspaceId, 200)) {
    const responding = !ticket.firstResponseAt;
    const policy = services.sla.policyFor(ticket.priority);
    const deadlines = await services.sla.deadlines(ticket);
    const due = responding ? deadlines.firstResponseDue : deadlines.resolveDue;
    const left = due ? due.getTime() - now : Number.POSITIVE_INFINITY;
    if (left > (responding ? policy.firstResponseMs : policy.resolveMs) / 4) continue;
    const target = t(responding ? 'slack.target_response' : 'slack.target_resolve');
    const when = t(left < 0 ? 'slack.home_overdue' : 'slack.home_due', {
      target,
      time: formatDuration(Math.abs(left)),
    });
    if (spans.length) spans.push(span.text('\n'));
    spans.push(
      span.bold(`${ticketRef(ticket)} ${ticket.priority}`),
      span.text(` · ${ticket.title} — ${when}`),
    );
    if (spans.length > 90) break;
  }
  return spans;
}

/**
 * A user's home view (Slack App Home): their open tickets and the tickets near or past SLA, as
 * neutral messages the platform renders. Platforms may not import the domain, so main hands
 * this to the platform.
 */
export function appHomeView(services: Services, workspaces: WorkspaceService, platform: Platform) {
  return async ({
    workspaceId,
    userId,
  }: {
    workspaceId: string;
    userId: string;
  }): Promise<OutgoingMessage[]> => {
    const ws = await workspaces.resolve(platform, workspaceId);
    const t = translator(ws.locale);
    const mine = await services.tickets.list(ws.id, 'mine', userId, 8);
    const out: OutgoingMessage[] = [{ text: [span.bold(t('slack.home_mine', { count: mine.length }))] }];
    if (!mine.length) out.push({ text: t('slack.home_mine_empty') });
    for (const ticket of mine) out.push(await services.tickets.cards.render(ticket, t));
    const watch = await slaWatchLines(services, ws.id, t);
    out.push(
      { text: [span.bold(t('slack.home_sla'))] },
      { text: watch.length ? watch : t('slack.home_sla_empty') },
    );
    return out;
  };
}
