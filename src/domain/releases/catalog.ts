/**
 * The releases module's strings, every one in en and zh-CN: template problems reported at
 * start-up, the run's messages, and `/release`'s answers. Registered wherever the module's code
 * loads (model.ts and template.ts import this file), so `t('releases.…')` is type-checked.
 */
import { type Locale, type Params, registerCatalog, translate } from '../../core/i18n/index.ts';
import { commandStrings } from './catalog-commands.ts';
import { runStrings } from './catalog-runs.ts';
import { templateStrings } from './catalog-templates.ts';

export const catalog = { ...templateStrings, ...runStrings, ...commandStrings } as const;

/** A key of this module's catalog. */
export type ReleasesKey = keyof typeof catalog;

declare module '../../core/i18n/index.ts' {
  interface Messages extends Record<keyof typeof catalog, true> {}
}

registerCatalog(catalog);

/** One of the module's strings in a language (the same as `translate`, typed to this catalog). */
export function releasesText(locale: Locale, key: ReleasesKey, params: Params = {}): string {
  return translate(locale, key, params);
}
