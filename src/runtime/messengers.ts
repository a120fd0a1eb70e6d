/**
 * Finding the Messenger of a platform for work no inbound event triggered (the outbox delivering
 * timers' messages, digests, prompts). Platforms register theirs on the App as they start; the
 * runtime only sees this lookup.
 */
import type { Messenger } from '../core/messenger.ts';

export interface MessengerDirectory {
  get(platform: string): Messenger | undefined;
  list(): Messenger[];
}

/** A directory over a live map (App.messengers), so platforms started later are seen. */
export function messengerDirectory(map: ReadonlyMap<string, Messenger>): MessengerDirectory {
  return { get: (p) => map.get(p), list: () => [...map.values()] };
}
