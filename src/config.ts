/**
 * The one place that reads process.env and the YAML config file. Everything is validated with
 * zod; a bad value stops start-up with a message naming the key and the problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import {
  calendarSchema,
  type FileConfig,
  fileSchema,
  priorityNames,
  type SlaSettings,
  type teamSchema,
  type WEEKDAYS,
} from './config-schema.ts';
import { type ConfigProblem, parseConfig } from './core/config-fields.ts';
import { hasMessage, isLocale, type Locale, type MessageKey, translator } from './core/i18n/index.ts';
import { type DailySettings, catalog as dailyCatalog, resolveDaily } from './domain/daily/index.ts';
import type { DigestsConfig } from './domain/digests/index.ts';
import { type ReleasesConfig, resolveReleases } from './domain/releases/index.ts';
import { catalog as slaCatalog } from './domain/sla/index.ts';
import { DEFAULT_RULES } from './domain/tickets/index.ts';

export { type FileConfig, fileSchema, type SlaSettings } from './config-schema.ts';
export type { ConfigProblem } from './core/config-fields.ts';

// Config problems of a module's section are worded in its catalog: loaded with its door.
void slaCatalog;
void dailyCatalog;

/** Seed 000 §响应时间标准 and seed 001 §升级机制 (see PRODUCT.md §2). */
export const DEFAULT_PRIORITIES = {
  P0: { firstResponse: 15 * 60_000, resolve: 2 * 3_600_000, escalateAfter: 30 * 60_000, calendar: '24x7' },
  P1: { firstResponse: 30 * 60_000, resolve: 4 * 3_600_000, escalateAfter: 3_600_000, calendar: '24x7' },
  P2: {
    firstResponse: 2 * 3_600_000,
    resolve: 24 * 3_600_000,
    escalateAfter: 4 * 3_600_000,
    calendar: 'business',
  },
  P3: {
    firstResponse: 24 * 3_600_000,
    resolve: 72 * 3_600_000,
    escalateAfter: 24 * 3_600_000,
    calendar: 'business',
  },
} as const;

export type PriorityName = (typeof priorityNames)[number];
/** A priority's resolved targets (ms) and the calendar they run on. */
export interface PolicyConfig {
  firstResponse: number;
  resolve: number;
  restore?: number;
  escalateAfter: number;
  calendar: string;
}
export type MemberConfig = { id: string; timezone?: string; locale?: Locale; name?: string };
export type TeamConfig = Omit<z.output<typeof teamSchema>, 'members'> & { members: MemberConfig[] };

export interface BusinessCalendarConfig {
  kind: 'business';
  timeZone: string;
  days: (typeof WEEKDAYS)[number][];
  start: string;
  end: string;
  holidays: string[];
}
export type CalendarConfig = { kind: '24x7' } | BusinessCalendarConfig;

export interface SlackEnv {
  signingSecret: string;
  botToken: string;
  appToken?: string;
  apiUrl: string;
}

export interface FeishuEnv {
  appId: string;
  appSecret: string;
  encryptKey?: string;
  verificationToken?: string;
  domain: string;
  mode: 'http' | 'ws';
}

export interface EnvConfig {
  port: number;
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  slack?: SlackEnv;
  feishu?: FeishuEnv;
}

/** Everything sopbot reads at start, resolved and validated. */
export interface AppConfig {
  /** The YAML file that was read, or null for built-in defaults. */
  source: string | null;
  timezone: string;
  locale: Locale;
  admins: string[];
  intake: { channel: string; team?: string }[];
  priorities: Record<PriorityName, PolicyConfig>;
  calendars: Record<string, CalendarConfig>;
  teams: Record<string, TeamConfig>;
  tickets: FileConfig['tickets'] & { rules: typeof DEFAULT_RULES };
  workspaces: FileConfig['workspaces'];
  sla: SlaSettings;
  digests: DigestsConfig;
  /** Each team's daily-report settings: defaults ← top-level `daily:` ← `teams.<team>.daily`. */
  daily: Record<string, DailySettings>;
  releases: ReleasesConfig;
  deliveries: FileConfig['deliveries'];
  env: EnvConfig;
}

