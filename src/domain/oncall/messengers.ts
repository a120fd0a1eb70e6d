/**
 * Finding a Messenger for work no inbound event triggered (timers, handoffs, alerts). Platforms
 * register theirs on the App as they start; the domain only sees this lookup.
 */
import type { OutgoingMessage } from '../../core/message.ts';
import type { Messenger } from '../../core/messenger.ts';

export interface MessengerDirectory {
  get(platform: string): Messenger | undefined;
  list(): Messenger[];
}

/** A directory over a live map (App.messengers), so platforms started later are seen. */
export function messengerDirectory(map: ReadonlyMap<string, Messenger>): MessengerDirectory {
  return { get: (p) => map.get(p), list: () => [...map.values()] };
}

export interface TeamChannel {
  channel?: string;
  platform?: string;
}

/**
 * Posts to a team's channel: on its configured platform, or on every running platform when it
 * has none (a channel id only exists on one of them). Throws only when every attempt failed, so
 * the timer that called it retries later instead of dropping the message.
 */
export async function postToTeam(
  messengers: MessengerDirectory,
  team: TeamChannel | undefined,
  message: OutgoingMessage,
): Promise<boolean> {
  if (!team?.channel) return false;
  const targets = team.platform
    ? [messengers.get(team.platform)].filter((m): m is Messenger => Boolean(m))
    : messengers.list();
  let lastError: unknown = null;
  let delivered = false;
  for (const m of targets) {
    try {
      await m.post({ channelId: team.channel }, message);
      delivered = true;
    } catch (err) {
      lastError = err;
    }
  }
  if (!delivered && lastError) throw lastError;
  return delivered;
}
