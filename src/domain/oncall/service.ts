/**
 * Who is on call: rotations from the config, overrides from the database (newest wins), the
 * `/oncall` view, `/oncall override`, and the handoff announcements driven by durable timers.
 */
// The module's strings are registered wherever its code is loaded.
import './catalog.ts';
import type { NewTimerRow, Repositories, RepositorySet, TimerRow } from '../../../db/repositories/index.ts';
import type { Clock } from '../../core/clock.ts';
import { guessParam } from '../../core/did-you-mean.ts';
import { formatDuration } from '../../core/duration.ts';
import { CodedError } from '../../core/errors.ts';
import { formatDateTime } from '../../core/format.ts';
import type { Locale, Translator } from '../../core/i18n/index.ts';
import { translateRich } from '../../core/i18n/rich.ts';
import type { OutboxWriter } from '../../runtime/outbox.ts';
import type { FireResult, TimerJob } from '../../runtime/scheduler.ts';
import type { TeamsService } from '../teams/index.ts';
import { type Rotation, shiftAt } from './rotation.ts';

export const MANAGERS = 'managers';
export const MAX_OVERRIDE_MS = 30 * 86_400_000;
export const ONCALL_TIMER_KINDS = { handoff: 'oncall.handoff', overrideEnd: 'oncall.override_end' } as const;

export interface TeamSpec {
  managers: string[];
  tiers: { name: string; rotation: Rotation }[];
}

/** Who answers for a tier at an instant, and why. */
export interface OnCall {
  users: string[];
  source: 'rotation' | 'override' | 'managers' | 'none';
  /** When this answer stops being true (shift end or override end); null if never. */
  until: Date | null;
}

export interface TierSchedule {
  tier: string;
  now: OnCall;
  next: { users: string[]; from: Date } | null;
}

export interface OncallServiceDeps {
  repos: Repositories;
  clock: Clock;
  teams: Record<string, TeamSpec>;
  /** Team channels (announcements) and languages. */
  directory: TeamsService;
  outbox: OutboxWriter;
  timeZone: string;
  /** The language of announcements when a team has none of its own. */
  locale: Locale;
}

