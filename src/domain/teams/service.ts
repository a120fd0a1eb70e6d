/**
 * Teams: who is in a team, where it talks, who manages it, and in which zone and language each
 * member lives. Digests, daily reports, on-call and releases all read teams from here; every
 * team-channel message of every module goes out through `announce` (the outbox), so a failing chat
 * API delays such a message and never drops it.
 */
import type { MemberConfig } from '../../config.ts';
import type { Platform } from '../../core/events.ts';
import { isLocale, type Locale, type Translator, translator } from '../../core/i18n/index.ts';
import type { OutgoingMessage } from '../../core/message.ts';
import { isValidTimeZone } from '../../core/zoned-time.ts';
import type { Runtime } from '../../runtime/module.ts';
import type { OutboxItem } from '../../runtime/outbox.ts';

export interface Member {
  id: string;
  name?: string;
  /** Configured zone, else what the platform says (Slack users.info), else the team's. */
  timeZone: string;
  locale?: Locale;
}

export interface Team {
  name: string;
  channel?: string;
  /** Where `channel` lives when several platforms run (else guessed from the channel id). */
  platform?: Platform;
  managers: string[];
  /** Who files daily reports (default: everyone in the team's tiers). */
  members: MemberConfig[];
  timeZone: string;
  locale?: Locale;
}

/** How long a platform profile (zone, locale) is trusted before it is read again. */
const PROFILE_TTL_MS = 24 * 3_600_000;

/**
 * The platform a channel id belongs to, when a team does not say and several platforms run:
 * Feishu chat ids start with `oc_`, Slack channel ids are `C…`/`G…`/`D…` in capitals; anything
 * else is the console's (its channels have plain names).
 */
export function platformOfChannel(channel: string, running: Platform[]): Platform | undefined {
  const guess: Platform = /^oc_/.test(channel)
    ? 'feishu'
    : /^[CGD][A-Z0-9]{6,}$/.test(channel)
      ? 'slack'
      : 'console';
  if (running.includes(guess)) return guess;
  return running.length === 1 ? running[0] : undefined;
}

