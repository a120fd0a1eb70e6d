/**
 * Reading runs: finding one by name (names may hold spaces, `daily-checks 2026-12-01`: the longest
 * run of leading words that names a release wins), listing them, and building what a card shows
 * (a run with its steps, gate approvers, the run it rolls back, its rollbacks, and the previous
 * run of its schedule when that one is still open).
 */
import type { ReleaseRunState, Repositories } from '../../../db/repositories/index.ts';
import type { Clock } from '../../core/clock.ts';
import { counts, type RunRef, type RunView } from './cards.ts';
import type { FrozenTemplates } from './frozen.ts';
import type { Run, Step } from './model.ts';
import { specOf } from './model.ts';
import { toStep } from './records.ts';

/** The most words a release name is read from. */
const MAX_NAME_WORDS = 4;

/** What reading runs needs: the repositories, the clock, gate approvers and the frozen templates. */
export interface QueryDeps {
  repos: Repositories;
  clock: Clock;
  approvers(run: Run, step: Step, at: Date): Promise<string[]>;
  frozen: FrozenTemplates;
}

/** The read side of the module (commands and the live renderer). */
export function createReleaseQueries(deps: QueryDeps) {
  const { repos } = deps;

  const one = async (row: ReleaseRunState) => (await deps.frozen.runs(repos, [row]))[0] as Run;

  async function ref(row: ReleaseRunState): Promise<RunRef> {
    const steps = (await repos.releases.steps(row.id)).map(toStep);
    const c = counts(steps);
    return { name: row.name, status: row.status as Run['status'], done: c.done, total: c.total };
  }

  async function byId(id: number): Promise<{ run: Run; steps: Step[] } | null> {
    const row = await repos.releases.runById(id);
    if (!row) return null;
    return { run: await one(row), steps: (await repos.releases.steps(id)).map(toStep) };
  }

  return {
    /**
     * The run named by the first words (longest match; a running one before finished ones), and
     * the words after its name; null when no prefix names a release.
     */
    async byName(
      platform: string,
      workspaceId: number | null,
      words: readonly string[],
    ): Promise<{ run: Run; rest: string[] } | null> {
      const prefixes: string[] = [];
      for (let n = Math.min(MAX_NAME_WORDS, words.length); n >= 1; n--)
        prefixes.push(words.slice(0, n).join(' '));
      const rows = await repos.releases.byNames(platform, workspaceId, prefixes);
      for (const prefix of prefixes) {
        const row = rows.find((r) => r.name.toLowerCase() === prefix.toLowerCase());
        if (row) return { run: await one(row), rest: words.slice(prefix.split(' ').length) };
      }
      return null;
    },

    byId,

    /** The newest runs (running first) with their step counts. */
    async list(platform: string, workspaceId: number | null, limit: number) {
      const rows = await repos.releases.list(platform, workspaceId, limit);
      const steps = await repos.releases.stepsOfRuns(rows.map((r) => r.id));
      const runs = await deps.frozen.runs(repos, rows);
      return runs.map((run) => {
        const mine = steps.filter((s) => s.runId === run.id).map(toStep);
        return { run, steps: mine, counts: counts(mine) };
      });
    },

    /** Everything a card of the run shows (approvers only for the gates asked for, else all). */
    async view(id: number, gates?: number[]): Promise<RunView | null> {
      const found = await byId(id);
      if (!found) return null;
      const { run, steps } = found;
      const now = deps.clock.now();
      const approvers = new Map<number, string[]>();
      for (const step of steps) {
        if (specOf(run, step).kind !== 'gate' || (gates && !gates.includes(step.number))) continue;
        approvers.set(step.number, await deps.approvers(run, step, now));
      }
      const parentRow = run.parentId ? await repos.releases.runById(run.parentId) : undefined;
      const children = run.template.rollback ? await repos.releases.childrenOf(run.id) : [];
      const previous = run.scheduleKey
        ? await repos.releases.previousOfSchedule(run.scheduleKey, run.id)
        : undefined;
      return {
        run,
        steps,
        approvers,
        parent: parentRow ? await ref(parentRow) : null,
        rollbacks: await Promise.all(children.map(ref)),
        previousOpen: previous?.status === 'running' && run.status === 'running' ? await ref(previous) : null,
      };
    },

    async events(id: number, limit?: number) {
      return repos.releases.events(id, limit);
    },
  };
}

export type ReleaseQueries = ReturnType<typeof createReleaseQueries>;
