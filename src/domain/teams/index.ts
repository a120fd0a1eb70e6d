/**
 * The teams module's door: teams with their channel, managers, members and zones (see service.ts).
 * Other modules reach teams only through what is exported here.
 */
import type { TeamsService } from './service.ts';

export {
  createTeams,
  type Member,
  platformOfChannel,
  type Team,
  type TeamsService,
  toLocale,
} from './service.ts';

declare module '../../runtime/module.ts' {
  interface Services {
    teams: TeamsService;
  }
}
