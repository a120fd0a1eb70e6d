/**
 * The timer auditor (grafana/oncall's escalation auditor): each replica checks, outside the timer
 * loop, whether due timers are being fired. Pending timers more than `stallAfter` past due mean
 * the scheduler is stalled (crashed loop, wedged database, every replica down but one without a
 * scheduler); the team channels are alerted once per stall (the database decides which replica
 * speaks) and told again when timers move. `/metrics` carries the overdue count as a gauge.
 */
import type { Repositories } from '../../../db/repositories/index.ts';
import type { Clock } from '../../core/clock.ts';
import { formatDateTime } from '../../core/format.ts';
import type { Locale, Translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { Registry } from '../../core/metrics.ts';
import type { OutboxWriter } from '../../runtime/outbox.ts';
import type { TeamsService } from '../teams/index.ts';
import { humanDuration } from './notices.ts';

export interface TimerAuditorDeps {
  repos: Repositories;
  clock: Clock;
  stallAfterMs: number;
  teams: TeamsService;
  /** The alert goes through the outbox, whose delivery does not depend on the timer loop. */
  outbox: OutboxWriter;
  locale: Locale;
  timeZone: string;
  logger: Logger;
  registry?: Registry;
}

export interface AuditResult {
  overdue: number;
  oldest: Date | null;
  /** What this replica announced: a stall, a recovery, or nothing. */
  announced: 'stalled' | 'recovered' | null;
}

const AUDIT_NAME = 'scheduler';
/** A stall still going after this long is alerted again. */
const REALERT_MS = 3_600_000;
/** Timers this far past due count as overdue on the gauge (the tick is every second). */
const GAUGE_GRACE_MS = 5_000;

export function createTimerAuditor(deps: TimerAuditorDeps) {
  const { repos, clock } = deps;
  if (deps.registry) {
    const gauge = deps.registry.gauge(
      'sopbot_timers_overdue',
      'Pending timers more than 5s past their due time',
    );
    gauge.collect(async () => {
      const before = new Date(clock.now().getTime() - GAUGE_GRACE_MS);
      gauge.set((await repos.timers.overdue(before)).count);
    });
  }

  /** Tells every team channel, each in its team's language. */
  async function announce(text: (t: Translator) => string): Promise<void> {
    const items = (
      await Promise.all(
        deps.teams
          .all()
          .map((team) => deps.teams.announceIn(team.name, (t) => ({ text: text(t) }), 'audit:scheduler')),
      )
    ).flat();
    await deps.outbox
      .say(items)
      .catch((err: unknown) => deps.logger.error({ err }, 'could not queue the timer audit'));
  }

  return {
    /** One audit: alert on a stall, announce a recovery. */
    async check(now: Date = clock.now()): Promise<AuditResult> {
      const { count, oldest } = await repos.timers.overdue(new Date(now.getTime() - deps.stallAfterMs));
      if (count > 0) {
        deps.logger.error({ overdue: count, oldest }, 'timers are not firing');
        const first = await repos.sla.markStalled(AUDIT_NAME, now, new Date(now.getTime() - REALERT_MS));
        if (!first) return { overdue: count, oldest, announced: null };
        await announce((t) =>
          t('sla.stalled', {
            count,
            after: humanDuration(deps.stallAfterMs, t),
            time: oldest ? formatDateTime(oldest, deps.timeZone) : '—',
          }),
        );
        return { overdue: count, oldest, announced: 'stalled' };
      }
      if (!(await repos.sla.markRecovered(AUDIT_NAME))) return { overdue: 0, oldest: null, announced: null };
      await announce((t) => t('sla.recovered'));
      return { overdue: 0, oldest: null, announced: 'recovered' };
    },
  };
}

export type TimerAuditor = ReturnType<typeof createTimerAuditor>;