/** Thrown for a bad config or environment; `describe` gives the admin-facing text. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
    /** The language the file asks for (`locale:`), when it says one: the report is in it. */
    readonly locale?: Locale,
  ) {
    super(`invalid configuration in ${file}`);
    this.name = 'ConfigError';
  }

  describe(locale: Locale): string {
    const t = translator(locale);
    const lines = this.problems.map((p) => {
      // Type names in a parameter (`expected`, `received`) are words of the report's language.
      const params = Object.fromEntries(
        Object.entries(p.params).map(([k, v]) =>
          (k === 'expected' || k === 'received') && hasMessage(`config.type.${v}`)
            ? [k, t(`config.type.${v}` as MessageKey)]
            : [k, v],
        ),
      );
      return `  - ${p.path ? `${p.path}: ` : ''}${t(p.key, params)}`;
    });
    return [t('config.invalid', { file: this.file }), ...lines].join('\n');
  }
}

/** Each priority's targets: the seed defaults, overridden key by key by the file. */
function mergePriorities(file: FileConfig['priorities']): Record<PriorityName, PolicyConfig> {
  const out = {} as Record<PriorityName, PolicyConfig>;
  for (const p of priorityNames) {
    const given = Object.fromEntries(Object.entries(file[p] ?? {}).filter(([, v]) => v !== undefined));
    out[p] = { ...DEFAULT_PRIORITIES[p], ...given } as PolicyConfig;
  }
  return out;
}

function resolveCalendars(file: FileConfig): Record<string, CalendarConfig> {
  const calendars: Record<string, CalendarConfig> = { '24x7': { kind: '24x7' } };
  const declared = { business: calendarSchema.parse({}), ...file.calendars };
  for (const [name, full] of Object.entries(declared)) {
    calendars[name] = {
      kind: 'business',
      timeZone: full.timezone ?? file.timezone,
      days: full.days,
      start: full.hours.start,
      end: full.hours.end,
      holidays: full.holidays,
    };
  }
  return calendars;
}

function crossCheck(
  file: FileConfig,
  resolved: Omit<AppConfig, 'env' | 'source' | 'releases'>,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const p of priorityNames) {
    const cal = resolved.priorities[p].calendar;
    if (!resolved.calendars[cal]) {
      problems.push({ path: `priorities.${p}.calendar`, key: 'config.bad_calendar', params: { value: cal } });
    }
  }
  file.intake.forEach((entry, i) => {
    if (entry.team && !resolved.teams[entry.team]) {
      problems.push({ path: `intake.${i}.team`, key: 'config.bad_team', params: { value: entry.team } });
    }
  });
  return problems;
}

/** Validates a parsed YAML document (or `{}` for defaults) into the resolved config. */
export function resolveConfig(doc: unknown, source: string | null, env: EnvConfig): AppConfig {
  const label = source ?? '(defaults)';
  const parsed = parseConfig(fileSchema, doc ?? {});
  const asked = (doc as { locale?: unknown } | null)?.locale;
  const locale = typeof asked === 'string' && isLocale(asked) ? asked : undefined;
  if (!parsed.ok) throw new ConfigError(label, parsed.problems, locale);
  const file = parsed.value;
  const declared = Object.keys(file.teams).length
    ? file.teams
    : { support: { channel: 'support', managers: [], tiers: [] } as z.output<typeof teamSchema> };
  // Members default to everyone in the team's tiers (PRODUCT.md `teams.<team>.members`).
  const teams: Record<string, TeamConfig> = {};
  for (const [name, team] of Object.entries(declared)) {
    const fromTiers = [...new Set(team.tiers.flatMap((t) => t.rotation.members))].map((id) => ({ id }));
    teams[name] = { ...team, members: team.members ?? fromTiers };
  }
  const resolved = {
    timezone: file.timezone,
    locale: file.locale,
    admins: file.admins,
    intake: file.intake,
    priorities: mergePriorities(file.priorities),
    calendars: resolveCalendars(file),
    teams,
    tickets: {
      ...file.tickets,
      rules: {
        ...DEFAULT_RULES,
        defaultPriority: file.tickets.defaultPriority,
        priorityKeywords: file.tickets.priorityKeywords ?? DEFAULT_RULES.priorityKeywords,
        categoryKeywords: file.tickets.categoryKeywords ?? DEFAULT_RULES.categoryKeywords,
      },
    },
    workspaces: file.workspaces,
    sla: file.sla,
    digests: file.digests,
    daily: {} as Record<string, DailySettings>,
    deliveries: file.deliveries,
  };
  const problems = crossCheck(file, resolved);
  for (const [name, team] of Object.entries(teams)) {
    const calendars = Object.keys(resolved.calendars);
    const daily = resolveDaily(file.daily, { name, block: team.daily }, calendars);
    resolved.daily[name] = daily.settings;
    for (const p of daily.problems) {
      // A problem of the top-level block shows once, not once per team.
      if (!problems.some((q) => q.path === p.path && q.key === p.key))
        problems.push({ ...p, key: p.key as MessageKey });
    }
  }
  const knownTeams = Object.fromEntries(
    Object.entries(teams).map(([n, t]) => [n, t.tiers.map((x) => x.name)]),
  );
  const releases = resolveReleases(file.releases, { teams: knownTeams, locale: file.locale });
  problems.push(...releases.problems);
  if (problems.length) throw new ConfigError(label, problems, locale);
  return { ...resolved, releases: releases.config, source, env };
}

