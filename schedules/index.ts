/** Registers every schedule on the scheduler. A new schedule is one file plus one line here. */
import type { AppServices } from '../src/app.ts';
import type { Scheduler } from '../src/domain/sla/scheduler.ts';
import { register as inboxPrune } from './inbox-prune.schedule.ts';
import { register as oncallHandoff } from './oncall-handoff.schedule.ts';
import { register as slaTimers } from './sla-timers.schedule.ts';
import { register as timerAuditor } from './timer-auditor.schedule.ts';

export function registerSchedules(scheduler: Scheduler, services: AppServices): Scheduler {
  slaTimers(scheduler, services);
  oncallHandoff(scheduler, services);
  timerAuditor(scheduler, services);
  inboxPrune(scheduler, services);
  return scheduler;
}
