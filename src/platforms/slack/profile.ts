/**
 * A member's time zone, language and name as Slack knows them (`users.info` with
 * `include_locale`, scope `users:read`): daily-report prompts and digests go out in each member's
 * own zone and language when the config does not pin one. Profiles change rarely and a team asks
 * for the same members every day, so answers are cached in memory for an hour; a member Slack
 * does not know (or hides) is cached as an empty profile, while a failing call is not cached.
 */
import type { SlackApi } from './messenger.ts';
import { rec, str } from './normalize.ts';
import type { SendQueues } from './queue.ts';

export interface MemberProfile {
  /** IANA zone (`Asia/Shanghai`); absent when Slack gives none or an unknown one. */
  timeZone?: string;
  /** Slack's locale tag (`zh-CN`, `en-US`, `ja-JP`): the caller maps it to a sopbot locale. */
  locale?: string;
  /** Display name, else real name, else the handle. */
  name?: string;
}

/** Errors that mean "no such member for this bot": answered with an empty profile. */
const UNKNOWN_USER = new Set(['user_not_found', 'user_not_visible', 'account_inactive']);

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A `users.info` answer as a profile (pure). */
export function profileOf(response: Record<string, unknown>): MemberProfile {
  const user = rec(response.user);
  const profile = rec(user.profile);
  const out: MemberProfile = {};
  const zone = str(user.tz);
  if (zone && isTimeZone(zone)) out.timeZone = zone;
  const locale = str(user.locale);
  if (locale) out.locale = locale;
  const name = str(profile.display_name) ?? str(profile.real_name) ?? str(user.real_name) ?? str(user.name);
  if (name) out.name = name;
  return out;
}

function platformError(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: unknown } };
  return e?.code === 'slack_webapi_platform_error' ? String(e.data?.error) : undefined;
}

/** One `users.info` call (through the send queue when given): the member's profile, uncached. */
export async function fetchProfile(
  api: SlackApi,
  userId: string,
  queues?: SendQueues,
): Promise<MemberProfile> {
  const call = () => api.apiCall('users.info', { user: userId, include_locale: true });
  try {
    return profileOf(await (queues ? queues.run(`users:${userId}`, false, call) : call()));
  } catch (err) {
    if (UNKNOWN_USER.has(platformError(err) ?? '')) return {};
    throw err;
  }
}

export interface ProfileCacheOptions {
  /** How long an answer is reused (default 1 h). */
  ttlMs?: number;
  /** Milliseconds since the epoch (tests pin it). */
  now?: () => number;
  /** Retries and rate limits for the calls. */
  queues?: SendQueues;
}

/** Member profiles with a time-to-live; concurrent asks for one member share one call. */
export class ProfileCache {
  private readonly entries = new Map<string, { at: number; profile: MemberProfile }>();
  private readonly inFlight = new Map<string, Promise<MemberProfile>>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly api: SlackApi,
    private readonly options: ProfileCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 3_600_000;
    this.now = options.now ?? Date.now;
  }

  /** The member's profile, from the cache while fresh. */
  async get(userId: string): Promise<MemberProfile> {
    const cached = this.entries.get(userId);
    if (cached && this.now() - cached.at < this.ttlMs) return cached.profile;
    const pending = this.inFlight.get(userId);
    if (pending) return pending;
    const call = fetchProfile(this.api, userId, this.options.queues)
      .then((profile) => {
        this.entries.set(userId, { at: this.now(), profile });
        return profile;
      })
      .finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, call);
    return call;
  }

  /** Forgets a member (a `user_change` event) or everyone. */
  forget(userId?: string): void {
    if (userId) this.entries.delete(userId);
    else this.entries.clear();
  }
}
