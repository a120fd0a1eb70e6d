/**
 * A send's deadline: the outbox hands a row to a platform only while it holds the row's lease,
 * and a platform's send queue may hold a call for a while (pacing, retries). The deliverer runs a
 * send under the instant its lease runs out (`withSendDeadline`); the queues capture it when the
 * call is queued and check it just before each attempt, so a process that was frozen or starved
 * past its lease does not send what another replica has meanwhile taken over and sent.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const deadline = new AsyncLocalStorage<number>();

/** Thrown instead of a call whose deadline passed before it started. */
export class DeadlinePassed extends Error {
  constructor() {
    super('the send deadline passed before the call started (the lease ran out)');
    this.name = 'DeadlinePassed';
  }
}

/** Runs `fn` with sends started inside it due before `until` (epoch ms, real time). */
export function withSendDeadline<T>(until: number, fn: () => Promise<T>): Promise<T> {
  return deadline.run(until, fn);
}

/** The deadline of the send being queued now, if any (capture it when queuing). */
export function currentSendDeadline(): number | undefined {
  return deadline.getStore();
}

/** Throws `DeadlinePassed` when a captured deadline has passed. */
export function checkSendDeadline(until: number | undefined, now: number = Date.now()): void {
  if (until !== undefined && now > until) throw new DeadlinePassed();
}
