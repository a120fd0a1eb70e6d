/** Registers every command. A new command is one file plus one line here. */
import type { RequestContext } from '../src/app.ts';
import { CommandRouter } from '../src/core/router.ts';
import { oncallCommand } from './oncall.command.ts';
import { slaCommand } from './sla.command.ts';
import { ticketCommand } from './ticket.command.ts';

export function createCommandRouter(): CommandRouter<RequestContext> {
  return new CommandRouter<RequestContext>()
    .register(ticketCommand)
    .register(oncallCommand)
    .register(slaCommand);
}
