/**
 * The one place that reads process.env and the YAML config file. Everything is validated with
 * zod; a bad value stops start-up with a message naming the key and the problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parseDuration } from './core/duration.ts';
import {
  hasMessage,
  isLocale,
  type Locale,
  type MessageKey,
  type Params,
  translator,
} from './core/i18n/index.ts';
import { type ReleasesConfig, releasesSchema, resolveReleases } from './domain/releases/index.ts';
import { catalog as slaCatalog } from './domain/sla/index.ts';
import { DEFAULT_RULES } from './domain/tickets/index.ts';

// Config problems of a module's section are worded in its catalog: loaded with its door.
void slaCatalog;

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** zod issue messages are `key|json-params`, translated when the error is reported. */
function msg(key: MessageKey, params: Params = {}): string {
  return `${key}|${JSON.stringify(params)}`;
}

const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v * 1000 : parseDuration(v);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: msg('config.bad_duration', { value: String(v) }) });
    return z.NEVER;
  }
  return ms;
});

const timeZone = z
  .string()
  .refine(isTimeZone, { error: (iss) => msg('config.bad_timezone', { value: String(iss.input) }) });

const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), {
    error: (iss) => msg('config.bad_date', { value: String(iss.input) }),
  });

const hm = '(?:[01]\\d|2[0-3]):[0-5]\\d|24:00';
const hoursRe = new RegExp(`^(${hm})\\s*-\\s*(${hm})$`);
const hours = z.string().transform((v, ctx) => {
  const m = hoursRe.exec(v.trim());
  if (!m || (m[1] ?? '') >= (m[2] ?? '')) {
    ctx.addIssue({ code: 'custom', message: msg('config.bad_hours') });
    return z.NEVER;
  }
  return { start: m[1] as string, end: m[2] as string };
});

const userList = z.array(z.union([z.string(), z.number()]).transform(String)).default([]);

const calendarSchema = z.object({
  days: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  hours: hours.default({ start: '09:00', end: '18:00' }),
  holidays: z.array(isoDate).default([]),
  timezone: timeZone.optional(),
});

const policySchema = z.object({
  firstResponse: duration,
  resolve: duration,
  restore: duration.optional(),
  escalateAfter: duration,
  calendar: z.string().default('24x7'),
});

const handoff = z.string().regex(/^(sun|mon|tue|wed|thu|fri|sat)\s+([01]\d|2[0-3]):[0-5]\d$/i, {
  message: msg('config.bad_handoff'),
});

const rotationSchema = z.object({
  members: userList.pipe(z.array(z.string()).min(1)),
  every: duration.default(7 * 86_400_000),
  handoff: handoff.default('mon 09:00'),
  timezone: timeZone.optional(),
  start: isoDate.optional(),
});

/** A team member: an id, or an id with the zone, language and name to use for them. */
const memberSchema = z.union([
  z.union([z.string(), z.number()]).transform((id) => ({ id: String(id) })),
  z
    .object({
      id: z.union([z.string(), z.number()]).transform(String),
      timezone: timeZone.optional(),
      locale: z.enum(['zh-CN', 'en']).optional(),
      name: z.string().optional(),
    })
    .strict(),
]);

const teamSchema = z
  .object({
    channel: z.string().optional(),
    /** Which platform `channel` lives on, when several run (handoffs and stall alerts go there). */
    platform: z.enum(['slack', 'feishu', 'console'], { error: msg('config.sla_bad_platform') }).optional(),
    managers: userList,
    /** Who files daily reports; default: everyone in the team's tiers. */
    members: z.array(memberSchema).optional(),
    /** The team's zone (schedules, report days); default the top-level one. */
    timezone: timeZone.optional(),
    /** The team channel's language; default the top-level one. */
    locale: z.enum(['zh-CN', 'en']).optional(),
    tiers: z.array(z.object({ name: z.string().min(1), rotation: rotationSchema })).default([]),
  })
  .strict();

/** `sla:` — how the SLA engine warns, re-pings and counts down (PRODUCT.md §2). */
const slaSchema = z
  .object({
    /** Fractions of each target at which a warning goes to the ticket's thread. */
    warnAt: z
      .array(
        z
          .number({ error: msg('config.sla_bad_fraction') })
          .gt(0, { error: msg('config.sla_bad_fraction') })
          .lt(1, { error: msg('config.sla_bad_fraction') }),
      )
      .max(5, { error: msg('config.sla_bad_fraction') })
      .default([0.5, 0.8]),
    /** An unanswered page is repeated after this long (on the priority's calendar). */
    repingAfter: duration.default(10 * 60_000),
    /** How many times a page to one tier is repeated before waiting for the next escalation. */
    maxRepings: z
      .number({ error: msg('config.sla_bad_count') })
      .int({ error: msg('config.sla_bad_count') })
      .min(0, { error: msg('config.sla_bad_count') })
      .max(20, { error: msg('config.sla_bad_count') })
      .default(3),
    /** Urgency of P0 pages: app (in-app 加急), sms or phone (Feishu urgent_sms / urgent_phone). */
    urgentP0: z.enum(['app', 'sms', 'phone'], { error: msg('config.sla_bad_urgency') }).default('app'),
    /** The least time between two countdown edits of one ticket card. */
    countdownEvery: duration.default(60_000),
    /** Due timers older than this, unfired, mean the scheduler is stalled (alert + gauge). */
    stallAfter: duration.default(60_000),
    /** How often each replica's auditor checks for a stalled scheduler. */
    auditEvery: duration.default(30_000),
  })
  .strict();

