/**
 * Thread ownership: which module and record own a platform thread (channel + root message). A
 * ticket's thread belongs to the tickets module, a release step's reply thread to releases; the
 * event pipeline routes a reply there to its owner. The first claim wins.
 */
import type { Repositories } from '../../db/repositories/index.ts';
import type { Clock } from '../core/clock.ts';

export interface ThreadOwner {
  /** The owning module's thread handler name (`ticket`, `release`). */
  owner: string;
  /** The record (`ticket:42`). */
  subject: string;
}

export interface ThreadOwners {
  /** Claims a thread (inside the caller's transaction when there is one). */
  claim(platform: string, channelId: string, threadId: string, owner: ThreadOwner): Promise<boolean>;
  owner(platform: string, channelId: string, threadId: string): Promise<ThreadOwner | null>;
}

export function createThreadOwners(deps: { repos: Repositories; clock: Clock }): ThreadOwners {
  const { repos, clock } = deps;
  return {
    // One statement: in the current unit of work, or alone (it needs no transaction of its own).
    claim(platform, channelId, threadId, owner) {
      const row = { platform, channelId, threadId, ...owner, createdAt: clock.now() };
      return repos.unitActive() ? repos.transaction((r) => r.threads.claim(row)) : repos.threads.claim(row);
    },
    async owner(platform, channelId, threadId) {
      const row = await repos.threads.owner(platform, channelId, threadId);
      return row ? { owner: row.owner, subject: row.subject } : null;
    },
  };
}
