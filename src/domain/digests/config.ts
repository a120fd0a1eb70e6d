/**
 * The digests module's config: the `digests:` section (PRODUCT.md: a cron expression per kind in
 * each team's zone, who gets it, whether it has charts) and `tickets.csatAfter` (seed 000 客户投诉处理
 * 24小时后回访: how long after a resolve the reporter is asked for a rating; `false`: never). Composed
 * into the app's config by src/config.ts; problems are worded in this module's catalog.
 */
import './catalog.ts';
import { z } from 'zod';
import { configMessage as msg } from '../../core/config-fields.ts';
import { cronProblem } from '../../core/cron-expression.ts';
import { parseDuration } from '../../core/duration.ts';
import { DIGEST_KINDS, type DigestKind } from './period.ts';

const cronText = z
  .string({ error: msg('config.digests_bad_cron', { value: '' }) })
  .refine((v) => cronProblem(v) === null, {
    error: (iss) => msg('config.digests_bad_cron', { value: String(iss.input) }),
  });

/** `{ cron: "0 9 * * 1" }`, or `false` (also `{ cron: false }`) to turn one kind off. */
const kindSchema = (cron: string) =>
  z
    .union([
      z.literal(false),
      z.object({ cron: z.union([z.literal(false), cronText]).default(cron) }).strict(),
    ])
    .default({ cron })
    .transform((v) => (v === false || v.cron === false ? false : v.cron));

/** Seed 001 §运营监控与分析 (日报), seed 003 §11.3 (周报 每周一, 月报 每月1日), all at 09:00 local. */
export const DEFAULT_DIGEST_CRONS: Record<DigestKind, string> = {
  daily: '0 9 * * *',
  weekly: '0 9 * * 1',
  monthly: '0 9 1 * *',
};

/** Who a scheduled digest goes to (`digests.to`). */
export const DIGEST_RECIPIENTS = ['channel', 'managers'] as const;
export type DigestRecipient = (typeof DIGEST_RECIPIENTS)[number];

/** `digests:` — every key optional. */
export const digestsConfigSchema = z
  .object({
    daily: kindSchema(DEFAULT_DIGEST_CRONS.daily),
    weekly: kindSchema(DEFAULT_DIGEST_CRONS.weekly),
    monthly: kindSchema(DEFAULT_DIGEST_CRONS.monthly),
    /** The team channel, and a direct message to each of the team's managers. */
    to: z
      .array(z.enum(DIGEST_RECIPIENTS, { error: msg('config.digests_bad_recipient') }))
      .default([...DIGEST_RECIPIENTS]),
    charts: z.boolean({ error: msg('config.digests_bad_charts') }).default(true),
  })
  .strict();

/** The resolved section: per kind its cron expression, or false when that kind is off. */
export type DigestsConfig = z.output<typeof digestsConfigSchema>;

/** Seed 000 客户投诉处理 "24小时后回访", seed 001 满意度回访 "问题解决后24小时内". */
export const DEFAULT_CSAT_AFTER_MS = 24 * 3_600_000;

/** `tickets.csatAfter`: a duration (`24h`, seconds as a number) or `false`; resolved to ms or false. */
export const csatAfterSchema = z
  .union([z.literal(false), z.string(), z.number()])
  .default(DEFAULT_CSAT_AFTER_MS / 1000)
  .transform((v, ctx) => {
    if (v === false) return false as const;
    const ms = typeof v === 'number' ? v * 1000 : parseDuration(v);
    if (ms === null || !(ms > 0)) {
      ctx.addIssue({ code: 'custom', message: msg('config.csat_after', { value: String(v) }) });
      return z.NEVER;
    }
    return ms;
  });

export { DIGEST_KINDS };
