/** Clicks on the ticket card (`ticket.*`): each button runs the same use case as its command. */
import { CodedError } from '../src/core/errors.ts';
import type { ActionEvent } from '../src/core/events.ts';
import { PRIORITIES, type Priority, TICKET_ACTIONS, type TicketChange } from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';

type Ctx = RequestContext<ActionEvent>;

function ticketNumber(value: string): number {
  const n = Number(value.split(':')[0]);
  if (!Number.isInteger(n) || n <= 0) throw new CodedError('common.bad_number', { value });
  return n;
}

const ACTIONS: Record<string, (ctx: Ctx, n: number) => Promise<TicketChange>> = {
  [TICKET_ACTIONS.ack]: (ctx, n) => ctx.services.tickets.acknowledge(ctx.workspace.id, n, ctx.actor.id),
  [TICKET_ACTIONS.take]: (ctx, n) => ctx.services.tickets.take(ctx.workspace.id, n, ctx.actor.id),
  [TICKET_ACTIONS.resolve]: (ctx, n) =>
    ctx.services.tickets.resolve(ctx.workspace.id, n, ctx.actor.id, ctx.event.input),
  [TICKET_ACTIONS.reopen]: (ctx, n) => ctx.services.tickets.reopen(ctx.workspace.id, n, ctx.actor.id),
  [TICKET_ACTIONS.escalate]: (ctx, n) =>
    ctx.services.tickets.escalate(ctx.workspace.id, n, ctx.actor.id, ctx.event.input),
  [TICKET_ACTIONS.priority]: (ctx, n) => {
    const p = ctx.event.value.split(':')[1] ?? '';
    if (!(PRIORITIES as readonly string[]).includes(p))
      throw new CodedError('tickets.bad_priority', { value: p });
    return ctx.services.tickets.setPriority(ctx.workspace.id, n, ctx.actor.id, p as Priority);
  },
};

export async function ticketActionHandler(ctx: Ctx): Promise<void> {
  const run = ACTIONS[ctx.event.actionId];
  if (!run) {
    ctx.respond({ visibility: 'ephemeral', message: { text: ctx.t('action.gone') } });
    return;
  }
  const change = await run(ctx, ticketNumber(ctx.event.value));
  await ctx.say(ctx.services.tickets.cards.changed(change, ctx.event.platform, ctx.tChannel));
}
