/**
 * Digests as use cases: the figures of a team's last full day, week or month in one workspace,
 * the card in a reader's language with its charts, who gets a scheduled digest (the team channel,
 * each manager by direct message: `digests.to`) and `/report`'s on-demand digest. Figures are
 * computed once per run and rendered once per language; a scheduled run's messages are written to
 * the outbox together with the cron slot's completion, so each (team, kind, period) goes out once.
 */
import type { AppConfig } from '../../config.ts';
import { guessParam } from '../../core/did-you-mean.ts';
import { CodedError } from '../../core/errors.ts';
import type { Platform } from '../../core/events.ts';
import { isLocale, type Locale, translator } from '../../core/i18n/index.ts';
import type { Logger } from '../../core/logger.ts';
import type { CardImage, OutgoingMessage } from '../../core/message.ts';
import type { CronRunContext, CronSlot } from '../../runtime/cron.ts';
import type { Runtime, Services } from '../../runtime/module.ts';
import type { OutboxItem } from '../../runtime/outbox.ts';
import type { Team } from '../teams/index.ts';
import { chartImages, digestCharts } from './charts.ts';
import { computeFigures, type DigestFigures, type DigestKind } from './figures.ts';
import { digestMessage } from './render.ts';

/** One workspace a digest is made for, with the language its channel reads. */
interface DigestWorkspace {
  id: number;
  locale: Locale;
}

/** Renders one set of figures once per language (charts included), however many readers. */
type Renderer = (locale: Locale) => Promise<OutgoingMessage>;

/** What the digest use cases need: the machinery's config, repositories and outbox, and teams. */
export interface DigestServiceDeps {
  runtime: Pick<Runtime, 'config' | 'repos' | 'clock' | 'logger' | 'outbox' | 'workspaces'>;
  services: Pick<Services, 'teams'>;
}

function localeOf(config: AppConfig, row: { externalId: string; locale: string | null }): Locale {
  if (row.locale && isLocale(row.locale)) return row.locale;
  return config.workspaces[row.externalId]?.locale ?? config.locale;
}

const active = (f: DigestFigures) =>
  (f.counts.created.value ?? 0) +
    (f.counts.resolved.value ?? 0) +
    (f.counts.backlog.value ?? 0) +
    (f.csat.responses.value ?? 0) >
  0;

/** The digest use cases over the figures repository (see the file comment). */
export function createDigestService(deps: DigestServiceDeps) {
  const { config, repos, logger } = deps.runtime;
  const { teams } = deps.services;

  function figures(kind: DigestKind, team: Team, workspaceId: number, at: Date): Promise<DigestFigures> {
    return computeFigures(repos.digests, {
      kind,
      at,
      zone: team.timeZone,
      workspaceId,
      team: team.name,
      includeUnassigned: teams.defaultName() === team.name,
    });
  }

  async function pictures(f: DigestFigures, locale: Locale, log: Logger): Promise<CardImage[]> {
    if (!config.digests.charts) return [];
    const t = translator(locale);
    try {
      return await chartImages(digestCharts(f, t), t);
    } catch (err) {
      // A digest without its pictures still carries every figure: better than no digest.
      log.error({ err, team: f.team, kind: f.kind }, 'digest charts could not be drawn');
      return [];
    }
  }

  function renderer(f: DigestFigures, lateSince?: Date): Renderer {
    const cache = new Map<Locale, Promise<OutgoingMessage>>();
    return (locale) => {
      let hit = cache.get(locale);
      if (!hit) {
        hit = pictures(f, locale, logger).then((images) =>
          digestMessage(f, translator(locale), { images, lateSince }),
        );
        cache.set(locale, hit);
      }
      return hit;
    };
  }

  /**
   * The workspaces a team's digest on `platform` covers: the platform's one workspace (the usual
   * case); of several, those with anything to report (else the first); of none (nobody has used
   * sopbot there yet), an empty digest.
   */
  async function workspacesFor(
    platform: Platform,
    team: Team,
    kind: DigestKind,
    at: Date,
  ): Promise<{ ws: DigestWorkspace; f: DigestFigures }[]> {
    const rows = await repos.workspaces.onPlatform(platform);
    if (!rows.length)
      return [{ ws: { id: -1, locale: config.locale }, f: await figures(kind, team, -1, at) }];
    const all = await Promise.all(
      rows.map(async (row) => ({
        ws: { id: row.id, locale: localeOf(config, row) },
        f: await figures(kind, team, row.id, at),
      })),
    );
    const busy = all.filter((x) => active(x.f));
    return busy.length ? busy : all.slice(0, 1);
  }

  /** What a scheduled digest says: the team channel and each manager, per platform of the team. */
  async function scheduledItems(team: Team, kind: DigestKind, slot: CronSlot): Promise<OutboxItem[]> {
    const to = config.digests.to;
    const items: OutboxItem[] = [];
    for (const platform of teams.platformsOf(team)) {
      for (const { ws, f } of await workspacesFor(platform, team, kind, slot.at)) {
        const render = renderer(f, slot.late ? slot.at : undefined);
        const channelLocale = team.locale ?? ws.locale;
        const subject = `digest:${team.name}:${kind}:${f.period.days[0] ?? ''}`;
        if (to.includes('channel')) {
          const message = await render(channelLocale);
          const posts = teams.announce(team.name, message, subject).filter((i) => i.platform === platform);
          items.push(...posts);
        }
        if (!to.includes('managers')) continue;
        for (const userId of team.managers) {
          const locale = (await teams.localeOf(platform, userId)) ?? channelLocale;
          const message = await render(locale);
          items.push({ op: 'direct', userId, platform, subject: `${subject}:${userId}`, message });
        }
      }
    }
    return items;
  }

  /** The team a `/report` is about: named, else the caller's, else the channel's, else the only one. */
  function pickTeam(name: string | undefined, userId: string, channelId: string): Team {
    const list = () => teams.names();
    if (name) {
      const team = teams.get(name) ?? teams.all().find((x) => x.name.toLowerCase() === name.toLowerCase());
      if (!team)
        throw new CodedError('digests.unknown_team', {
          value: name,
          guess: guessParam(name, teams.names()),
          teams: list(),
        });
      return team;
    }
    const all = teams.all();
    const mine =
      teams.ofUser(userId) ?? teams.ofChannel(channelId) ?? (all.length === 1 ? all[0] : undefined);
    if (!mine) throw new CodedError('digests.team_required', { teams: list() });
    return mine;
  }

  return {
    figures,
    pickTeam,

    /** `/report`: the digest of the last full period before `at`, for one workspace, in `locale`. */
    async report(input: {
      kind: DigestKind;
      team: Team;
      workspaceId: number;
      at: Date;
      locale: Locale;
    }): Promise<OutgoingMessage> {
      const f = await figures(input.kind, input.team, input.workspaceId, input.at);
      return renderer(f)(input.locale);
    },

    scheduledItems,

    /**
     * One cron slot of a team's digest: figures for the period before the slot (not before now: a
     * late run still reports the period it was due for), the messages written with the slot's
     * completion (exactly once across replicas), marked late when the slot ran late.
     */
    async scheduled(teamName: string, kind: DigestKind, slot: CronSlot, ctx: CronRunContext): Promise<void> {
      const team = teams.get(teamName);
      if (!team) return;
      const items = await scheduledItems(team, kind, slot);
      await ctx.commit((r) => deps.runtime.outbox.sayIn(r, items));
    },
  };
}

/** The digest use cases, as the module's door offers them. */
export type DigestService = ReturnType<typeof createDigestService>;
