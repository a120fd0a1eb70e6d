/** Edits and deletions of a ticket's source message are mirrored on the ticket and its card. */
import type { RequestContext } from '../src/app.ts';
import type { MessageChangedEvent } from '../src/core/events.ts';

export async function sourceChangedHandler(ctx: RequestContext<MessageChangedEvent>): Promise<void> {
  const { event, services } = ctx;
  const ticket = await services.tickets.bySourceMessage(ctx.workspace.id, event.channelId, event.messageId);
  if (!ticket) return;
  const change = await services.tickets.sourceChanged(
    ctx.workspace.id,
    ticket.number,
    event.user.id,
    event.text,
  );
  await services.notifier.refresh(change.ticket, ctx.messenger, ctx.t);
  if (event.text === null) {
    await services.notifier.inThread(change.ticket, ctx.messenger, {
      text: ctx.t('tickets.source_deleted_note'),
    });
  }
}
