import type { FormWords } from '../form.ts';
import { common } from './common.ts';
import { config } from './config.ts';
import { console as consoleStrings } from './console.ts';
import { feishu } from './feishu.ts';
import { form } from './form.ts';
import { slack } from './slack.ts';

/**
 * The i18n catalog: every user-facing string, each key holding its zh-CN and en text side by side
 * so neither can be forgotten (an entry's type requires both). Placeholders are `{name}`, filled
 * by `t`. The core holds its own strings (common replies, config errors, forms, platforms); each
 * module brings its catalog and registers it (`registerCatalog`), and declares its keys by merging
 * into `Messages`, so `t('tickets.created')` is checked by the compiler wherever it is written:
 *
 *     declare module '../../core/i18n/index.ts' {
 *       interface Messages extends Record<keyof typeof catalog, true> {}
 *     }
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export type Entry = { readonly en: string; readonly 'zh-CN': string };
export type Catalog = Record<string, Entry>;

const core = {
  ...common,
  ...config,
  ...form,
  ...consoleStrings,
  ...slack,
  ...feishu,
} satisfies Catalog;

/** Every message key there is: the core's, merged with each module's (see above). */
export interface Messages extends Record<keyof typeof core, true> {}

export type MessageKey = keyof Messages & string;
/**
 * A parameter that is itself a catalog entry (a status, a tier word), translated into the
 * language of the message it fills: errors are raised without a language (`keyRef('status.closed')`)
 * and still read `已关闭` in Chinese and `closed` in English.
 */
export interface KeyRef {
  key: MessageKey;
  params?: Params;
}
/** A parameter's value; a list is joined the way the message's language writes one (`a, b` / `a、b`). */
export type Params = Record<string, string | number | KeyRef | readonly string[]>;

export function keyRef(key: MessageKey, params?: Params): KeyRef {
  return params ? { key, params } : { key };
}
/** A bound lookup for one locale: `t('tickets.created', { id: '#4' })`. */
export type Translator = ((key: MessageKey, params?: Params) => string) & { locale: Locale };

const catalog = new Map<string, Entry>(Object.entries(core));

/** Adds a module's strings. A key registered twice with other text is a bug and throws. */
export function registerCatalog(entries: Catalog): void {
  for (const [key, entry] of Object.entries(entries)) {
    const known = catalog.get(key);
    if (known && (known.en !== entry.en || known['zh-CN'] !== entry['zh-CN'])) {
      throw new Error(`i18n key registered twice with different text: ${key}`);
    }
    catalog.set(key, entry);
  }
}

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

export function hasMessage(key: string): key is MessageKey {
  return catalog.has(key);
}

function fill(locale: Locale, template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!Object.hasOwn(params, name)) return whole;
    const value = params[name];
    if (Array.isArray(value)) return value.join(translate(locale, 'common.list_sep'));
    if (typeof value === 'object') {
      const ref = value as KeyRef;
      return translate(locale, ref.key, ref.params);
    }
    return String(value);
  });
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const entry = catalog.get(key);
  if (!entry) throw new Error(`no i18n entry for ${key} (is its module's catalog registered?)`);
  return fill(locale, entry[locale], params);
}

export function translator(locale: Locale): Translator {
  const t = (key: MessageKey, params?: Params) => translate(locale, key, params);
  return Object.assign(t, { locale });
}

/** Every key, for the catalog completeness test. */
export function catalogEntries(): [string, Entry][] {
  return [...catalog.entries()];
}

/** The words `checkFields` reports with, in one language. */
export function formWords(t: Translator): FormWords {
  return {
    required: t('form.required'),
    notNumber: t('form.not_number'),
    notInteger: t('form.not_integer'),
    tooSmall: t('form.too_small'),
    tooLarge: t('form.too_large'),
    tooLong: t('form.too_long'),
    badOption: t('form.bad_option'),
    badDate: t('form.bad_date'),
    badUser: t('form.bad_user'),
  };
}
