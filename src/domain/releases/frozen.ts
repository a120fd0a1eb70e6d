/**
 * The templates frozen on runs, cached per process: a run's template never changes after it
 * starts, and it is by far the largest thing about a run, so the hot paths (every wake-up, every
 * card drawn) read runs without it and take it from here, loading only the ones not seen yet.
 */
import type { ReleaseRunState, RepositorySet } from '../../../db/repositories/index.ts';
import type { Run } from './model.ts';
import { toRun } from './records.ts';
import type { ReleaseTemplate } from './template.ts';

const MAX_CACHED = 5_000;

/** The cache of frozen templates by run id, shared by the service and the queries. */
export function createFrozenTemplates() {
  const cache = new Map<number, ReleaseTemplate>();

  function remember(id: number, template: ReleaseTemplate): void {
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as number);
    cache.set(id, template);
  }

  return {
    remember,
    /** The rows as runs, with their templates (from the cache, else read once through `r`). */
    async runs(r: Pick<RepositorySet, 'releases'>, rows: readonly ReleaseRunState[]): Promise<Run[]> {
      const missing = rows.filter((row) => !cache.has(row.id)).map((row) => row.id);
      for (const t of await r.releases.templates(missing))
        remember(t.id, t.template as unknown as ReleaseTemplate);
      return rows.flatMap((row) => {
        const template = cache.get(row.id);
        return template ? [toRun(row, template)] : [];
      });
    },
  };
}

export type FrozenTemplates = ReturnType<typeof createFrozenTemplates>;
