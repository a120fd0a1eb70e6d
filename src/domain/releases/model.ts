/**
 * A release run as a record: the template it was started from (frozen on the run, so editing a
 * template file never changes a run in flight), its T0, zone and language, who started it and who
 * fills its roles; and each step's state. Runs, steps and their event log are stored by
 * db/repositories/releases.repository.ts; these are the shapes the use cases work with.
 */
import './catalog.ts';
import type { Locale } from '../../core/i18n/index.ts';
import type { ReleaseTemplate, TemplateStep } from './template.ts';

/** running: live (T0 may still be ahead); the others are finished. */
export type RunStatus = 'running' | 'done' | 'stopped' | 'cancelled';

/** pending: not done yet (a gate: undecided); blocked: held up, with a reason (still open). */
export type StepState = 'pending' | 'done' | 'skipped' | 'blocked';

/** A gate's decision, and a vote. */
export type Decision = 'go' | 'nogo';

/** One approver's vote on a gate (a changed mind replaces it). */
export interface Vote {
  readonly user: string;
  readonly vote: Decision;
  /** ISO instant. */
  readonly at: string;
  readonly reason?: string;
}

/** How a finished run ended, for `/release list` and the summary. */
export interface Outcome {
  readonly kind: 'completed' | 'nogo' | 'rolled_back' | 'cancelled';
  /** The gate whose no-go stopped it. */
  readonly gate?: string;
  readonly by?: string;
  readonly reason?: string;
  /** The rollback run started for it. */
  readonly rollback?: string;
}

/** A release run: the record every command, click and timer works on. */
export interface Run {
  readonly id: number;
  /** null: a scheduled run, seen from every workspace of its platform. */
  readonly workspaceId: number | null;
  readonly platform: string;
  readonly channelId: string;
  readonly name: string;
  readonly template: ReleaseTemplate;
  /** The language of everything the run says in its channel and thread. */
  readonly locale: Locale;
  /** The zone its times are read and shown in (template's, else the team's, else top-level). */
  readonly zone: string;
  readonly t0: Date;
  t0ReachedAt: Date | null;
  status: RunStatus;
  outcome: Outcome | null;
  /** null: started by a schedule. */
  readonly starterId: string | null;
  /** Role name → users, as assigned at start. */
  readonly roles: Readonly<Record<string, readonly string[]>>;
  /** The run this one rolls back. */
  readonly parentId: number | null;
  readonly scheduleKey: string | null;
  readonly createdAt: Date;
  finishedAt: Date | null;
}

/** One step of a run and its state; its definition is `specOf(run, step)`. */
export interface Step {
  readonly runId: number;
  /** 1-based, template order. */
  readonly number: number;
  readonly id: string;
  state: StepState;
  /** Resolved due time; null while waiting on `after:` steps (or undated). */
  dueAt: Date | null;
  /** A monitor's window end. */
  endsAt: Date | null;
  /** When the step came due and its owner was pinged. */
  duePingedAt: Date | null;
  /** The last ping, re-ping or repeat reminder. */
  lastRemindedAt: Date | null;
  /** Re-pings (tasks, gates) or reminders (repeats) after the first ping. */
  reminders: number;
  /** Who owns it, resolved (an on-call tier when it comes due); null: not resolved yet. */
  owners: string[] | null;
  decision: Decision | null;
  votes: Vote[];
  /** How late the due ping went out (sopbot was down), ms; null: on time or not yet. */
  lateMs: number | null;
  completedAt: Date | null;
  /** A user id, or `sopbot` for what the run did itself (a window ended, a branch not taken). */
  completedBy: string | null;
  /** The reason given with Skip / Block / No-go, or the note of a system change. */
  note: string | null;
}

/** The actor of what the bot does itself. */
export const SYSTEM = 'sopbot';

/** The live-message subject of a run's parent message (its header), and the lane of its thread. */
export function runSubject(runId: number): string {
  return `release:${runId}`;
}

/** The live-message subject of one step's thread reply. */
export function stepSubject(runId: number, number: number): string {
  return `release:${runId}:${number}`;
}

/** `release:12` → { run: 12 }, `release:12:3` → { run: 12, step: 3 }. */
export function parseSubject(subject: string): { run: number; step?: number } | null {
  const m = /^release:(\d+)(?::(\d+))?$/.exec(subject);
  if (!m) return null;
  return m[2] ? { run: Number(m[1]), step: Number(m[2]) } : { run: Number(m[1]) };
}

/** The thread owner name of run threads. */
export const RELEASE_THREAD = 'release';

/** The timer kind that wakes a run up (one pending per run, at its next due moment). */
export const RELEASE_TICK = 'release.tick';

/** A step's definition in the run's frozen template. */
export function specOf(run: Run, step: Step): TemplateStep {
  const spec = run.template.steps[step.number - 1];
  if (!spec) throw new Error(`run ${run.id} has no step ${step.number}`);
  return spec;
}

/** Done or skipped: what `after:` waits for and progress counts. */
export function isComplete(step: Pick<Step, 'state'>): boolean {
  return step.state === 'done' || step.state === 'skipped';
}

/** Pending or blocked. */
export function isOpen(step: Pick<Step, 'state'>): boolean {
  return !isComplete(step);
}

/** Completed, stopped or cancelled: nothing changes any more. */
export function isFinished(run: Pick<Run, 'status'>): boolean {
  return run.status !== 'running';
}
