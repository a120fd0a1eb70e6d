/**
 * Every non-command handler, grouped by the module it belongs to; src/modules.ts puts each group
 * in its module's definition. A new handler is one file plus one line here.
 */

import { dailyActionHandler } from './daily-actions.handler.ts';
import { dailyFormSubmitted, validateDailyForm } from './daily-form.handler.ts';
import { csatActionHandler, csatCommentSubmitted } from './digests-csat.handler.ts';
import { releaseActionHandler } from './release-actions.handler.ts';
import { releaseThreadHandler } from './release-thread.handler.ts';
import { ticketActionHandler } from './ticket-actions.handler.ts';
import { ticketIntakeHandler } from './ticket-intake.handler.ts';
import { createTicketShortcut, newTicketSubmitted, ticketReactionHandler } from './ticket-message.handler.ts';
import { ticketSourceHandler } from './ticket-source.handler.ts';
import { ticketThreadHandler } from './ticket-thread.handler.ts';

export { appHomeView } from './app-home.ts';

/** The tickets module's handlers: intake, reactions, the shortcut and its form, edits, replies, clicks. */
export const ticketHandlers = {
  events: {
    message: ticketIntakeHandler,
    reaction: ticketReactionHandler,
    message_changed: ticketSourceHandler,
  },
  actions: { ticket: ticketActionHandler },
  shortcuts: { create_ticket: createTicketShortcut },
  threads: { ticket: ticketThreadHandler },
  forms: { ticket: { submit: newTicketSubmitted } },
};

/** The digests module's handlers: the satisfaction card's clicks and its comment form. */
export const digestsHandlers = {
  actions: { digests: csatActionHandler },
  forms: { digests: { submit: csatCommentSubmitted } },
};

/** The daily-reports module's handlers: its card clicks and its forms (report, weekly review). */
export const dailyHandlers = {
  actions: { daily: dailyActionHandler },
  forms: { daily: { validate: validateDailyForm, submit: dailyFormSubmitted } },
};

/** The releases module's handlers: its buttons and the replies in its threads. */
export const releaseHandlers = {
  actions: { release: releaseActionHandler },
  threads: { release: releaseThreadHandler },
};
