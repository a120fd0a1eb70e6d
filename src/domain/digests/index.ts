/**
 * The digests module's door: daily / weekly / monthly digests per team (figures from set-based
 * SQL, a card with charts in the reader's language), posted by cron to the team channel and to each
 * manager, `/report` on demand, and the satisfaction follow-up after a resolve (CSAT), counted in
 * the digests. Other modules and the layer folders reach digests only through what is exported here.
 */
import type { Runtime, Services } from '../../runtime/module.ts';
import { createCsat } from './csat.ts';
import { createDigestService } from './service.ts';

export { catalog } from './catalog.ts';
export { digestCharts } from './charts.ts';
export {
  csatAfterSchema,
  DEFAULT_CSAT_AFTER_MS,
  DEFAULT_DIGEST_CRONS,
  type DigestRecipient,
  type DigestsConfig,
  digestsConfigSchema,
} from './config.ts';
export {
  CSAT_ACTIONS,
  CSAT_FORM,
  CSAT_TIMER,
  csatCard,
  csatForm,
  parseRating,
  type RatingOutcome,
  type RatingResult,
} from './csat.ts';
export {
  CSAT_TARGET,
  compare,
  computeFigures,
  type DigestFigures,
  OVERRUN_BUCKETS,
} from './figures.ts';
export { DIGEST_KINDS, type DigestKind, type Period, periodOf } from './period.ts';
export { digestMessage, type RenderOptions } from './render.ts';
export type { DigestService } from './service.ts';

/** Slots missed while sopbot was down still go out (late) within a day; older ones are skipped. */
export const DIGEST_CATCH_UP_MS = 24 * 3_600_000;

/**
 * Builds the module: the digest use cases, the CSAT timer job and ticket hook (a resolve plans
 * the follow-up, a reopen cancels it) and the rating line of `/ticket show`.
 */
export function createDigests(runtime: Runtime, services: Services) {
  const digests = createDigestService({ runtime, services });
  const csat = createCsat(runtime, services);
  runtime.scheduler.register(csat.job);
  services.tickets.onChange((change, r) => csat.onTicketChange(change, r));
  // `/ticket show` tells the asker how the reporter rated the ticket.
  services.tickets.cards.decorateDetail(async (ticket, t) => {
    const given = await csat.ratingOf(ticket.id);
    if (!given) return {};
    const value = given.comment
      ? t('digests.csat.field_comment', { rating: given.rating, comment: given.comment })
      : t('digests.csat.field_value', { rating: given.rating });
    return { extraFields: [{ label: t('digests.csat.field'), value }] };
  });
  return { ...digests, csat };
}

/** What `services.digests` offers: the digest use cases and `csat`. */
export type DigestsModule = ReturnType<typeof createDigests>;

declare module '../../runtime/module.ts' {
  interface Services {
    digests: DigestsModule;
  }
}
