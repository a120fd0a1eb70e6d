/**
 * The `releases:` section of the config file (PRODUCT.md), validated with zod like every other
 * section, and resolved at start-up: the templates folder is read and every template (built-in and
 * the folder's) validated, so a bad template stops start-up naming its file and key; each schedule
 * must name a known template, a valid cron expression and roles the template has.
 *
 * ```yaml
 * releases:
 *   templates: ./release-templates     # relative to the working directory
 *   approvers: [U0LEAD]                # who decides gates when a template names nobody (default: admins)
 *   remindEvery: 15m                   # re-ping an owner whose step is due and not done (false: never)
 *   schedules:
 *     - { template: daily-checks, cron: "0 10 * * 1-5", channel: C0OPS }
 *     - { template: hourly-checks, cron: "0 * * * *", channel: C0OPS, roles: { 运维: [U0OPS] } }
 * ```
 * A schedule may also give `name` (the run is named `<name> <date>`, default the template's name;
 * `<name> <date> <time>` when the cron fires more than once a day), `platform` (when several run)
 * and `timezone` (of the cron and the run; default the template's, else the channel's team's,
 * else the top-level zone).
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { guessParam } from '../../core/did-you-mean.ts';
import { parseDuration } from '../../core/duration.ts';
import type { Locale, MessageKey, Params } from '../../core/i18n/index.ts';
import { isValidTimeZone } from '../../core/zoned-time.ts';
import { cronProblem } from '../../runtime/cron-time.ts';
import { findRole } from './roles.ts';
import {
  BUILTIN_TEMPLATES_DIR,
  type KnownTeams,
  loadTemplates,
  type ReleaseTemplate,
  TemplateError,
} from './template.ts';

/** zod issue messages as `key|json`, the form src/config.ts turns into translated problems. */
function msg(key: MessageKey, params: Params = {}): string {
  return `${key}|${JSON.stringify(params)}`;
}

const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

const users = z.array(z.union([z.string(), z.number()]).transform(String));

const remindEvery = z.union([z.string(), z.literal(false)]).transform((v, ctx) => {
  if (v === false) return null;
  const ms = parseDuration(v);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: msg('config.bad_duration', { value: v }) });
    return z.NEVER;
  }
  if (ms < 60_000) {
    ctx.addIssue({ code: 'custom', message: msg('releases.cfg.remind_too_short', { value: v }) });
    return z.NEVER;
  }
  return ms;
});

const scheduleSchema = z.strictObject({
  template: z.string().min(1),
  cron: z.string().superRefine((v, ctx) => {
    const problem = cronProblem(v);
    if (problem)
      ctx.addIssue({ code: 'custom', message: msg('releases.cfg.bad_cron', { value: v, problem }) });
  }),
  channel: z.union([z.string(), z.number()]).transform(String),
  name: z
    .string()
    .regex(/^[^\s"“”'`<>@＠]{1,36}$/u, {
      error: (iss) => msg('releases.bad_name', { name: text(iss.input) }),
    })
    .optional(),
  platform: z.enum(['slack', 'feishu', 'console']).optional(),
  timezone: z
    .string()
    .refine(isValidTimeZone, { error: (iss) => msg('config.bad_timezone', { value: text(iss.input) }) })
    .optional(),
  roles: z.record(z.string(), z.union([z.string(), z.number()]).transform(String).or(users)).optional(),
});

/** The `releases:` section as written (strict: an unknown key is an error). */
export const releasesSchema = z
  .strictObject({
    templates: z.string().min(1).nullable().default(null),
    approvers: users.nullable().default(null),
    remindEvery: remindEvery.default(15 * 60_000),
    schedules: z.array(scheduleSchema).default([]),
  })
  .prefault({});

/** The section after zod, before its templates and schedules are resolved. */
export type ReleasesFile = z.output<typeof releasesSchema>;