export function createTeams(runtime: Runtime) {
  const { config, repos, clock, messengers, logger } = runtime;
  const teams = new Map<string, Team>(
    Object.entries(config.teams).map(([name, t]) => [
      name,
      {
        name,
        channel: t.channel,
        platform: t.platform,
        managers: t.managers,
        members: t.members,
        timeZone: t.timezone ?? config.timezone,
        locale: t.locale,
      },
    ]),
  );
  const defaultName = config.intake[0]?.team ?? [...teams.keys()][0] ?? null;
  /** Platform profiles' languages, by platform and user, kept a minute (see localeOf). */
  const profileLocales = new Map<string, { locale: Locale | undefined; until: number }>();

  function get(name: string | null | undefined): Team | undefined {
    return name ? teams.get(name) : undefined;
  }

  /** The platforms a team's channel messages go to. */
  function platformsOf(team: Team): Platform[] {
    if (team.platform) return [team.platform];
    const running = messengers.list().map((m) => m.platform);
    const one = team.channel ? platformOfChannel(team.channel, running) : undefined;
    return one ? [one] : running;
  }

  /** Outbox items posting `message` in the team's channel (none when it has no channel). */
  function announce(
    name: string | null | undefined,
    message: OutgoingMessage,
    subject?: string,
  ): OutboxItem[] {
    const team = get(name);
    if (!team?.channel) return [];
    const channelId = team.channel;
    return platformsOf(team).map((platform) => ({
      op: 'post' as const,
      platform,
      subject: subject ?? `team:${team.name}`,
      to: { channelId },
      message,
    }));
  }

  /**
   * The language of a team's channel on a platform: the team's own, else its workspace's (when
   * the platform has one workspace), else the default.
   */
  async function channelLocale(team: Team, platform: Platform): Promise<Locale> {
    if (team.locale) return team.locale;
    return (await runtime.workspaces.only(platform))?.locale ?? config.locale;
  }

  /** Like `announce`, with the message written in the channel's language on each platform. */
  async function announceIn(
    name: string | null | undefined,
    render: (t: Translator) => OutgoingMessage,
    subject?: string,
  ): Promise<OutboxItem[]> {
    const team = get(name);
    if (!team?.channel) return [];
    const items: OutboxItem[] = [];
    for (const platform of platformsOf(team)) {
      const t = translator(await channelLocale(team, platform));
      items.push(...announce(name, render(t), subject).filter((i) => i.platform === platform));
    }
    return items;
  }

  /** A member as far as schedules and language go: configured values first, then the platform's. */
  async function member(teamName: string, userId: string, platform?: Platform): Promise<Member> {
    const team = get(teamName);
    const configured = team?.members.find((m) => m.id === userId);
    const profile = platform ? await repos.members.get(platform, userId) : undefined;
    const zone =
      configured?.timezone ??
      (profile?.timeZone && isValidTimeZone(profile.timeZone) ? profile.timeZone : undefined);
    const locale =
      configured?.locale ?? (profile?.locale && isLocale(profile.locale) ? profile.locale : undefined);
    return {
      id: userId,
      name: configured?.name ?? profile?.name ?? undefined,
      timeZone: zone ?? team?.timeZone ?? config.timezone,
      locale: locale ?? team?.locale,
    };
  }

  /**
   * Reads members' zones and languages from the platform (Slack users.info) where the config does
   * not give them, and caches them; a failure keeps what was known.
   */
  async function refreshProfiles(platform: Platform): Promise<number> {
    const messenger = messengers.get(platform);
    if (!messenger?.profile) return 0;
    const now = clock.now();
    let read = 0;
    for (const team of teams.values()) {
      for (const m of team.members) {
        if (m.timezone && m.locale) continue;
        const known = await repos.members.get(platform, m.id);
        if (known && now.getTime() - known.fetchedAt.getTime() < PROFILE_TTL_MS) continue;
        try {
          const p = await messenger.profile(m.id);
          if (!p) continue;
          profileLocales.delete(`${platform}\u0000${m.id}`);
          await repos.members.upsert({
            platform,
            userId: m.id,
            name: p.name ?? null,
            timeZone: p.timeZone ?? null,
            locale: p.locale ? toLocale(p.locale) : null,
            fetchedAt: now,
          });
          read++;
        } catch (err) {
          logger.warn({ err, user: m.id }, 'could not read a member profile');
        }
      }
    }
    return read;
  }

  return {
    /** Every team, by name. */
    all: () => [...teams.values()],
    names: () => [...teams.keys()],
    get,
    /** The team whose channel this is, or the team of the intake channel. */
    ofChannel(channelId: string): Team | undefined {
      const intake = config.intake.find((i) => i.channel === channelId)?.team;
      return get(intake) ?? [...teams.values()].find((t) => t.channel === channelId);
    },
    /** A ticket's team, or the default team for tickets without one. */
    teamFor: (name: string | null | undefined) => get(name) ?? get(defaultName),
    defaultName: () => defaultName,
    /** The team a user belongs to (first match: member, tier member, manager). */
    ofUser(userId: string): Team | undefined {
      return [...teams.values()].find(
        (t) => t.members.some((m) => m.id === userId) || t.managers.includes(userId),
      );
    },
    announce,
    announceIn,
    channelLocale,
    platformsOf,
    member,
    refreshProfiles,
    /**
     * The caller's language when their profile or the config says it (else the workspace's).
     * Asked for every event: the platform profile's answer is kept a minute.
     */
    async localeOf(platform: Platform, userId: string): Promise<Locale | undefined> {
      for (const team of teams.values()) {
        const m = team.members.find((x) => x.id === userId);
        if (m?.locale) return m.locale;
      }
      const key = `${platform}\u0000${userId}`;
      const hit = profileLocales.get(key);
      if (hit && hit.until > Date.now()) return hit.locale;
      const profile = await repos.members.get(platform, userId);
      const locale = profile?.locale && isLocale(profile.locale) ? profile.locale : undefined;
      if (profileLocales.size > 10_000) profileLocales.clear();
      profileLocales.set(key, { locale, until: Date.now() + 60_000 });
      return locale;
    },
  };
}

/** A platform locale tag (`en-US`, `zh-CN`, `zh_CN`) as one of sopbot's languages. */
export function toLocale(tag: string): Locale | null {
  const t = tag.replace('_', '-').toLowerCase();
  if (t.startsWith('zh')) return 'zh-CN';
  if (t.startsWith('en')) return 'en';
  return null;
}

export type TeamsService = ReturnType<typeof createTeams>;