export type SlaSettings = z.output<typeof slaSchema>;

const keywordList = z.array(z.string().min(1));

const priorityNames = ['P0', 'P1', 'P2', 'P3'] as const;

export const fileSchema = z
  .object({
    timezone: timeZone.default('Asia/Shanghai'),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    admins: userList,
    intake: z
      .array(z.object({ channel: z.string().min(1), team: z.string().optional() }))
      .default([{ channel: 'support', team: 'support' }]),
    priorities: z
      .object({ P0: policySchema, P1: policySchema, P2: policySchema, P3: policySchema })
      .partial()
      .default({}),
    calendars: z.record(z.string(), calendarSchema).default({}),
    teams: z.record(z.string(), teamSchema).default({}),
    tickets: z
      .object({
        reaction: z.string().min(1).default('ticket'),
        defaultPriority: z.enum(priorityNames).default(DEFAULT_RULES.defaultPriority),
        priorityKeywords: z.partialRecord(z.enum(priorityNames), keywordList).optional(),
        categoryKeywords: z
          .partialRecord(z.enum(['technical', 'billing', 'feature', 'account']), keywordList)
          .optional(),
      })
      .default({ reaction: 'ticket', defaultPriority: DEFAULT_RULES.defaultPriority }),
    workspaces: z.record(z.string(), z.object({ locale: z.enum(['zh-CN', 'en']).optional() })).default({}),
    sla: slaSchema.prefault({}),
    /** `releases:` — templates, gate approvers, reminders, scheduled runs (src/domain/releases/config.ts). */
    releases: releasesSchema,
    deliveries: z
      .object({
        /**
         * Journal each Slack delivery in Postgres before acknowledging it, so a crash or restart
         * loses nothing acknowledged (costs each ack a database round trip; see README).
         */
        durable: z.boolean().default(true),
        /** An acknowledged delivery whose process stopped renewing it for this long is replayed. */
        redeliverAfter: duration.default(60_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type FileConfig = z.output<typeof fileSchema>;

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
export type PolicyConfig = z.output<typeof policySchema>;
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
  releases: ReleasesConfig;
  deliveries: FileConfig['deliveries'];
  env: EnvConfig;
}

export interface ConfigProblem {
  path: string;
  key: MessageKey;
  params: Params;
}

/** Thrown for a bad config or environment; `describe` gives the admin-facing text. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: ConfigProblem[],
  ) {
    super(`invalid configuration in ${file}`);
    this.name = 'ConfigError';
  }

  describe(locale: Locale): string {
    const t = translator(locale);
    const lines = this.problems.map((p) => `  - ${p.path ? `${p.path}: ` : ''}${t(p.key, p.params)}`);
    return [t('config.invalid', { file: this.file }), ...lines].join('\n');
  }
}

function problemFrom(issue: z.core.$ZodIssue): ConfigProblem {
  const path = issue.path.map(String).join('.');
  const [key, json] = issue.message.split('|', 2);
  if (json !== undefined && key && hasMessage(key)) {
    return { path, key: key as MessageKey, params: JSON.parse(json) as Params };
  }
  return { path, key: 'config.other', params: { detail: issue.message } };
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
  const parsed = fileSchema.safeParse(doc ?? {});
  if (!parsed.success) throw new ConfigError(label, parsed.error.issues.map(problemFrom));
  const file = parsed.data;
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
    priorities: { ...DEFAULT_PRIORITIES, ...file.priorities } as Record<PriorityName, PolicyConfig>,
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
    deliveries: file.deliveries,
  };
  const knownTeams = Object.fromEntries(
    Object.entries(teams).map(([n, t]) => [n, t.tiers.map((x) => x.name)]),
  );
  const releases = resolveReleases(file.releases, { teams: knownTeams, locale: file.locale });
  const problems = [...crossCheck(file, resolved), ...releases.problems];
  if (problems.length) throw new ConfigError(label, problems);
  return { ...resolved, releases: releases.config, source, env };
}

type Env = Record<string, string | undefined>;

function envProblem(name: string, problem: string): ConfigProblem {
  return { path: '', key: 'config.bad_env', params: { name, problem } };
}

/** Reads the environment variables of PRODUCT.md §Runtime contract. */
export function readEnv(env: Env = process.env): EnvConfig {
  const problems: ConfigProblem[] = [];
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    problems.push(envProblem('PORT', 'not a port number'));
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push(envProblem('DATABASE_URL', 'must start with postgres:// or postgresql://'));
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
  if (mode !== 'http' && mode !== 'ws') problems.push(envProblem('FEISHU_MODE', 'must be http or ws'));
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
