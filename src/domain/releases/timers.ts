/**
 * The one timer kind of the module: `release.tick`, one pending per run at its next due moment
 * (a step comes due, a re-ping, a monitor window ends, a repeat reminds, T0). Firing locks the
 * runs (the same lock commands take), moves them to now and plans the next wake-up as the timer's
 * successor; older wake-ups of those runs are cancelled. A run that is no longer running, or a
 * wake-up with nothing due, does nothing: duplicates and early firings are harmless. A wake-up
 * missed while sopbot was down fires once at start: each due step is pinged once, marked late.
 */
import type { TimerRow } from '../../../db/repositories/index.ts';
import type { FireResult, TimerJob } from '../../runtime/scheduler.ts';
import { parseSubject, RELEASE_TICK, runSubject } from './model.ts';
import { wakeTimers } from './runs.ts';
import type { ReleaseService } from './service.ts';

/** The `release.tick` timer job (registered by the module's `create`). */
export function releaseTimerJob(service: ReleaseService): TimerJob {
  return {
    kinds: [RELEASE_TICK],
    async fire(timers: TimerRow[], ctx) {
      const out = new Map<number, FireResult>();
      const byRun = new Map<number, TimerRow[]>();
      for (const timer of timers) {
        const run = parseSubject(timer.subject ?? '')?.run;
        if (!run) {
          out.set(timer.id, { status: 'stale' });
          continue;
        }
        byRun.set(run, [...(byRun.get(run) ?? []), timer]);
      }
      if (!byRun.size) return out;
      // Each run's wake-up is for the earliest instant its timers were planned for.
      const wakes = new Map(
        [...byRun].map(([run, list]) => [run, new Date(Math.min(...list.map((t) => t.dueAt.getTime())))]),
      );
      const writes = await service.tick(ctx.repos, wakes, ctx.now, ctx.lateAfterMs);
      await ctx.repos.timers.cancelForSubjects(
        [...byRun.keys()].map(runSubject),
        [RELEASE_TICK],
        timers.map((t) => t.id),
      );
      const next = new Map(wakeTimers(writes).map((t) => [t.subject, t]));
      for (const [runId, list] of byRun) {
        const [first, ...rest] = list;
        if (!first) continue;
        const successor = next.get(runSubject(runId));
        const did = writes.runs.some((c) => c.run.id === runId);
        out.set(first.id, { status: did ? 'fired' : 'stale', next: successor ? [successor] : [] });
        for (const dup of rest) out.set(dup.id, { status: 'stale' });
      }
      return out;
    },
  };
}
