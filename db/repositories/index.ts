import type { Db } from '../client.ts';
import { createCsatRepository } from './csat.repository.ts';
import { createDeliveriesRepository } from './deliveries.repository.ts';
import { createDigestsRepository } from './digests.repository.ts';
import { createInboxRepository } from './inbox.repository.ts';
import { createOncallRepository } from './oncall.repository.ts';
import { createSlaRepository } from './sla.repository.ts';
import { createTicketsRepository } from './tickets.repository.ts';
import { createTimersRepository } from './timers.repository.ts';
import { createWorkspacesRepository } from './workspaces.repository.ts';

export type { CsatAnswer, CsatRepository, CsatRow } from './csat.repository.ts';
export type { DeliveriesRepository, DeliveryRow } from './deliveries.repository.ts';
export type { DigestsRepository } from './digests.repository.ts';
export type {
  BacklogRow,
  BreachRow,
  ComplianceRow,
  DigestPeriod,
  DigestScope,
  DigestTarget,
  DurationRow,
  FlowRow,
  OpenTicketRow,
  OverrunBucket,
  SlaRow,
} from './digests.types.ts';
export type { InboxRepository } from './inbox.repository.ts';
export type { NewOncallOverrideRow, OncallOverrideRow } from './oncall.repository.ts';
export type { NewSlaClockRow, SlaClockPatch, SlaClockRow } from './sla.repository.ts';
export type {
  NewTicketRow,
  TicketEventRow,
  TicketListFilter,
  TicketPatch,
  TicketRow,
} from './tickets.repository.ts';
export type { NewTimerRow, TimerRow } from './timers.repository.ts';
export type { WorkspaceRow } from './workspaces.repository.ts';

function build(db: Db) {
  return {
    csat: createCsatRepository({ db }),
    deliveries: createDeliveriesRepository({ db }),
    digests: createDigestsRepository({ db }),
    inbox: createInboxRepository({ db }),
    oncall: createOncallRepository({ db }),
    sla: createSlaRepository({ db }),
    tickets: createTicketsRepository({ db }),
    timers: createTimersRepository({ db }),
    workspaces: createWorkspacesRepository({ db }),
  };
}

export type RepositorySet = ReturnType<typeof build>;

/** Every repository over one handle, plus `transaction` giving the same set bound to a transaction. */
export interface Repositories extends RepositorySet {
  transaction<T>(fn: (repos: RepositorySet) => Promise<T>): Promise<T>;
}

export function createRepositories(db: Db): Repositories {
  return {
    ...build(db),
    transaction: (fn) => db.transaction((tx) => fn(build(tx as unknown as Db))),
  };
}
