import { common } from './common.ts';
import { config } from './config.ts';
import { console as consoleStrings } from './console.ts';
import { feishu } from './feishu.ts';
import { oncall } from './oncall.ts';
import { sla } from './sla.ts';
import { slack } from './slack.ts';
import { tickets } from './tickets.ts';

/**
 * The i18n catalog: every user-facing string, each key holding its zh-CN and en text side by
 * side so neither can be forgotten (the type of each entry requires both). Placeholders are
 * `{name}` and are filled by `t`.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Entry = { readonly en: string; readonly 'zh-CN': string };

const catalog = {
  ...common,
  ...config,
  ...tickets,
  ...consoleStrings,
  ...slack,
  ...feishu,
  ...sla,
  ...oncall,
} satisfies Record<string, Entry>;

export type MessageKey = keyof typeof catalog;
export type Params = Record<string, string | number>;
/** A bound lookup for one locale: `t('tickets.created', { id: '#4' })`. */
export type Translator = ((key: MessageKey, params?: Params) => string) & { locale: Locale };

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(catalog, key);
}

function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  return fill(catalog[key][locale], params);
}

export function translator(locale: Locale): Translator {
  const t = (key: MessageKey, params?: Params) => translate(locale, key, params);
  return Object.assign(t, { locale });
}

/** Every key, for the catalog completeness test. */
export function catalogEntries(): [string, Entry][] {
  return Object.entries(catalog);
}
