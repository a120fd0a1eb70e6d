/** Rows of the releases tables ↔ the domain's Run and Step. */
import type { ReleaseRunState, ReleaseStepRow } from '../../../db/repositories/index.ts';
import { isLocale } from '../../core/i18n/index.ts';
import type { Decision, Outcome, Run, RunStatus, Step, StepState, Vote } from './model.ts';
import type { ReleaseTemplate } from './template.ts';

/** A run row and its frozen template (no dates are kept in a template, so JSON gives it back whole). */
export function toRun(row: ReleaseRunState, template: ReleaseTemplate): Run {
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    platform: row.platform,
    channelId: row.channelId,
    name: row.name,
    template,
    locale: isLocale(row.locale) ? row.locale : 'en',
    zone: row.zone,
    t0: row.t0,
    t0ReachedAt: row.t0ReachedAt,
    status: row.status as RunStatus,
    outcome: (row.outcome as Outcome | null) ?? null,
    starterId: row.starterId,
    roles: row.roles,
    parentId: row.parentId,
    scheduleKey: row.scheduleKey,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

/** A step row as the domain's Step. */
export function toStep(row: ReleaseStepRow): Step {
  return {
    runId: row.runId,
    number: row.number,
    id: row.stepId,
    state: row.state as StepState,
    dueAt: row.dueAt,
    endsAt: row.endsAt,
    duePingedAt: row.duePingedAt,
    lastRemindedAt: row.lastRemindedAt,
    reminders: row.reminders,
    owners: row.owners,
    decision: (row.decision as Decision | null) ?? null,
    votes: row.votes as unknown as Vote[],
    lateMs: row.lateMs,
    completedAt: row.completedAt,
    completedBy: row.completedBy,
    note: row.note,
  };
}

/** A Step as the row `saveSteps` writes. */
export function fromStep(step: Step): ReleaseStepRow {
  return {
    runId: step.runId,
    number: step.number,
    stepId: step.id,
    state: step.state,
    dueAt: step.dueAt,
    endsAt: step.endsAt,
    duePingedAt: step.duePingedAt,
    lastRemindedAt: step.lastRemindedAt,
    reminders: step.reminders,
    owners: step.owners,
    decision: step.decision,
    votes: step.votes as unknown as Record<string, unknown>[],
    lateMs: step.lateMs,
    completedAt: step.completedAt,
    completedBy: step.completedBy,
    note: step.note,
  };
}
