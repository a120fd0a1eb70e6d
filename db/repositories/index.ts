import { AsyncLocalStorage } from 'node:async_hooks';
import type { Db } from '../client.ts';
import { createBlobsRepository } from './blobs.repository.ts';
import { coalesced, coalescedWrites } from './coalesce.ts';
import { createCronRepository } from './cron.repository.ts';
import { createCsatRepository } from './csat.repository.ts';
import { createDailyRepository } from './daily.repository.ts';
import { createDeliveriesRepository } from './deliveries.repository.ts';
import { createDigestsRepository } from './digests.repository.ts';
import { createFormsRepository } from './forms.repository.ts';
import { createInboxRepository } from './inbox.repository.ts';
import { createLiveRepository } from './live.repository.ts';
import { createMembersRepository } from './members.repository.ts';
import { createOncallRepository } from './oncall.repository.ts';
import { createOutboxRepository } from './outbox.repository.ts';
import { createReleasesRepository } from './releases.repository.ts';
import { createSlaRepository } from './sla.repository.ts';
import { createThreadsRepository } from './threads.repository.ts';
import { createTicketsRepository } from './tickets.repository.ts';
import { createTimersRepository } from './timers.repository.ts';
import { createWorkspacesRepository } from './workspaces.repository.ts';

export type { BlobRow } from './blobs.repository.ts';
export type { CronRunRow } from './cron.repository.ts';
export type { CsatAnswer, CsatRepository, CsatRow } from './csat.repository.ts';
export type {
  DailyBlockerRow,
  DailyCompiledRow,
  DailyDayOffRow,
  DailyReportRow,
  DailyReviewRow,
} from './daily.repository.ts';
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
export type { FormSessionRow } from './forms.repository.ts';
export type { InboxRepository } from './inbox.repository.ts';
export type { LiveMessageRow } from './live.repository.ts';
export type { MemberProfileRow } from './members.repository.ts';
export type { NewOncallOverrideRow, OncallOverrideRow } from './oncall.repository.ts';
export type { NewOutboxRow, OutboxRow } from './outbox.repository.ts';
export type {
  NewReleaseEventRow,
  NewReleaseRunRow,
  ReleaseEventRow,
  ReleaseRunPatch,
  ReleaseRunRow,
  ReleaseRunState,
  ReleaseStepRow,
} from './releases.repository.ts';
export type { NewSlaClockRow, SlaClockPatch, SlaClockRow } from './sla.repository.ts';
export type { ThreadOwnerRow } from './threads.repository.ts';
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
    blobs: createBlobsRepository({ db }),
    cron: createCronRepository({ db }),
    csat: createCsatRepository({ db }),
    daily: createDailyRepository({ db }),
    deliveries: createDeliveriesRepository({ db }),
    digests: createDigestsRepository({ db }),
    forms: createFormsRepository({ db }),
    inbox: createInboxRepository({ db }),
    live: createLiveRepository({ db }),
    members: createMembersRepository({ db }),
    oncall: createOncallRepository({ db }),
    outbox: createOutboxRepository({ db }),
    releases: createReleasesRepository({ db }),
    sla: createSlaRepository({ db }),
    threads: createThreadsRepository({ db }),
    tickets: createTicketsRepository({ db }),
    timers: createTimersRepository({ db }),
    workspaces: createWorkspacesRepository({ db }),
  };
}

export type RepositorySet = ReturnType<typeof build>;

/**
 * The reads and writes many concurrent callers make one row at a time outside any transaction
 * (the outbox rendering and editing live messages), coalesced per turn of the event loop
 * (coalesce.ts). Only the base set gets them: inside a unit of work every call goes to its own
 * transaction, in order.
 */
function coalesceHotPaths(set: RepositorySet): RepositorySet {
  const ticket = coalesced(
    (ids: number[]) => set.tickets.byIds(ids),
    (r) => r.id,
  );
  const clock = coalesced(
    (ids: number[]) => set.sla.clocks(ids),
    (r) => r.ticketId,
  );
  const live = coalesced(
    (subjects: string[]) => set.live.getMany(subjects),
    (r) => r.subject,
  );
  const edited = coalescedWrites((edits: { subject: string; at: Date }[]) => set.live.editedMany(edits));
  const { byId } = set.tickets;
  const { clock: clockOf } = set.sla;
  set.tickets.byId = (id, opts = {}) => (opts.lock ? byId(id, opts) : ticket(id));
  set.sla.clock = (ticketId, opts = {}) => (opts.lock ? clockOf(ticketId, opts) : clock(ticketId));
  set.live.get = (subject) => live(subject);
  set.live.edited = (subject, at) => edited({ subject, at });
  return set;
}

/**
 * A unit of work: one transaction that begins lazily, the first time anything in it writes (or
 * calls `transaction`), and that everything running inside it joins — every repository call and
 * every nested `transaction` made while the unit is current use the unit's transaction (no
 * savepoint: code inside a unit never relies on catching a failed statement). `onBegin` runs as
 * the transaction's first statements (the event pipeline records the delivery there, so a
 * duplicate blocks and then stops before doing anything). See `Repositories.unit`.
 */
export interface UnitOptions {
  onBegin?: (repos: RepositorySet) => Promise<void>;
}

