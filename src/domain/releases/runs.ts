/**
 * One change to a run, end to end, inside the caller's transaction: the run row is locked (every
 * writer locks runs in id order, so commands, clicks and timer firings on several replicas take
 * turns and never deadlock), the change is applied to the loaded steps, the engine carries it
 * through (steps waiting on it get their due time, due steps are pinged), and then everything is
 * written at once: the changed steps, the run, the log, what to say (thread notes, direct pings,
 * edits of the header and of the changed steps only) and the run's one wake-up timer.
 */
import type { NewTimerRow, ReleaseStepRow, RepositorySet } from '../../../db/repositories/index.ts';
import type { Locale } from '../../core/i18n/index.ts';
import { translator } from '../../core/i18n/index.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import { type OutboxItem, refresh } from '../../runtime/outbox.ts';
import { type Advance, advance, type EngineSettings, emptyAdvance, nextWake } from './engine.ts';
import type { FrozenTemplates } from './frozen.ts';
import { isFinished, RELEASE_TICK, type Run, runSubject, type Step, stepSubject } from './model.ts';
import { directPings, pingNote, summaryMessage, t0Note } from './notices.ts';
import { fromStep, toStep } from './records.ts';
import type { TemplateStep } from './template.ts';

/** A run loaded for a change, and what the change did so far. */
export interface Change extends Advance {
  run: Run;
  steps: Step[];
  /** Thread notes the operation itself says (a decision, a block), before the pings. */
  notes: OutgoingMessage[];
  /** Whether the run's status was `running` when it was loaded. */
  wasRunning: boolean;
}

/** What carrying a change through needs from the module: re-pings, owners, languages. */
export interface RunDeps {
  remindEvery: number | null;
  ownersOf(run: Run, spec: TemplateStep, at: Date): Promise<string[]>;
  /** The language of a user's direct messages, when known. */
  localeOf(platform: string, user: string): Promise<Locale | undefined>;
}

/** Locks runs (id order) and loads their steps. */
export async function loadRuns(r: RepositorySet, ids: number[], frozen: FrozenTemplates): Promise<Change[]> {
  const rows = await r.releases.lockRuns([...new Set(ids)].sort((a, b) => a - b));
  const steps = await r.releases.stepsOfRuns(rows.map((row) => row.id));
  const runs = await frozen.runs(r, rows);
  return runs.map((run) => ({
    ...emptyAdvance(),
    run,
    steps: steps.filter((s) => s.runId === run.id).map(toStep),
    notes: [],
    wasRunning: run.status === 'running',
  }));
}

/** A change of a run just created (nothing loaded to lock). */
export function newChange(run: Run, steps: Step[]): Change {
  return { ...emptyAdvance(), run, steps, notes: [], wasRunning: true };
}

function merge(change: Change, more: Advance): void {
  for (const n of more.changed) change.changed.add(n);
  for (const n of more.redraw) change.redraw.add(n);
  change.notices.push(...more.notices);
  change.log.push(...more.log);
  change.runChanged ||= more.runChanged;
}

/** What to write for a batch of changes (one statement per table for the lot). */
export interface Writes {
  steps: ReleaseStepRow[];
  events: Parameters<RepositorySet['releases']['appendEvents']>[0];
  items: OutboxItem[];
  runs: Change[];
  /** Each run's next wake-up (null: none). */
  wakes: Map<number, Date | null>;
}

/** An empty batch. */
export function emptyWrites(): Writes {
  return { steps: [], events: [], items: [], runs: [], wakes: new Map() };
}

async function say(change: Change, deps: RunDeps, now: Date, items: OutboxItem[]): Promise<void> {
  const { run, steps } = change;
  const t = translator(run.locale);
  const subject = runSubject(run.id);
  const platform = run.platform;
  const thread = (message: OutgoingMessage): OutboxItem => ({
    op: 'post',
    to: { threadOf: subject },
    message,
    platform,
    subject,
  });
  if (change.notices.some((n) => n.kind === 't0')) items.push(thread(t0Note(run, t)));
  for (const note of change.notes) items.push(thread(note));
  const ping = pingNote(run, steps, change.notices, t);
  if (ping) items.push(thread(ping));
  if (change.notices.some((n) => n.kind === 'due' || n.kind === 'remind')) {
    const users = new Set(change.notices.flatMap((n) => ('owners' in n ? n.owners : [])));
    const locales = new Map<string, Locale>();
    for (const u of users) locales.set(u, (await deps.localeOf(platform, u)) ?? run.locale);
    for (const locale of new Set(locales.values())) {
      const dms = directPings(run, steps, change.notices, translator(locale));
      for (const [userId, message] of dms) {
        if (locales.get(userId) !== locale) continue;
        items.push({ op: 'direct', userId, message, platform, subject: `${subject}:dm:${userId}` });
      }
    }
  }
  if (isFinished(run) && change.wasRunning) items.push(thread(summaryMessage(run, steps, t, now)));
  if (change.runChanged || change.changed.size || change.redraw.size || change.notices.length)
    items.push(refresh(platform, subject));
  // Only the steps whose reply shows something new: a ping or a reminder changes nothing it shows.
  for (const n of [...change.redraw].sort((a, b) => a - b))
    items.push(refresh(platform, stepSubject(run.id, n)));
}

/**
 * Carries a change through the engine at `now` and adds what it writes to `writes`. The wake-up
 * time is only computed here; `persist` (commands) or the timer job (its successor) plans it.
 */
export async function settle(
  change: Change,
  deps: RunDeps,
  now: Date,
  lateAfterMs: number,
  writes: Writes,
  wokeFor?: Date,
): Promise<void> {
  const settings: EngineSettings = {
    now,
    remindEvery: deps.remindEvery,
    lateAfterMs,
    ownersOf: (spec) => deps.ownersOf(change.run, spec, now),
    ...(wokeFor ? { wokeFor } : {}),
  };
  merge(change, await advance(change.run, change.steps, settings));
  for (const n of change.changed) {
    const step = change.steps[n - 1];
    if (step) writes.steps.push(fromStep(step));
  }
  for (const e of change.log)
    writes.events.push({
      runId: change.run.id,
      at: now,
      actorId: e.actor,
      kind: e.kind,
      step: e.step,
      data: e.data,
    });
  await say(change, deps, now, writes.items);
  writes.runs.push(change);
  writes.wakes.set(change.run.id, nextWake(change.run, change.steps, deps.remindEvery, now));
}

/** Writes the batch: steps, runs, the log and what to say. Timers are the caller's. */
export async function write(
  r: RepositorySet,
  writes: Writes,
  now: Date,
  sayIn: (r: RepositorySet, items: OutboxItem[]) => Promise<void>,
): Promise<void> {
  await r.releases.saveSteps(writes.steps);
  for (const { run, runChanged } of writes.runs) {
    if (!runChanged) continue;
    await r.releases.updateRun(run.id, {
      status: run.status,
      outcome: (run.outcome as Record<string, unknown> | null) ?? null,
      t0ReachedAt: run.t0ReachedAt,
      finishedAt: run.finishedAt,
      updatedAt: now,
    });
  }
  await r.releases.appendEvents(writes.events);
  await sayIn(r, writes.items);
}

/** The wake-up timers of the batch's runs (their older ones are the caller's to cancel). */
export function wakeTimers(writes: Writes): NewTimerRow[] {
  const out: NewTimerRow[] = [];
  for (const [runId, at] of writes.wakes) {
    if (at) out.push({ kind: RELEASE_TICK, subject: runSubject(runId), dueAt: at, payload: { run: runId } });
  }
  return out;
}