/** One `releases.schedules` entry, checked against its template. */
export interface ReleaseSchedule {
  /** Stable: it keys the cron slots and the runs of this schedule. */
  key: string;
  template: string;
  cron: string;
  channel: string;
  name: string;
  platform?: 'slack' | 'feishu' | 'console';
  timezone?: string;
  /** Role name (as the template writes it) → users. */
  roles: Record<string, string[]>;
}

/** `releases:` resolved: the templates loaded and checked, the schedules checked. */
export interface ReleasesConfig {
  templatesDir: string | null;
  approvers: string[] | null;
  remindEvery: number | null;
  schedules: ReleaseSchedule[];
  templates: ReadonlyMap<string, ReleaseTemplate>;
}

/** A start-up problem of the section: its config path and what is wrong (catalog key). */
export interface ReleasesProblem {
  path: string;
  key: MessageKey;
  params: Params;
}

function resolveSchedule(
  entry: ReleasesFile['schedules'][number],
  i: number,
  templates: ReadonlyMap<string, ReleaseTemplate>,
  out: ReleasesProblem[],
): ReleaseSchedule | null {
  const path = `releases.schedules.${i}`;
  const template = templates.get(entry.template);
  if (!template) {
    const names = [...templates.keys()];
    out.push({
      path: `${path}.template`,
      key: 'releases.unknown_template',
      params: {
        template: entry.template,
        guess: guessParam(entry.template, [...templates.keys()]),
        templates: names,
      },
    });
    return null;
  }
  const roles: Record<string, string[]> = {};
  for (const [written, value] of Object.entries(entry.roles ?? {})) {
    const role = findRole(template, written);
    if (!role) {
      const names = template.roles.map((r) => r.name);
      const list = names.length ? names : '—';
      out.push({
        path: `${path}.roles.${written}`,
        key: 'releases.role_unknown',
        params: { template: template.name, role: written, roles: list },
      });
      continue;
    }
    roles[role.name] = Array.isArray(value) ? value : [value];
  }
  const name = entry.name ?? template.name;
  return {
    key: `${name}@${entry.channel}`,
    template: template.name,
    cron: entry.cron,
    channel: entry.channel,
    name,
    ...(entry.platform ? { platform: entry.platform } : {}),
    ...(entry.timezone ? { timezone: entry.timezone } : {}),
    roles,
  };
}

/**
 * Loads the templates (built-in, plus the configured folder) and checks the schedules. Problems
 * come back keyed by config path (`releases.templates: <file>: <key path>` for a template), for
 * src/config.ts to report with the rest.
 */
export function resolveReleases(
  file: ReleasesFile,
  opts: { teams: KnownTeams; locale: Locale; cwd?: string },
): { config: ReleasesConfig; problems: ReleasesProblem[] } {
  const problems: ReleasesProblem[] = [];
  const templatesDir = file.templates ? resolve(opts.cwd ?? process.cwd(), file.templates) : null;
  let templates: ReadonlyMap<string, ReleaseTemplate> = new Map();
  try {
    templates = loadTemplates({
      builtinDir: BUILTIN_TEMPLATES_DIR,
      userDir: templatesDir,
      locale: opts.locale,
      teams: opts.teams,
    });
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    for (const p of err.problems) {
      problems.push({
        path: `releases.templates: ${p.file}${p.path ? `: ${p.path}` : ''}`,
        key: p.key,
        params: p.params,
      });
    }
  }
  const schedules: ReleaseSchedule[] = [];
  if (!problems.length) {
    const keys = new Set<string>();
    file.schedules.forEach((entry, i) => {
      const s = resolveSchedule(entry, i, templates, problems);
      if (!s) return;
      if (keys.has(s.key)) {
        const params = { name: s.name, channel: s.channel };
        problems.push({ path: `releases.schedules.${i}.name`, key: 'releases.cfg.schedule_twice', params });
      }
      keys.add(s.key);
      schedules.push(s);
    });
  }
  return {
    config: { templatesDir, approvers: file.approvers, remindEvery: file.remindEvery, schedules, templates },
    problems,
  };
}