interface ActiveUnit {
  root: Db;
  tx?: RepositorySet;
  begin(): Promise<RepositorySet>;
  /** Run once the transaction has committed (never after a rollback). */
  after: (() => void)[];
  /** Run inside the transaction after the unit's work, just before the commit. */
  before: ((repos: RepositorySet) => Promise<void>)[];
  /**
   * Set once the unit has ended. Work a unit started in the background (a timer set inside it)
   * still sees it through AsyncLocalStorage; a closed unit is ignored, so that work uses the pool.
   */
  closed?: boolean;
}

const current = new AsyncLocalStorage<ActiveUnit>();

/** Every repository over one handle, plus `transaction` giving the same set bound to a transaction. */
export interface Repositories extends RepositorySet {
  /**
   * Runs `fn` in a transaction and gives it the repositories bound to it. Inside a unit of work
   * this joins the unit's transaction (beginning it if it has not begun).
   */
  transaction<T>(fn: (repos: RepositorySet) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` as one unit of work (see UnitOptions). Reads before the first write go to the pool;
   * the transaction, once begun, commits when `fn` resolves and rolls back when it throws.
   * `begun` tells afterwards whether anything was written.
   */
  unit<T>(fn: () => Promise<T>, options?: UnitOptions): Promise<{ value: T; begun: boolean }>;
  /** Whether a unit of work of this database is running here and has begun its transaction. */
  inUnit(): boolean;
  /** Whether a unit of work of this database is running here (begun or not): writes must join it. */
  unitActive(): boolean;
  /**
   * Runs `fn` once the current transaction commits (the outbox hands its rows to the delivering
   * loop then). Outside any transaction it runs on the next turn.
   */
  afterCommit(fn: () => void): void;
  /**
   * Runs `fn` in the current unit's transaction once its work is done, just before it commits
   * (the outbox writes everything a unit said in one statement then). False outside a unit.
   */
  beforeCommit(fn: (repos: RepositorySet) => Promise<void>): boolean;
  /** An opaque token of the current unit of work (to keep per-unit state), or undefined. */
  unitToken(): object | undefined;
}

export function createRepositories(db: Db): Repositories {
  const base = coalesceHotPaths(build(db));
  const mine = () => {
    const unit = current.getStore();
    return unit && unit.root === db && !unit.closed ? unit : undefined;
  };

  async function unit<T>(fn: () => Promise<T>, options: UnitOptions = {}) {
    let started: Promise<RepositorySet> | undefined;
    let finish: (err?: unknown) => void = () => {};
    let txDone: Promise<unknown> | undefined;
    const active: ActiveUnit = {
      root: db,
      after: [],
      before: [],
      begin() {
        if (!started) {
          // `finish` must exist before the transaction begins: `fn` may fail while BEGIN is on its way.
          let ok: () => void = () => {};
          let fail: (err: unknown) => void = () => {};
          const ended = new Promise<void>((resolve, reject) => {
            ok = resolve;
            fail = reject;
          });
          ended.catch(() => {});
          finish = (err) => (err === undefined ? ok() : fail(err));
          started = new Promise<RepositorySet>((resolve, reject) => {
            txDone = db
              .transaction(async (tx) => {
                const set = build(tx as unknown as Db);
                active.tx = set;
                await options.onBegin?.(set);
                resolve(set);
                await ended;
              })
              .catch((err: unknown) => {
                reject(err);
                throw err;
              });
            txDone.catch(() => {});
          });
          started.catch(() => {});
        }
        return started;
      },
    };
    let value: T;
    try {
      value = await current.run(active, fn);
      while (active.before.length) {
        const set = await active.begin();
        for (const hook of active.before.splice(0)) await current.run(active, () => hook(set));
      }
      if (started) {
        await started;
        finish();
        await txDone;
      }
    } catch (err) {
      active.closed = true;
      if (started) {
        finish(err);
        await txDone?.catch(() => {});
      }
      throw err;
    }
    active.closed = true;
    for (const after of active.after) after();
    return { value, begun: Boolean(started) };
  }

  const repos = {
    transaction<T>(fn: (r: RepositorySet) => Promise<T>): Promise<T> {
      const u = mine();
      if (u) return u.begin().then(fn);
      // A transaction of its own is a unit that begins at once (so afterCommit works in it too).
      return unit(async () => fn(await (mine() as ActiveUnit).begin())).then((r) => r.value);
    },
    unit,
    inUnit: () => Boolean(mine()?.tx),
    unitActive: () => Boolean(mine()),
    afterCommit(fn: () => void) {
      const u = mine();
      if (u) u.after.push(fn);
      else setImmediate(fn);
    },
    beforeCommit(fn: (r: RepositorySet) => Promise<void>) {
      const u = mine();
      if (!u) return false;
      u.before.push(fn);
      return true;
    },
    unitToken: () => mine(),
  };
  // Repository calls follow the running unit of work: reads and writes inside it see its changes.
  return new Proxy(base as unknown as Repositories, {
    get(target, key, receiver) {
      if (key in repos) return repos[key as keyof typeof repos];
      const u = mine();
      if (u?.tx && key in u.tx) return u.tx[key as keyof RepositorySet];
      return Reflect.get(target, key, receiver);
    },
  });
}
