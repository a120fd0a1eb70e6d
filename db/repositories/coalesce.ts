/**
 * Single-row reads made outside a transaction, coalesced: the calls made in one turn of the event
 * loop become one `= any(…)` query per kind (the outbox delivering 10,000 ticket cards at once
 * asks for 10,000 tickets, clocks and live messages; one statement per row costs more in client
 * work than the reads themselves). Each caller's read starts after its call, so it sees everything
 * committed before it asked, exactly as a query of its own would. Reads inside a unit of work go to
 * the unit's transaction and are never coalesced (db/repositories/index.ts).
 */

/** At most this many keys in one query; more wait for the next. */
const MAX_KEYS = 500;

interface Waiter<V> {
  resolve(row: V | undefined): void;
  reject(err: unknown): void;
}

/** `(key) => row` that batches the keys asked for together into `loadMany(keys)`. */
export function coalesced<K, V>(
  loadMany: (keys: K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): (key: K) => Promise<V | undefined> {
  let waiting = new Map<K, Waiter<V>[]>();
  let scheduled = false;

  async function load(keys: K[], waiters: Map<K, Waiter<V>[]>): Promise<void> {
    try {
      const rows = new Map<K, V>();
      for (const row of await loadMany(keys)) rows.set(keyOf(row), row);
      for (const key of keys) for (const w of waiters.get(key) ?? []) w.resolve(rows.get(key));
    } catch (err) {
      for (const key of keys) for (const w of waiters.get(key) ?? []) w.reject(err);
    }
  }

  function flush(): void {
    scheduled = false;
    const batch = waiting;
    waiting = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += MAX_KEYS) void load(keys.slice(i, i + MAX_KEYS), batch);
  }

  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      const list = waiting.get(key);
      if (list) list.push({ resolve, reject });
      else waiting.set(key, [{ resolve, reject }]);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}

/**
 * Writes made outside a transaction, coalesced the same way: the items given in one turn become
 * one `writeMany(items)` call, and every caller learns when (and whether) it committed.
 */
export function coalescedWrites<T>(writeMany: (items: T[]) => Promise<void>): (item: T) => Promise<void> {
  let waiting: { item: T; waiter: Waiter<void> }[] = [];
  let scheduled = false;

  function flush(): void {
    scheduled = false;
    const batch = waiting;
    waiting = [];
    for (let i = 0; i < batch.length; i += MAX_KEYS) {
      const chunk = batch.slice(i, i + MAX_KEYS);
      writeMany(chunk.map((c) => c.item)).then(
        () => {
          for (const c of chunk) c.waiter.resolve(undefined);
        },
        (err: unknown) => {
          for (const c of chunk) c.waiter.reject(err);
        },
      );
    }
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, waiter: { resolve, reject } });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
