/**
 * The small value grammars of a release template file: localized texts, owners, due times and
 * durations. Each parser returns null for text it does not understand, so the schema can report
 * the file, the key and what to write instead.
 */
import { parseDuration } from '../../core/duration.ts';

/** A user-facing text in both languages (a plain string in a file fills both). */
export interface Localized {
  readonly 'zh-CN': string;
  readonly en: string;
}

/**
 * Who does a step (or may decide a gate). Three forms, so a template can be shared without
 * naming people:
 * - `{ kind: 'user' }` — a platform user id as written: `U0ANN` (Slack), `ou_…` (Feishu), a
 *   console name. In YAML: `owner: U0ANN` or `owner: { user: U0ANN }`.
 * - `{ kind: 'oncall' }` — whoever is on call for a team's tier when the step is posted:
 *   `owner: { oncall: support/L1 }` (or the string `oncall:support/L1`); `{ oncall: support }`
 *   (tier null) means the team's first tier.
 * - `{ kind: 'role' }` — a role the person starting the run fills in, e.g. `owner: { role: 客服 }`
 *   (or `role:客服`), assigned by `/release start refund R-123 客服=@ann` (see roles.ts).
 */
export type Owner =
  | { readonly kind: 'user'; readonly id: string }
  | { readonly kind: 'oncall'; readonly team: string; readonly tier: string | null }
  | { readonly kind: 'role'; readonly role: string };

/**
 * When a step is due, as written in the file (resolved against T0 by due.ts):
 * - `local`: `09:00` (days 0), `D+3 10:00`, `D-1 18:00`, or `D+3` alone (T0's own wall time,
 *   three local days later): a wall-clock time in the template's zone.
 * - `offset`: `T0`, `T-2h`, `T+30m`: real elapsed time from T0.
 * - `after`: `after: build` / `after: [a, b]` with an optional `in: 30m`: that long after the
 *   last of those steps is done (or skipped).
 */
export type DueSpec =
  | {
      readonly kind: 'local';
      readonly days: number;
      readonly time: { readonly hour: number; readonly minute: number } | null;
      readonly text: string;
    }
  | { readonly kind: 'offset'; readonly ms: number; readonly text: string }
  | { readonly kind: 'after'; readonly steps: readonly string[]; readonly ms: number; readonly text: string };

const LOCALES = ['zh-CN', 'en'] as const;

/** `text` or `{ zh-CN: …, en: … }` (either key alone fills the other). */
export function parseLocalized(value: unknown): Localized | null {
  if (typeof value === 'string' || typeof value === 'number') {
    const text = String(value).trim();
    return text ? { 'zh-CN': text, en: text } : null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const map = value as Record<string, unknown>;
  if (Object.keys(map).some((k) => !(LOCALES as readonly string[]).includes(k))) return null;
  const zh = typeof map['zh-CN'] === 'string' ? map['zh-CN'].trim() : '';
  const en = typeof map.en === 'string' ? map.en.trim() : '';
  if ((map['zh-CN'] !== undefined && !zh) || (map.en !== undefined && !en) || (!zh && !en)) return null;
  return { 'zh-CN': zh || en, en: en || zh };
}

/** Whether both languages were written out (built-in templates must; user ones may give one). */
export function isBilingual(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const map = value as Record<string, unknown>;
  return typeof map['zh-CN'] === 'string' && typeof map.en === 'string';
}

const USER_ID = /^[A-Za-z0-9][\w.-]{0,63}$/;
const ROLE_NAME = /^[^\s=＝@＠<>,，:：]{1,32}$/u;
const TEAM = /^[\w-]{1,64}$/;

/** Whether a role name can be written as `name=@user` in a command. */
export function isRoleName(name: string): boolean {
  return ROLE_NAME.test(name);
}

function oncallOwner(text: string): Owner | null {
  const [team = '', tier, extra] = text.trim().split('/');
  if (extra !== undefined || !TEAM.test(team) || (tier !== undefined && !TEAM.test(tier))) return null;
  return { kind: 'oncall', team, tier: tier ?? null };
}

function ownerFromString(text: string): Owner | null {
  const prefixed = /^(role|oncall|user)\s*[:：]\s*(.+)$/.exec(text.trim());
  if (prefixed) return ownerFromMap({ [prefixed[1] as string]: prefixed[2] });
  return USER_ID.test(text) ? { kind: 'user', id: text } : null;
}

function ownerFromMap(map: Record<string, unknown>): Owner | null {
  const keys = Object.keys(map);
  const value = map[keys[0] ?? ''];
  if (keys.length !== 1 || (typeof value !== 'string' && typeof value !== 'number')) return null;
  const text = String(value).trim();
  if (keys[0] === 'user') return USER_ID.test(text) ? { kind: 'user', id: text } : null;
  if (keys[0] === 'role') return isRoleName(text) ? { kind: 'role', role: text } : null;
  if (keys[0] === 'oncall') return oncallOwner(text);
  return null;
}

/** An owner in any of the forms documented on `Owner`. */
export function parseOwner(value: unknown): Owner | null {
  if (typeof value === 'string') return ownerFromString(value);
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    return ownerFromMap(value as Record<string, unknown>);
  }
  return null;
}

/** `role:客服`-style text of an owner, for messages and listings. */
export function ownerText(owner: Owner): string {
  if (owner.kind === 'user') return owner.id;
  if (owner.kind === 'role') return `role:${owner.role}`;
  return `oncall:${owner.team}${owner.tier ? `/${owner.tier}` : ''}`;
}

/** A duration as written in templates (`30m`, `1h30m`); `0m` only where `allowZero`. */
export function parseTemplateDuration(value: unknown, allowZero = false): number | null {
  if (typeof value !== 'string') return null;
  return parseDuration(value, allowZero);
}

const CLOCK = '([01]?\\d|2[0-3])[:：]([0-5]\\d)';
const LOCAL_RE = new RegExp(`^(?:D([+-]\\d{1,3})(?:\\s+${CLOCK})?|${CLOCK})$`, 'i');
const OFFSET_RE = /^T(?:0|([+-])(\S+))$/i;

/** A `due:` text (not the `after:` form, which has its own keys). */
export function parseDue(value: unknown): DueSpec | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  const offset = OFFSET_RE.exec(text);
  if (offset) {
    if (!offset[1]) return { kind: 'offset', ms: 0, text };
    const ms = parseTemplateDuration(offset[2], true);
    return ms === null ? null : { kind: 'offset', ms: offset[1] === '-' ? -ms : ms, text };
  }
  const local = LOCAL_RE.exec(text);
  if (!local) return null;
  const [, days, dayHour, dayMinute, hour, minute] = local;
  if (days !== undefined) {
    const time = dayHour === undefined ? null : { hour: Number(dayHour), minute: Number(dayMinute) };
    return { kind: 'local', days: Number(days), time, text };
  }
  return { kind: 'local', days: 0, time: { hour: Number(hour), minute: Number(minute) }, text };
}
