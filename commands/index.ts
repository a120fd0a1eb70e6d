/** Every command, by the module it belongs to (src/modules.ts). A new command is one file plus one line here. */
export { dailyCommand } from './daily.command.ts';
export { oncallCommand } from './oncall.command.ts';
export { releaseCommand } from './release.command.ts';
export { reportCommand } from './report.command.ts';
export { slaCommand } from './sla.command.ts';
export { ticketCommand } from './ticket.command.ts';
