/**
 * The zod schema of a release template file (PRODUCT.md "A release template file", extended).
 * Issue messages are `releases.tpl.*` keys with JSON params (`key|{"value":"T+2x"}`), turned into
 * zh-CN or en text by the loader, so every problem names its key path and says what to write.
 */
import { z } from 'zod';
import type { Params } from '../../core/i18n/index.ts';
import { isValidTimeZone } from '../../core/zoned-time.ts';
import type { ReleasesKey } from './catalog.ts';
import {
  type DueSpec,
  isRoleName,
  type Localized,
  type Owner,
  parseDue,
  parseLocalized,
  parseOwner,
  parseTemplateDuration,
} from './template-fields.ts';

/** An issue message carrying an i18n key and its params. */
export function issueMessage(key: ReleasesKey, params: Params = {}): string {
  return `${key}|${JSON.stringify(params)}`;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A required value read by `parse`; null from it is reported as `key` with the value shown. */
function custom<T>(parse: (v: unknown) => T | null, key: ReleasesKey) {
  return z.unknown().transform((v, ctx): T => {
    if (v === undefined) {
      ctx.addIssue({ code: 'custom', message: issueMessage('releases.tpl.required') });
      return z.NEVER;
    }
    const out = parse(v);
    if (out === null) {
      ctx.addIssue({ code: 'custom', message: issueMessage(key, { value: shown(v) }) });
      return z.NEVER;
    }
    return out;
  });
}

const NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const STEP_ID = /^(?!\d+$)[A-Za-z0-9][\w-]{0,39}$/;

const text = custom<Localized>(parseLocalized, 'releases.tpl.bad_text');
const owner = custom<Owner>(parseOwner, 'releases.tpl.bad_owner');
const duration = custom<number>((v) => parseTemplateDuration(v), 'releases.tpl.bad_duration');
const due = custom<DueSpec>(parseDue, 'releases.tpl.bad_due');
const stepRef = custom<string>(
  (v) => (typeof v === 'string' && STEP_ID.test(v) ? v : null),
  'releases.tpl.bad_id',
);
const oneOf = <T extends string>(values: readonly T[], key: ReleasesKey) =>
  custom<T>((v) => (values.includes(v as T) ? (v as T) : null), key);

/** A repeat every few seconds would flood a channel; a monitor window that short is a typo. */
function atLeastMinute(ms: number, ctx: z.RefinementCtx) {
  if (ms < 60_000) {
    ctx.addIssue({
      code: 'custom',
      message: issueMessage('releases.tpl.duration_too_short', { value: `${ms / 1000}s`, min: '1m' }),
    });
  }
}

const approvers = z.array(owner).nullable();

/** `after: build` or `after: [a, b]`. */
const after = custom<string | string[]>((v) => {
  if (typeof v === 'string') return STEP_ID.test(v) ? v : null;
  const ok = Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && STEP_ID.test(x));
  return ok ? (v as string[]) : null;
}, 'releases.tpl.bad_after');

const stepSchema = z.strictObject({
  id: stepRef,
  title: text,
  kind: oneOf(['task', 'gate', 'monitor', 'repeat'] as const, 'releases.tpl.bad_kind').optional(),
  owner: owner.optional(),
  due: due.optional(),
  after: after.optional(),
  in: custom<number>((v) => parseTemplateDuration(v, true), 'releases.tpl.bad_duration').optional(),
  notes: text.optional(),
  watch: text.optional(),
  approvers: approvers.optional(),
  quorum: custom<number>(
    (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : null),
    'releases.tpl.bad_quorum',
  ).optional(),
  go: text.optional(),
  nogo: text.optional(),
  onNogo: oneOf(['stop', 'rollback', 'continue'] as const, 'releases.tpl.bad_on_nogo').optional(),
  window: duration.superRefine(atLeastMinute).optional(),
  every: duration.superRefine(atLeastMinute).optional(),
  until: stepRef.optional(),
  when: z
    .strictObject({ gate: stepRef, is: oneOf(['go', 'nogo'] as const, 'releases.tpl.bad_decision') })
    .optional(),
});

const sectionSchema = z.strictObject({
  title: text,
  owner: owner.optional(),
  due: due.optional(),
  steps: z.array(stepSchema).min(1),
});

const roleName = z.string().refine(isRoleName, {
  error: (iss) => issueMessage('releases.tpl.bad_role', { value: shown(iss.input) }),
});

const roleSchema = z.strictObject({
  title: text.optional(),
  aliases: z.array(z.union([z.string(), z.number()]).transform(String).pipe(roleName)).optional(),
});

/** The whole file. Unknown keys are errors: a misspelt `qourum` must not be silently ignored. */
export const templateFileSchema = z.strictObject({
  name: custom<string>((v) => (typeof v === 'string' && NAME.test(v) ? v : null), 'releases.tpl.bad_name'),
  title: text,
  description: text.optional(),
  timezone: custom<string>(
    (v) => (typeof v === 'string' && isValidTimeZone(v) ? v : null),
    'releases.tpl.bad_timezone',
  ).optional(),
  approvers: approvers.optional(),
  replaces: z.boolean().optional(),
  rollback: custom<string>((v) => (typeof v === 'string' && NAME.test(v) ? v : null), 'releases.tpl.bad_name')
    .nullable()
    .optional(),
  countdown: z.strictObject({ title: text, within: duration }).optional(),
  roles: z.record(z.string(), roleSchema).optional(),
  sections: z.array(sectionSchema).min(1),
});

export type TemplateFile = z.output<typeof templateFileSchema>;
export type StepFile = TemplateFile['sections'][number]['steps'][number];

const EXPECTED: Record<string, ReleasesKey> = {
  string: 'releases.tpl.expected_string',
  array: 'releases.tpl.expected_array',
  object: 'releases.tpl.expected_object',
  number: 'releases.tpl.expected_number',
  boolean: 'releases.tpl.expected_boolean',
};

/** Per-parse error map: zod's own issues (wrong type, missing, unknown key) as catalog keys. */
export function zodIssueMessage(iss: z.core.$ZodRawIssue): string {
  if (iss.code === 'invalid_type') {
    if (iss.input === undefined) return issueMessage('releases.tpl.required');
    return issueMessage(EXPECTED[iss.expected] ?? 'releases.tpl.expected_other');
  }
  if (iss.code === 'too_small') return issueMessage('releases.tpl.empty_list');
  if (iss.code === 'unrecognized_keys') return issueMessage('releases.tpl.unknown_key');
  if (iss.code === 'invalid_union')
    return issueMessage('releases.tpl.bad_value', { value: shown(iss.input) });
  return issueMessage('releases.tpl.bad_value', { value: shown(iss.input) });
}

/** A problem found in one file: where (dotted key path) and what (catalog key + params). */
export interface FileProblem {
  path: string;
  key: ReleasesKey;
  params: Params;
}

/** zod issues → problems; an unknown key is reported at its own path (`…steps.2.qourum`). */
export function problemsFrom(issues: readonly z.core.$ZodIssue[]): FileProblem[] {
  const out: FileProblem[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String);
    const [key, json] = issue.message.split('|', 2);
    const known = json !== undefined && key?.startsWith('releases.');
    const problem = known
      ? { key: key as ReleasesKey, params: JSON.parse(json) as Params }
      : { key: 'releases.tpl.bad_value' as const, params: { value: issue.message } };
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) out.push({ path: [...base, k].join('.'), ...problem });
    } else {
      out.push({ path: base.join('.'), ...problem });
    }
  }
  return out;
}
