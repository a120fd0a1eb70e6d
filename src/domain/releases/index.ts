/**
 * The releases module's door: release days, staged rollouts, incidents, refunds and recurring
 * checklists run in chat from YAML templates. A run is a record with an event log; its parent
 * message (the progress header) and one thread reply per step are live messages; its thread
 * belongs to it; one durable timer per run wakes it when something comes due; schedules start
 * runs from cron. Other modules reach releases only through what is exported here.
 */
import { formatDateTime } from '../../core/format.ts';
import { translator } from '../../core/i18n/index.ts';
import { localDate } from '../../core/zoned-time.ts';
import { compileCron } from '../../runtime/cron-time.ts';
import type { Runtime, Services } from '../../runtime/module.ts';
import { platformOfChannel } from '../teams/index.ts';
import { headerMessage, stepMessage } from './cards.ts';
import type { ReleaseSchedule } from './config.ts';
import { createFrozenTemplates } from './frozen.ts';
import { parseSubject, RELEASE_THREAD, type Run } from './model.ts';
import { createReleaseQueries } from './queries.ts';
import { createReleaseService } from './service.ts';
import { releaseTimerJob } from './timers.ts';

export { plannedOwners } from './access.ts';
export { counts, headerMessage, outcomeText, RELEASE_ACTIONS, type RunView, stepMessage } from './cards.ts';
export { catalog, type ReleasesKey } from './catalog.ts';
export {
  type ReleaseSchedule,
  type ReleasesConfig,
  type ReleasesFile,
  releasesSchema,
  resolveReleases,
} from './config.ts';
export { nextRepeat, parseStartAt, resolveDueTimes, resolveStepDue } from './due.ts';
export { gateOpen, overdueSteps, waitingOn } from './engine.ts';
export * from './model.ts';
export type { ChangeResult, StepAction } from './service.ts';
export { findTemplate, NAME_RE, type StartRequest } from './start.ts';
export {
  BUILTIN_TEMPLATES_DIR,
  findStep,
  loadTemplates,
  localized,
  type Owner,
  type ReleaseTemplate,
  TemplateError,
  type TemplateStep,
} from './template.ts';
export { clock, eventLine, humanDuration, ownerSpec, stepLabel, stepTitle } from './text.ts';

/** A lateness the scheduler also reports as late (the run's pings say so past it). */
const LATE_AFTER_MS = 5_000;

/** The run name of a schedule's slot: `daily-checks 2026-12-01` (with the time when it fires more often). */
export function scheduledName(schedule: ReleaseSchedule, slot: Date, zone: string): string {
  const c = compileCron(schedule.cron);
  const often = c.minutes.length * c.hours.length > 1;
  return often
    ? `${schedule.name} ${formatDateTime(slot, zone)}`
    : `${schedule.name} ${localDate(slot, zone)}`;
}

/**
 * Builds the module: the service, its queries, the wake-up timer job, the live renderer of headers
 * and step replies (claiming each header's thread once posted), and the scheduled starts.
 */
export function createReleases(runtime: Runtime, services: Services) {
  const { config, repos, clock: appClock } = runtime;
  const settings = config.releases;
  const teamZone = (channelId: string, user: string | null) =>
    services.teams.ofChannel(channelId)?.timeZone ??
    (user ? services.teams.ofUser(user)?.timeZone : undefined) ??
    config.timezone;
  const frozen = createFrozenTemplates();
  const service = createReleaseService({
    frozen,
    repos,
    clock: appClock,
    outbox: runtime.outbox,
    wake: (at) => runtime.scheduler.wake(at),
    templates: settings.templates,
    remindEvery: settings.remindEvery,
    lateAfterMs: LATE_AFTER_MS,
    access: { approvers: settings.approvers, admins: config.admins },
    async oncall(team, tier, at) {
      const name = tier ?? config.teams[team]?.tiers[0]?.name;
      return name ? (await services.oncall.onCall(team, name, at)).users : [];
    },
    zoneFor: teamZone,
    localeOf: (platform, user) => services.teams.localeOf(platform as 'slack', user),
  });
  const queries = createReleaseQueries({ repos, clock: appClock, approvers: service.approvers, frozen });
  runtime.scheduler.register(releaseTimerJob(service));
  runtime.live.register({
    prefix: 'release',
    async render(subject) {
      const parsed = parseSubject(subject);
      const view = parsed ? await queries.view(parsed.run, parsed.step ? [parsed.step] : undefined) : null;
      if (!parsed || !view) return null;
      const t = translator(view.run.locale);
      if (!parsed.step)
        return { message: headerMessage(view, t, appClock.now()), to: { channelId: view.run.channelId } };
      const step = view.steps[parsed.step - 1];
      return step ? { message: stepMessage(view, step, t) } : null;
    },
    async posted(subject, ref, platform) {
      const parsed = parseSubject(subject);
      if (!parsed || parsed.step) return;
      await runtime.threads.claim(platform, ref.channelId, ref.threadId ?? ref.messageId, {
        owner: RELEASE_THREAD,
        subject,
      });
    },
  });

  /** The zone a schedule's cron and runs keep: its own, the template's, the channel's team's, the top-level one. */
  function scheduleZone(schedule: ReleaseSchedule): string {
    return (
      schedule.timezone ??
      settings.templates.get(schedule.template)?.timezone ??
      teamZone(schedule.channel, null)
    );
  }

  /** Starts a schedule's run for one cron slot (inside the cron run's commit: once per slot). */
  async function startScheduled(schedule: ReleaseSchedule, slot: Date): Promise<Run> {
    const zone = scheduleZone(schedule);
    const running = runtime.messengers.list().map((m) => m.platform);
    const platform =
      schedule.platform ?? platformOfChannel(schedule.channel, running) ?? running[0] ?? 'console';
    const team = services.teams.ofChannel(schedule.channel);
    return service.start({
      platform,
      workspaceId: null,
      channelId: schedule.channel,
      starterId: null,
      template: schedule.template,
      name: scheduledName(schedule, slot, zone),
      assignments: schedule.roles,
      locale: team?.locale ?? config.locale,
      zone,
      t0: slot,
      origin: `schedule:${schedule.key}:${slot.toISOString()}`,
      scheduleKey: schedule.key,
    });
  }

  return {
    ...service,
    queries,
    schedules: settings.schedules,
    scheduleZone,
    startScheduled,
  };
}

export type ReleasesService = ReturnType<typeof createReleases>;

declare module '../../runtime/module.ts' {
  interface Services {
    releases: ReleasesService;
  }
}
