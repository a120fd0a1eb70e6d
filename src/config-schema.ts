/**
 * The config file's shape as zod schemas: every key, its type, its default (the seeds' values) and
 * its message when refused. src/config.ts reads the file and the environment and resolves them.
 */
import { z } from 'zod';
import { configMessage, duration, isoDate, localeField, timeZone, userList } from './core/config-fields.ts';
import { dailyBlockSchema } from './domain/daily/index.ts';
import { csatAfterSchema, DEFAULT_CSAT_AFTER_MS, digestsConfigSchema } from './domain/digests/index.ts';
import { releasesSchema } from './domain/releases/index.ts';
import { DEFAULT_RULES } from './domain/tickets/index.ts';

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

const msg = configMessage;

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

export const calendarSchema = z
  .object({
    days: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    hours: hours.default({ start: '09:00', end: '18:00' }),
    holidays: z.array(isoDate).default([]),
    timezone: timeZone.optional(),
  })
  .strict();

/** A priority's targets; any key left out keeps the seed default (`priorities.P0.firstResponse` alone). */
export const policySchema = z
  .object({
    firstResponse: duration,
    resolve: duration,
    restore: duration,
    escalateAfter: duration,
    calendar: z.string(),
  })
  .partial()
  .strict();

const handoff = z.string().regex(/^(sun|mon|tue|wed|thu|fri|sat)\s+([01]\d|2[0-3]):[0-5]\d$/i, {
  message: msg('config.bad_handoff'),
});

export const rotationSchema = z
  .object({
    members: userList.pipe(z.array(z.string()).min(1)),
    every: duration.default(7 * 86_400_000),
    handoff: handoff.default('mon 09:00'),
    timezone: timeZone.optional(),
    start: isoDate.optional(),
  })
  .strict();

/** A team member: an id, or an id with the zone, language and name to use for them. */
export const memberSchema = z.union([
  z.union([z.string(), z.number()]).transform((id) => ({ id: String(id) })),
  z
    .object({
      id: z.union([z.string(), z.number()]).transform(String),
      timezone: timeZone.optional(),
      locale: localeField.optional(),
      name: z.string().optional(),
    })
    .strict(),
]);

export const teamSchema = z
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
    locale: localeField.optional(),
    tiers: z.array(z.object({ name: z.string().min(1), rotation: rotationSchema }).strict()).default([]),
    /** The team's daily-report settings, key by key over the top-level `daily:`. */
    daily: dailyBlockSchema.optional(),
  })
  .strict();

/** `sla:` — how the SLA engine warns, re-pings and counts down (PRODUCT.md §2). */
export const slaSchema = z
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

export const priorityNames = ['P0', 'P1', 'P2', 'P3'] as const;

export const fileSchema = z
  .object({
    timezone: timeZone.default('Asia/Shanghai'),
    locale: localeField.default('zh-CN'),
    admins: userList,
    intake: z
      .array(z.object({ channel: z.string().min(1), team: z.string().optional() }).strict())
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
        /** The satisfaction follow-up after a resolve (digests module); false: none. */
        csatAfter: csatAfterSchema,
      })
      .strict()
      .default({
        reaction: 'ticket',
        defaultPriority: DEFAULT_RULES.defaultPriority,
        csatAfter: DEFAULT_CSAT_AFTER_MS,
      }),
    workspaces: z.record(z.string(), z.object({ locale: localeField.optional() }).strict()).default({}),
    sla: slaSchema.prefault({}),
    digests: digestsConfigSchema.prefault({}),
    /** Daily reports (日报): defaults from seed 003 附录A; `teams.<team>.daily` overrides per team. */
    daily: dailyBlockSchema.optional(),
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