/** The console's own users in the demo (README §Quick start): the one typing, then two teammates. */
export const DEMO_USERS = ['ann', 'bob'] as const;

/**
 * The console with no config file shows everything working: the `support` team's three tiers are
 * the console's users (`user` as admin, manager and L1, ann L2, bob L3), so notices, escalations,
 * on-call and overrides have someone to name. Any config file (or a real platform) turns it off.
 */
export function withConsoleDemo(config: AppConfig, user: string): AppConfig {
  if (config.source !== null) return config;
  const [l2, l3] = DEMO_USERS;
  const tier = (name: string, member: string) => ({
    name,
    rotation: { members: [member], every: 7 * 86_400_000, handoff: 'mon 09:00' },
  });
  const support = config.teams.support;
  if (!support || support.tiers.length) return config;
  return {
    ...config,
    admins: [user],
    teams: {
      ...config.teams,
      support: {
        ...support,
        managers: [user],
        members: [{ id: user }, { id: l2 }, { id: l3 }],
        tiers: [tier('L1', user), tier('L2', l2), tier('L3', l3)],
      },
    },
  };
}

type Env = Record<string, string | undefined>;

function envProblem(name: string, key: MessageKey): ConfigProblem {
  return { path: name, key, params: {} };
}

/** Reads the environment variables of PRODUCT.md §Runtime contract. */
export function readEnv(env: Env = process.env): EnvConfig {
  const problems: ConfigProblem[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    problems.push(envProblem('PORT', 'config.env_port'));
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(envProblem('DATABASE_URL', 'config.env_database_url'));
  }
  const slack =
    env.SLACK_SIGNING_SECRET && env.SLACK_BOT_TOKEN
      ? {
          signingSecret: env.SLACK_SIGNING_SECRET,
          botToken: env.SLACK_BOT_TOKEN,
          appToken: env.SLACK_APP_TOKEN || undefined,
          apiUrl: env.SLACK_API_URL || 'https://slack.com/api/',
        }
      : undefined;
  const mode = env.FEISHU_MODE ?? 'http';
  if (mode !== 'http' && mode !== 'ws') problems.push(envProblem('FEISHU_MODE', 'config.env_feishu_mode'));
  const feishu =
    env.FEISHU_APP_ID && env.FEISHU_APP_SECRET
      ? {
          appId: env.FEISHU_APP_ID,
          appSecret: env.FEISHU_APP_SECRET,
          encryptKey: env.FEISHU_ENCRYPT_KEY || undefined,
          verificationToken: env.FEISHU_VERIFICATION_TOKEN || undefined,
          domain: (env.FEISHU_DOMAIN || 'https://open.feishu.cn').replace(/\/+$/, ''),
          mode: mode as 'http' | 'ws',
        }
      : undefined;
  if (problems.length) throw new ConfigError('environment', problems);
  return {
    port,
    databaseUrl,
    dataDir: env.DATA_DIR || './data',
    logLevel: env.LOG_LEVEL || 'info',
    slack,
    feishu,
  };
}

/** Loads `SOPBOT_CONFIG` (default ./sopbot.yaml when present) over the seed defaults. */
export function loadConfig(env: Env = process.env): AppConfig {
  const envConfig = readEnv(env);
  const explicit = env.SOPBOT_CONFIG?.trim();
  const path = explicit ? resolve(explicit) : existsSync('sopbot.yaml') ? resolve('sopbot.yaml') : null;
  if (!path) return resolveConfig({}, null, envConfig);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(path, [
      { path: '', key: 'config.unreadable', params: { file: path, reason: String(err) } },
    ]);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError(path, [{ path: '', key: 'config.yaml', params: { reason } }]);
  }
  return resolveConfig(doc, path, envConfig);
}

/** The language to report start-up problems in, before the config itself is known. */
export function startupLocale(env: Env = process.env): Locale {
  const lang = env.SOPBOT_LOCALE ?? env.LANG ?? '';
  if (isLocale(lang)) return lang;
  return lang.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
