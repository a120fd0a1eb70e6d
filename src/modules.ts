/**
 * The modules sopbot is made of, in dependency order: each entry is one module's whole contract
 * (its service, commands, event handlers, card actions by prefix, shortcuts, thread owners, forms,
 * cron jobs and i18n catalog). The composition root walks this list and wires every part to the
 * shared machinery. Adding a module is its folders and one entry here.
 */
import {
  dailyCommand,
  oncallCommand,
  releaseCommand,
  reportCommand,
  slaCommand,
  ticketCommand,
} from '../commands/index.ts';
import { dailyHandlers, digestsHandlers, releaseHandlers, ticketHandlers } from '../handlers/index.ts';
import {
  dailyBoardSchedules,
  dailyCutoffSchedules,
  dailyProfilesSchedule,
  dailyReviewSchedules,
  digestSchedules,
  releaseRunSchedules,
} from '../schedules/index.ts';
import * as daily from './domain/daily/index.ts';
import * as digests from './domain/digests/index.ts';
import * as oncall from './domain/oncall/index.ts';
import * as releases from './domain/releases/index.ts';
import * as sla from './domain/sla/index.ts';
import * as teams from './domain/teams/index.ts';
import * as tickets from './domain/tickets/index.ts';
import { defineModule, type ModuleDefinition } from './runtime/module.ts';

export const MODULES: readonly ModuleDefinition[] = [
  defineModule({ name: 'teams', create: (runtime) => teams.createTeams(runtime) }),
  defineModule({
    name: 'tickets',
    catalog: tickets.catalog,
    create: tickets.createTickets,
    commands: [ticketCommand],
    ...ticketHandlers,
  }),
  defineModule({
    name: 'oncall',
    catalog: oncall.catalog,
    create: oncall.createOncall,
    commands: [oncallCommand],
  }),
  defineModule({ name: 'sla', catalog: sla.catalog, create: sla.createSla, commands: [slaCommand] }),
  defineModule({
    name: 'digests',
    catalog: digests.catalog,
    create: digests.createDigests,
    commands: [reportCommand],
    ...digestsHandlers,
    crons: digestSchedules,
  }),
  defineModule({
    name: 'daily',
    catalog: daily.catalog,
    create: daily.createDaily,
    commands: [dailyCommand],
    ...dailyHandlers,
    crons: (s) => [
      ...dailyCutoffSchedules(s.daily, s.teams),
      ...dailyReviewSchedules(s.daily, s.teams),
      ...dailyBoardSchedules(s.daily, s.teams),
      dailyProfilesSchedule(s.daily),
    ],
  }),
  defineModule({
    name: 'releases',
    catalog: releases.catalog,
    create: releases.createReleases,
    commands: [releaseCommand],
    ...releaseHandlers,
    crons: (services) => releaseRunSchedules(services),
  }),
] as ModuleDefinition[];
