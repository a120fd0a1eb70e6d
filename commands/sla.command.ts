/** `/sla`: the policies in force, one ticket's frozen SLA, and marking service restored. */
import { z } from 'zod';
import { formatDateTime } from '../src/core/format.ts';
import type { Translator } from '../src/core/i18n/index.ts';
import { type OutgoingMessage, type Reply, type Span, span } from '../src/core/message.ts';
import {
  type CommandDefinition,
  commandUsage,
  runSubcommands,
  type Subcommand,
  subcommand,
  words,
} from '../src/core/router.ts';
import type { Calendar, SlaPolicy, TicketSla } from '../src/domain/sla/index.ts';
import { humanDuration, targetName } from '../src/domain/sla/index.ts';
import { PRIORITIES, ticketRef, tierLabel } from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';
import { ticketNumber } from './args.ts';

type Ctx = RequestContext;

function calendarText(cal: Calendar, t: Translator): string {
  if (cal.kind === '24x7') return t('sla.calendar_24x7');
  const holidays = cal.holidays.length ? t('sla.calendar_holidays', { count: cal.holidays.length }) : '';
  return t('sla.calendar_business', {
    days: cal.days.map((d) => t(`weekday.${d}`)).join(t('common.list_sep')),
    start: cal.start,
    end: cal.end,
    zone: cal.timeZone,
    holidays,
  });
}

function policyLine(priority: string, p: SlaPolicy, t: Translator): string {
  const d = (ms: number) => humanDuration(ms, t);
  return t('sla.policy_line', {
    priority,
    firstResponse: d(p.firstResponseMs),
    resolve: d(p.resolveMs),
    restore: p.restoreMs ? t('sla.policy_restore', { value: d(p.restoreMs) }) : '',
    escalate: d(p.escalateAfterMs),
    calendar: calendarText(p.calendar, t),
  });
}

function policies(ctx: Ctx): OutgoingMessage {
  const { t } = ctx;
  const { policies: all, settings } = ctx.services.sla;
  const spans: Span[] = [span.bold(t('sla.policies_title'))];
  for (const p of PRIORITIES) spans.push(span.text(`\n${policyLine(p, all[p], t)}`));
  const settingsText = t('sla.settings_line', {
    warn: settings.warnAt.map((f) => `${Math.round(f * 100)}%`).join(t('common.list_sep')),
    reping: humanDuration(settings.repingAfterMs, t),
    max: settings.maxRepings,
    urgency: t(`sla.urgency.${settings.urgentP0}`),
  });
  spans.push(span.text(`\n${settingsText}`));
  return { text: spans };
}

function ticketView(ctx: Ctx, view: TicketSla): OutgoingMessage {
  const { t } = ctx;
  const tz = ctx.config.timezone;
  const id = ticketRef(view.ticket);
  const spans: Span[] = [span.bold(t('sla.ticket_title', { id, priority: view.policy.priority }))];
  spans.push(span.text(`\n${policyLine(view.policy.priority, view.policy, t)}`));
  for (const target of view.targets) {
    const state = target.met
      ? t(target.state === 'met_late' ? 'sla.state.met_late' : 'sla.state.met', {
          time: formatDateTime(target.met, tz),
        })
      : t(`sla.state.${target.state === 'breached' ? 'breached' : 'running'}`);
    const due = target.due ? formatDateTime(target.due, tz) : t('sla.ticket_no_due');
    spans.push(
      span.text(`\n${t('sla.ticket_target', { target: targetName(target.target, t), due, state })}`),
    );
  }
  const chain = t('sla.ticket_chain', {
    chain: view.policy.chain.map((x) => tierLabel(x, t)).join(' → '),
    tier: tierLabel(view.policy.chain[view.clock.level] ?? view.ticket.tier, t),
    chainState: t(view.clock.chainActive ? 'sla.chain_active' : 'sla.chain_stopped'),
  });
  spans.push(span.text(`\n${chain}`));
  return { text: spans };
}

const idOnly = z.object({ id: ticketNumber });

const table: Subcommand<Ctx, unknown>[] = [
  subcommand({
    names: ['restored', 'restore', '恢复'],
    usage: (t) => t('sla.use.restored'),
    input: (rest) => ({ id: words(rest)[0] }),
    schema: idOnly,
    async run(ctx, { id }) {
      const view = await ctx.services.sla.markRestored(ctx.workspace.id, id, ctx.actor.id);
      const target = view.targets.find((x) => x.target === 'restore');
      const key = target?.state === 'met_late' ? 'sla.state.met_late' : 'sla.state.met';
      const met = target?.met ?? ctx.now();
      const say = (t: Translator) =>
        t('sla.restored', {
          id: ticketRef(view.ticket),
          state: t(key, { time: formatDateTime(met, ctx.config.timezone) }),
        });
      const { cards } = ctx.services.tickets;
      const ticket = view.ticket;
      const platform = ctx.event.platform;
      await ctx.say([
        cards.refresh(ticket, platform),
        ...(ticket.channelId ? [cards.note(ticket, platform, { text: say(ctx.tChannel) })] : []),
      ]);
      return { visibility: 'ephemeral', message: { text: say(ctx.t) } };
    },
  }),
];

export const slaCommand: CommandDefinition<Ctx> = {
  name: 'sla',
  aliases: ['服务等级'],
  usage: (t) => commandUsage('sla', table, t, [t('sla.usage_head')]),
  summary: (t) => t('sla.summary'),
  run: (ctx, text) => runSubcommands(ctx, text, table, fallback, 'sla'),
};

/** `/sla` alone: the policies; `/sla <id>`: one ticket's SLA. */
async function fallback(c: Ctx, rest: string): Promise<Reply | null> {
  const first = words(rest)[0];
  if (!first) return { visibility: 'ephemeral', message: policies(c) };
  const parsed = idOnly.safeParse({ id: first });
  if (!parsed.success) return runSubcommands(c, rest, table); // unknown word: a coded error
  const view = await c.services.sla.ticketSla(c.workspace.id, parsed.data.id);
  return { visibility: 'ephemeral', message: ticketView(c, view) };
}
