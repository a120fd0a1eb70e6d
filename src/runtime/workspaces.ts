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
}

/**
 * Workspaces and their language: a stored override wins, then the config file, then the default.
 * Read on every event (one indexed lookup) rather than cached, so every replica sees changes.
 */
export function createWorkspaceService(deps: WorkspaceServiceDeps) {
  return {
    async resolve(platform: string, externalId: string): Promise<ResolvedWorkspace> {
      const row = await deps.repos.workspaces.ensure(platform, externalId);
      const stored = row.locale && isLocale(row.locale) ? row.locale : undefined;
      return {
        id: row.id,
        platform,
        externalId,
        locale: stored ?? deps.configuredLocale(externalId) ?? deps.defaultLocale,
      };
    },

    async setLocale(ws: ResolvedWorkspace, locale: Locale): Promise<ResolvedWorkspace> {
      await deps.repos.workspaces.setLocale(ws.id, locale);
      return { ...ws, locale };
    },
  };
}

export type WorkspaceService = ReturnType<typeof createWorkspaceService>;
