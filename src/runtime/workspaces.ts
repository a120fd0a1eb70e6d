/**
 * Workspaces and their language: a stored override (`:lang`, an admin's setting) wins, then the
 * config file (`workspaces.<id>.locale`), then the default. An event resolves its workspace from
 * the database (one indexed lookup, so every replica sees changes); cards and notices drawn later
 * ask by id and get the answer kept from then for a short while: a change made here is seen here at
 * once, one made by another replica within `ttlMs` (30 s).
 */
import type { Repositories } from '../../db/repositories/index.ts';
import { isLocale, type Locale } from '../core/i18n/index.ts';

export interface ResolvedWorkspace {
  id: number;
  platform: string;
  externalId: string;
  locale: Locale;
}

export interface WorkspaceServiceDeps {
  repos: Repositories;
  defaultLocale: Locale;
  /** Per-workspace locale from the config file (`workspaces.<id>.locale`). */
  configuredLocale(externalId: string): Locale | undefined;
  now?: () => number;
  ttlMs?: number;
}

export function createWorkspaceService(deps: WorkspaceServiceDeps) {
  const now = deps.now ?? Date.now;
  const ttl = deps.ttlMs ?? 30_000;
  const byId = new Map<number, { ws: ResolvedWorkspace; until: number }>();

  function resolved(row: { id: number; platform: string; externalId: string; locale: string | null }) {
    const stored = row.locale && isLocale(row.locale) ? row.locale : undefined;
    const ws: ResolvedWorkspace = {
      id: row.id,
      platform: row.platform,
      externalId: row.externalId,
      locale: stored ?? deps.configuredLocale(row.externalId) ?? deps.defaultLocale,
    };
    byId.set(ws.id, { ws, until: now() + ttl });
    return ws;
  }

  return {
    /** The workspace of an event (created on its first event). */
    async resolve(platform: string, externalId: string): Promise<ResolvedWorkspace> {
      return resolved(await deps.repos.workspaces.ensure(platform, externalId));
    },

    /** A known workspace by id (a ticket's, a timer's), or undefined when there is none. */
    async get(id: number): Promise<ResolvedWorkspace | undefined> {
      const hit = byId.get(id);
      if (hit && hit.until > now()) return hit.ws;
      const row = await deps.repos.workspaces.get(id);
      return row ? resolved(row) : undefined;
    },

    /**
     * The workspace of a platform when it has exactly one (a team channel's: sopbot is usually
     * installed in one Slack workspace, one Feishu tenant), else undefined.
     */
    async only(platform: string): Promise<ResolvedWorkspace | undefined> {
      const rows = await deps.repos.workspaces.onPlatform(platform, 2);
      return rows.length === 1 && rows[0] ? resolved(rows[0]) : undefined;
    },

    async setLocale(ws: ResolvedWorkspace, locale: Locale): Promise<ResolvedWorkspace> {
      await deps.repos.workspaces.setLocale(ws.id, locale);
      return resolved({ ...ws, locale });
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
