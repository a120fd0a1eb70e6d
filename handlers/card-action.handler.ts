/** Clicks on the ticket card: each button runs the same use case as its command, then edits the card. */
import type { RequestContext } from '../src/app.ts';
import { CodedError } from '../src/core/errors.ts';
import type { ActionEvent } from '../src/core/events.ts';
import { TICKET_ACTIONS } from '../src/domain/tickets/card.ts';
import { PRIORITIES, type Priority } from '../src/domain/tickets/model.ts';
import { changeNote } from '../src/domain/tickets/notes.ts';
import type { TicketChange } from '../src/domain/tickets/service.ts';

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

/** True for action ids this handler owns. */
export function isTicketAction(actionId: string): boolean {
  return Object.hasOwn(ACTIONS, actionId);
}

export async function cardActionHandler(ctx: Ctx): Promise<void> {
  const run = ACTIONS[ctx.event.actionId];
  if (!run) return;
  const change = await run(ctx, ticketNumber(ctx.event.value));
  await ctx.services.notifier.refresh(change.ticket, ctx.messenger, ctx.t);
  await ctx.services.notifier.inThread(change.ticket, ctx.messenger, changeNote(change, ctx.t));
}
