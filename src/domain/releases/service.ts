/**
 * The release use cases: start a run (by hand, on a schedule, or as the rollback of another),
 * mark steps done / skipped / blocked, vote on gates, roll back, cancel, and note a thread reply.
 * Each runs in one transaction through runs.ts (lock, change, carry through, write, say, plan the
 * wake-up), so a click, a command and a timer on several replicas never step on each other, and
 * what they say is said once. Every check that fails is a coded error: the caller's answer.
 */
import type { Repositories, RepositorySet } from '../../../db/repositories/index.ts';
import type { Clock } from '../../core/clock.ts';
import { CodedError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/index.ts';
import { translator } from '../../core/i18n/index.ts';
import type { OutboxItem, OutboxWriter } from '../../runtime/outbox.ts';
import {
  type AccessConfig,
  gateApproversOf,
  mayActOnStep,
  type OnCallLookup,
  runDeciders,
  stepOwners,
} from './access.ts';
import { complete, gateOpen, waitingOn } from './engine.ts';
import type { FrozenTemplates } from './frozen.ts';
import {
  type Decision,
  isComplete,
  RELEASE_TICK,
  type Run,
  runSubject,
  type Step,
  SYSTEM,
  specOf,
} from './model.ts';
import { blockNote } from './notices.ts';
import { toRun, toStep } from './records.ts';
import {
  type Change,
  emptyWrites,
  loadRuns,
  newChange,
  type RunDeps,
  settle,
  type Writes,
  wakeTimers,
  write,
} from './runs.ts';
import {
  checkName,
  findTemplate,
  planItems,
  roleMap,
  runRow,
  type StartRequest,
  startTime,
  stepRows,
} from './start.ts';
import { findStep, type ReleaseTemplate } from './template.ts';
import { stepLabel } from './text.ts';
import { applyVote } from './votes.ts';

/** What the use cases need: storage, time, the outbox, the templates, the access rules, on-call and languages. */
export interface ReleaseServiceDeps {
  repos: Repositories;
  clock: Clock;
  outbox: OutboxWriter;
  /** Wakes the timer loop for a planned wake-up. */
  wake(at: Date): void;
  templates: ReadonlyMap<string, ReleaseTemplate>;
  remindEvery: number | null;
  lateAfterMs: number;
  access: AccessConfig;
  oncall: OnCallLookup;
  /** The zone of a run started in a channel by someone (team's, else top-level). */
  zoneFor(channelId: string, starterId: string | null): string;
  localeOf(platform: string, user: string): Promise<Locale | undefined>;
  frozen: FrozenTemplates;
}

/** What Done / Skip / Block (and their commands) do to a step. */
export type StepAction = 'done' | 'skip' | 'block';

/** What a change did, for the caller's confirmation. */
export interface ChangeResult {
  run: Run;
  step: Step;
  tally?: { go: number; quorum: number };
}

/** The release use cases (see the file comment); every one is one transaction. */
export function createReleaseService(deps: ReleaseServiceDeps) {
  const { repos, clock, outbox } = deps;
  const runDeps: RunDeps = {
    remindEvery: deps.remindEvery,
    // Whom a due step pings: its owners; a gate's, its approvers too (they decide it).
    async ownersOf(run, spec, at) {
      const owners = await stepOwners(run, spec, at, deps.oncall);
      if (spec.kind !== 'gate') return owners;
      const approvers = await gateApproversOf(run, spec, at, deps.oncall, deps.access);
      return [...new Set([...owners, ...approvers])];
    },
    localeOf: deps.localeOf,
  };

  /** Cancels the runs' older wake-ups (skipping one being fired now) and plans the new ones. */
  async function plan(r: RepositorySet, writes: Writes, now: Date): Promise<void> {
    await r.timers.cancelForSubjects([...writes.wakes.keys()].map(runSubject), [RELEASE_TICK]);
    const timers = wakeTimers(writes);
    await r.timers.insert(timers, now);
    for (const t of timers) deps.wake(t.dueAt);
  }

  async function commit(r: RepositorySet, changes: Change[], now: Date, extra: OutboxItem[] = []) {
    const writes = emptyWrites();
    writes.items.push(...extra);
    for (const change of changes) await settle(change, runDeps, now, deps.lateAfterMs, writes);
    await write(r, writes, now, outbox.sayIn);
    await plan(r, writes, now);
  }

  /** Locks one run, applies `fn`, carries the change through and writes it. */
  function mutate<T>(
    runId: number,
    fn: (change: Change, now: Date, r: RepositorySet) => Promise<T>,
  ): Promise<T> {
    return repos.transaction(async (r) => {
      const now = clock.now();
      const [change] = await loadRuns(r, [runId], deps.frozen);
      if (!change)
        throw new CodedError('releases.unknown_release', { name: `#${runId}`, guess: '', names: '—' });
      const result = await fn(change, now, r);
      await commit(r, [change], now);
      return result;
    });
  }

  function running(run: Run): void {
    if (run.status !== 'running') {
      const t = translator(run.locale);
      throw new CodedError('releases.finished', {
        name: run.name,
        outcome: t(`releases.state.${run.status}`),
      });
    }
  }

  function stepOf(change: Change, ref: string): Step {
    const spec = findStep(change.run.template, ref);
    const step = spec ? change.steps[spec.number - 1] : undefined;
    if (!step) {
      const ids = change.run.template.steps.map((s) => s.id);
      const shown = ids.length > 12 ? `${ids.slice(0, 12).join(', ')}, …` : ids.join(', ');
      throw new CodedError('releases.unknown_step', { step: ref, name: change.run.name, steps: shown });
    }
    return step;
  }

  /** Creates a run inside `r` (its plan, its first pings, its wake-up). */
  async function create(r: RepositorySet, req: StartRequest, now: Date): Promise<Run> {
    const template = findTemplate(deps.templates, req.template);
    if (!req.scheduleKey) checkName(req.name); // a schedule names its runs `<name> <date>`
    const zone = req.zone ?? template.timezone ?? deps.zoneFor(req.channelId, req.starterId);
    const t0 = startTime(req, zone, now);
    const roles = roleMap(req, template);
    if (req.origin) {
      const made = await r.releases.runByOrigin(req.origin);
      if (made) return (await deps.frozen.runs(r, [made]))[0] as Run;
    }
    const taken = (await r.releases.byNames(req.platform, null, [req.name])).find(
      (x) => x.status === 'running',
    );
    if (taken) throw new CodedError('releases.name_taken', { name: req.name });
    const row = await r.releases.insertRun(runRow(req, template, zone, t0, roles, now));
    if (!row) {
      const made = req.origin ? await r.releases.runByOrigin(req.origin) : undefined;
      if (made) return (await deps.frozen.runs(r, [made]))[0] as Run;
      throw new CodedError('releases.name_taken', { name: req.name });
    }
    const steps = stepRows(row.id, template, zone, t0);
    await r.releases.saveSteps(steps);
    const run = toRun(row, template);
    deps.frozen.remember(run.id, template);
    const change = newChange(run, steps.map(toStep));
    change.log.push({
      kind: 'started',
      step: null,
      actor: req.starterId ?? SYSTEM,
      data: {
        template: template.name,
        t0: t0.toISOString(),
        roles,
        ...(req.parentId ? { parent: req.parentId } : {}),
      },
    });
    change.runChanged = true;
    await commit(r, [change], now, planItems(req, run.id, steps.length));
    return run;
  }

  async function approvers(run: Run, step: Step, at: Date): Promise<string[]> {
    return gateApproversOf(run, specOf(run, step), at, deps.oncall, deps.access);
  }

  function rollbackName(parent: Run, taken: Set<string>): string {
    const base = `${parent.name}-rollback`.slice(0, 48);
    for (let i = 1; ; i++) {
      const name = i === 1 ? base : `${base}-${i}`;
      if (!taken.has(name.toLowerCase())) return name;
    }
  }

  /** Starts the rollback runbook of `change`'s run, linked to it, and stops the run if it still runs. */
  async function startRollback(
    r: RepositorySet,
    change: Change,
    user: string,
    reason: string | null,
    now: Date,
  ) {
    const { run } = change;
    if (!run.template.rollback) throw new CodedError('releases.no_rollback', { name: run.name });
    const children = await r.releases.childrenOf(run.id);
    const live = children.find((c) => c.status === 'running');
    if (live) throw new CodedError('releases.rollback_running', { name: live.name });
    const taken = new Set(
      (
        await r.releases.byNames(
          run.platform,
          null,
          children.map((c) => c.name).concat(`${run.name}-rollback`),
        )
      )
        .filter((c) => c.status === 'running')
        .map((c) => c.name.toLowerCase()),
    );
    const template = findTemplate(deps.templates, run.template.rollback);
    const roles: Record<string, string[]> = {};
    for (const [role, users] of Object.entries(run.roles))
      if (template.roles.some((x) => x.name === role)) roles[role] = [...users];
    const child = await create(
      r,
      {
        platform: run.platform,
        workspaceId: run.workspaceId,
        channelId: run.channelId,
        starterId: user,
        template: template.name,
        name: rollbackName(run, taken),
        assignments: roles,
        locale: run.locale,
        parentId: run.id,
      },
      now,
    );
    const outcome = run.outcome?.kind === 'nogo' ? run.outcome : null;
    if (run.status === 'running' || outcome) {
      run.status = run.status === 'running' ? 'stopped' : run.status;
      run.finishedAt ??= now;
      run.outcome = outcome
        ? { ...outcome, rollback: child.name }
        : { kind: 'rolled_back', by: user, rollback: child.name, ...(reason ? { reason } : {}) };
      change.runChanged = true;
    }
    change.log.push({
      kind: 'rollback_started',
      step: null,
      actor: user,
      data: { rollback: child.name, reason },
    });
    const t = translator(run.locale);
    change.notes.push({
      text: t('releases.rollback_started', { name: child.name, template: template.name }),
    });
    return child;
  }

  return {
    templates: deps.templates,

    /** Starts a run (see StartRequest); a replay of its origin finds the same run. */
    start(req: StartRequest): Promise<Run> {
      return repos.transaction((r) => create(r, req, clock.now()));
    },

    /** Done / Skip / Block on a task, monitor or repeat step, by its owners (or the run's deciders). */
    act(runId: number, ref: string, user: string, action: StepAction, reason: string | null) {
      return mutate(runId, async (change, now): Promise<ChangeResult> => {
        running(change.run);
        const step = stepOf(change, ref);
        const spec = specOf(change.run, step);
        const label = stepLabel(change.run, spec);
        if (spec.kind === 'gate')
          throw new CodedError('releases.is_gate', { step: label, name: change.run.name });
        const owners = step.owners ?? (await stepOwners(change.run, spec, now, deps.oncall));
        if (!mayActOnStep(change.run, owners, user, deps.access))
          throw new CodedError('releases.not_owner', {
            step: label,
            owners: owners.map((o) => `@${o}`).join(', '),
          });
        if (isComplete(step) || (action === 'block' && step.state === 'blocked')) {
          const state = translator(change.run.locale)(`releases.state.${step.state}`);
          throw new CodedError('releases.already', {
            step: label,
            state,
            by: step.completedBy ? `@${step.completedBy}` : '—',
          });
        }
        if (action === 'block') {
          step.state = 'blocked';
          step.note = reason;
          change.notes.push(blockNote(change.run, step, user, translator(change.run.locale)));
        } else complete(step, action === 'done' ? 'done' : 'skipped', user, now, reason);
        change.changed.add(step.number);
        change.redraw.add(step.number);
        const kind = action === 'skip' ? 'skipped' : action === 'block' ? 'blocked' : 'done';
        change.log.push({ kind, step: step.number, actor: user, data: reason ? { reason } : {} });
        return { run: change.run, step };
      });
    },

    /** A Go or No-go on a gate, by one of its approvers; the decision once quorum or any No-go. */
    vote(runId: number, ref: string, user: string, vote: Decision, reason: string | null) {
      return mutate(runId, async (change, now): Promise<ChangeResult> => {
        running(change.run);
        const step = stepOf(change, ref);
        const spec = specOf(change.run, step);
        const label = stepLabel(change.run, spec);
        if (spec.kind !== 'gate') throw new CodedError('releases.not_gate', { step: label });
        if (step.decision)
          throw new CodedError('releases.gate_decided', { gate: label, decision: step.decision });
        if (!gateOpen(change.run, change.steps, step)) {
          const waits = waitingOn(change.steps, spec).join(', ');
          throw new CodedError('releases.gate_waiting', { gate: label, steps: waits || '—' });
        }
        const list = await approvers(change.run, step, now);
        if (!list.includes(user))
          throw new CodedError('releases.not_approver', {
            gate: label,
            approvers: list.map((a) => `@${a}`).join(', ') || '—',
          });
        const tally = applyVote(change, step, user, vote, reason, list, now);
        return { run: change.run, step, tally };
      });
    },

    /** Starts the run's rollback runbook, linked to it (by its deciders or gate approvers). */
    rollback(runId: number, user: string, reason: string | null): Promise<Run> {
      return mutate(runId, async (change, now, r) => {
        const { run } = change;
        const allowed = runDeciders(run, deps.access);
        for (const s of change.steps) {
          if (specOf(run, s).kind === 'gate') for (const a of await approvers(run, s, now)) allowed.add(a);
        }
        if (!allowed.has(user)) throw new CodedError('releases.not_decider', { name: run.name });
        return startRollback(r, change, user, reason, now);
      });
    },

    /** Cancels a running run (its deciders: the starter, approvers, admins). */
    cancel(runId: number, user: string, reason: string | null): Promise<Run> {
      return mutate(runId, async (change, now) => {
        running(change.run);
        if (!runDeciders(change.run, deps.access).has(user))
          throw new CodedError('releases.not_decider', { name: change.run.name });
        change.run.status = 'cancelled';
        change.run.finishedAt = now;
        change.run.outcome = { kind: 'cancelled', by: user, ...(reason ? { reason } : {}) };
        change.runChanged = true;
        change.log.push({ kind: 'cancelled', step: null, actor: user, data: reason ? { reason } : {} });
        return change.run;
      });
    },

    /** A reply in the run's thread: into its log, with who and when. */
    async note(runId: number, user: string, text: string, messageId: string): Promise<void> {
      await repos.transaction((r) =>
        r.releases.appendEvents([
          { runId, at: clock.now(), actorId: user, kind: 'note', step: null, data: { text, messageId } },
        ]),
      );
    },

    /** Wake-ups of several runs (the timer job), each with the instant it was planned for, in `r`. */
    async tick(r: RepositorySet, wakes: ReadonlyMap<number, Date>, now: Date, lateAfterMs: number) {
      const writes = emptyWrites();
      for (const change of await loadRuns(r, [...wakes.keys()], deps.frozen)) {
        if (change.run.status !== 'running') continue;
        await settle(change, runDeps, now, lateAfterMs, writes, wakes.get(change.run.id));
      }
      await write(r, writes, now, outbox.sayIn);
      return writes;
    },

    /** Who may decide a gate now (cards, refusals). */
    approvers,
    clock,
  };
}

export type ReleaseService = ReturnType<typeof createReleaseService>;
