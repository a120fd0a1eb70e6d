/**
 * The satisfaction card's clicks (`digests.csat`: a 1–5 rating, `digests.csat_comment`: the comment
 * form) and the form's submission. A rating is recorded through the digests module (one per ticket,
 * a second click changes it), the card is redrawn with the answer marked, and the reporter is
 * thanked privately.
 */
import { CodedError } from '../src/core/errors.ts';
import type { ActionEvent, FormSubmitEvent, MessageRef } from '../src/core/events.ts';
import type { FormValues } from '../src/core/form.ts';
import {
  CSAT_ACTIONS,
  csatCard,
  csatForm,
  parseRating,
  type RatingResult,
} from '../src/domain/digests/index.ts';
import { ticketRef } from '../src/domain/tickets/index.ts';
import type { RequestContext } from '../src/runtime/context.ts';
import type { FormSession } from '../src/runtime/forms.ts';

/** Redraws the card the answer came from (when known) and thanks the reporter. */
async function answered(ctx: RequestContext, result: RatingResult, card: MessageRef | undefined) {
  const { ticket, rating, outcome } = result;
  if (card) {
    await ctx.say({
      op: 'update',
      ref: card,
      message: csatCard(ticket, ctx.t, rating),
      platform: ctx.event.platform,
      subject: `csat:${ticket.id}`,
    });
  }
  const key = outcome === 'changed' ? 'digests.csat.changed' : 'digests.csat.thanks';
  ctx.respond({ visibility: 'ephemeral', message: { text: ctx.t(key, { id: ticketRef(ticket), rating }) } });
}

/** `digests.*` clicks: a rating button, or the comment button (opens the form). */
export async function csatActionHandler(ctx: RequestContext<ActionEvent>): Promise<void> {
  const { digests } = ctx.services;
  if (ctx.event.actionId === CSAT_ACTIONS.comment) {
    const ticketId = Number(ctx.event.value);
    if (!Number.isSafeInteger(ticketId)) throw new CodedError('digests.csat.gone');
    const { ticket, current } = await digests.csat.forRating(ticketId, ctx.workspace.id, ctx.actor.id);
    await ctx.openForm(csatForm(ticket, ctx.t, current), {
      context: { ticketId, card: ctx.event.message ?? null },
    });
    return;
  }
  const parsed = ctx.event.actionId === CSAT_ACTIONS.rate ? parseRating(ctx.event.value) : null;
  if (!parsed) {
    ctx.respond({ visibility: 'ephemeral', message: { text: ctx.t('action.gone') } });
    return;
  }
  const result = await digests.csat.rate({ ...parsed, userId: ctx.actor.id, workspaceId: ctx.workspace.id });
  await answered(ctx, result, ctx.event.message);
}

/** The comment form sent: the rating (and comment) recorded like a click. */
export async function csatCommentSubmitted(
  ctx: RequestContext<FormSubmitEvent>,
  values: FormValues,
  session: FormSession,
): Promise<void> {
  const result = await ctx.services.digests.csat.rate({
    ticketId: Number(session.context.ticketId),
    rating: Number(values.rating),
    comment: typeof values.comment === 'string' ? values.comment : null,
    userId: ctx.actor.id,
    workspaceId: ctx.workspace.id,
  });
  const card = (session.context.card as MessageRef | null) ?? ctx.event.message;
  await answered(ctx, result, card ?? undefined);
}