export function createOncallService(deps: OncallServiceDeps) {
  const { repos, clock, teams } = deps;

  function team(name: string): TeamSpec {
    const spec = teams[name];
    if (!spec)
      throw new CodedError('oncall.unknown_team', {
        team: name,
        guess: guessParam(name, Object.keys(teams)),
        teams: Object.keys(teams),
      });
    return spec;
  }

  function tierOf(teamName: string, tier: string) {
    const spec = team(teamName);
    const found = spec.tiers.find((x) => x.name.toLowerCase() === tier.toLowerCase());
    if (!found) {
      const names = spec.tiers.map((x) => x.name);
      const tiers = names.length ? names : '—';
      throw new CodedError('oncall.unknown_tier', { team: teamName, tier, tiers });
    }
    return found;
  }

  /** Who is on call for `tier` of `teamName` at `at` (managers: all of them). */
  async function onCall(
    teamName: string | null,
    tier: string,
    at: Date,
    r: RepositorySet = repos,
  ): Promise<OnCall> {
    const spec = teamName ? teams[teamName] : undefined;
    if (!spec) return { users: [], source: 'none', until: null };
    if (tier === MANAGERS)
      return { users: spec.managers, source: spec.managers.length ? 'managers' : 'none', until: null };
    const entry = spec.tiers.find((x) => x.name === tier);
    const override = teamName ? await r.oncall.covering(teamName, tier, at) : undefined;
    if (override) return { users: [override.userId], source: 'override', until: override.endsAt };
    if (!entry?.rotation.members.length) return { users: [], source: 'none', until: null };
    const shift = shiftAt(entry.rotation, at);
    return {
      users: [shift.member],
      source: 'rotation',
      until: entry.rotation.members.length > 1 ? shift.endsAt : null,
    };
  }

  /** Now and next for every tier of a team (`/oncall`). */
  async function schedule(teamName: string): Promise<{ tiers: TierSchedule[]; managers: string[] }> {
    const spec = team(teamName);
    const now = clock.now();
    const tiers: TierSchedule[] = [];
    for (const { name } of spec.tiers) {
      const current = await onCall(teamName, name, now);
      const upcoming = await repos.oncall.activeOrUpcoming(teamName, name, now);
      const starts = upcoming.map((o) => o.startsAt).filter((d) => d > now);
      const change = [current.until, ...starts]
        .filter((d): d is Date => d !== null)
        .sort((a, b) => +a - +b)[0];
      const next = change ? await onCall(teamName, name, change) : null;
      tiers.push({
        tier: name,
        now: current,
        next: next && change ? { users: next.users, from: change } : null,
      });
    }
    return { tiers, managers: spec.managers };
  }

  /** `/oncall override`: `userId` covers the tier from now for `durationMs`, announced in the team channel. */
  async function override(input: {
    team: string;
    tier: string;
    userId: string;
    durationMs: number;
    actorId: string;
  }) {
    const tier = tierOf(input.team, input.tier).name;
    if (input.durationMs > MAX_OVERRIDE_MS) {
      throw new CodedError('oncall.duration_too_long', { max: formatDuration(MAX_OVERRIDE_MS) });
    }
    const now = clock.now();
    const endsAt = new Date(now.getTime() + input.durationMs);
    const say = (t: Translator) =>
      translateRich(t, 'oncall.override_set', {
        user: { mention: input.userId },
        tier,
        team: input.team,
        time: formatDateTime(endsAt, deps.timeZone),
        admin: { mention: input.actorId },
      });
    const announcement = await deps.directory.announceIn(input.team, (t) => ({ text: say(t) }));
    // The override, its end timer and its announcement commit together: a chat failure delays
    // the announcement (outbox), it never drops it.
    const row = await repos.transaction(async (r) => {
      const created = await r.oncall.insertOverride({
        team: input.team,
        tier,
        userId: input.userId,
        startsAt: now,
        endsAt,
        createdBy: input.actorId,
        createdAt: now,
      });
      await r.timers.insert(
        [
          {
            kind: ONCALL_TIMER_KINDS.overrideEnd,
            dueAt: endsAt,
            dedupeKey: `${ONCALL_TIMER_KINDS.overrideEnd}:${created.id}`,
            payload: { overrideId: created.id },
          },
        ],
        now,
      );
      await deps.outbox.sayIn(r, announcement);
      return created;
    });
    return { ...row, tier };
  }

  /** Keyed timers for each rotation's next handoff; existing ones are kept (they may be overdue). */
  async function ensureHandoffTimers(): Promise<void> {
    const now = clock.now();
    for (const [teamName, spec] of Object.entries(teams)) {
      for (const { name, rotation } of spec.tiers) {
        if (rotation.members.length < 2) continue;
        const shift = shiftAt(rotation, now);
        const key = handoffKey(teamName, name);
        const payload = { team: teamName, tier: name };
        await repos.timers.insert(
          [{ kind: ONCALL_TIMER_KINDS.handoff, dueAt: shift.endsAt, dedupeKey: key, payload }],
          now,
        );
      }
    }
  }

  /** A handoff timer fired: announce who took over (if anyone changed) and plan the next one. */
  async function fireHandoff(timer: TimerRow, r: RepositorySet, now: Date): Promise<NewTimerRow[]> {
    const teamName = String(timer.payload.team);
    const tier = String(timer.payload.tier);
    const entry = teams[teamName]?.tiers.find((x) => x.name === tier);
    if (!entry || entry.rotation.members.length < 2) return [];
    const before = await onCall(teamName, tier, new Date(timer.dueAt.getTime() - 1), r);
    const after = await onCall(teamName, tier, now, r);
    const shift = shiftAt(entry.rotation, now);
    const key = handoffKey(teamName, tier);
    const next: NewTimerRow[] = [
      { kind: ONCALL_TIMER_KINDS.handoff, dueAt: shift.endsAt, dedupeKey: key, payload: timer.payload },
    ];
    if (before.users.join() === after.users.join()) return next;
    const items = await deps.directory.announceIn(teamName, (t) => ({
      text: translateRich(t, 'oncall.handoff', {
        tier,
        team: teamName,
        from: { mention: before.users[0] ?? '' },
        to: { mention: after.users[0] ?? '' },
        time: formatDateTime(after.until ?? shift.endsAt, deps.timeZone),
      }),
    }));
    await deps.outbox.sayIn(r, items);
    return next;
  }

  /** An override ended: say who is back on call. */
  async function fireOverrideEnd(timer: TimerRow, r: RepositorySet, now: Date): Promise<NewTimerRow[]> {
    const row = await r.oncall.byId(Number(timer.payload.overrideId));
    if (!row) return [];
    const back = await onCall(row.team, row.tier, now, r);
    if (!back.users[0] || back.users[0] === row.userId) return [];
    const user = back.users[0];
    const items = await deps.directory.announceIn(row.team, (t) => ({
      text: translateRich(t, 'oncall.override_ended', {
        user: { mention: user },
        tier: row.tier,
        team: row.team,
      }),
    }));
    await deps.outbox.sayIn(r, items);
    return [];
  }

  /** The scheduler jobs of this module: handoff announcements and override ends. */
  const jobs: TimerJob[] = [
    { kinds: [ONCALL_TIMER_KINDS.handoff], fire: each(fireHandoff) },
    { kinds: [ONCALL_TIMER_KINDS.overrideEnd], fire: each(fireOverrideEnd) },
  ];

  return { teams, team, tierOf, onCall, schedule, override, ensureHandoffTimers, jobs };
}

/** A job firing its timers one by one, each producing its successors and sends. */
function each(
  step: (timer: TimerRow, r: RepositorySet, now: Date) => Promise<NewTimerRow[]>,
): TimerJob['fire'] {
  return async (timers, ctx) => {
    const out = new Map<number, FireResult>();
    for (const timer of timers)
      out.set(timer.id, { status: 'fired', next: await step(timer, ctx.repos, ctx.now) });
    return out;
  };
}

function handoffKey(team: string, tier: string): string {
  return `${ONCALL_TIMER_KINDS.handoff}:${team}:${tier}`;
}

export type OncallService = ReturnType<typeof createOncallService>;
