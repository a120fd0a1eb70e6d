/**
 * The pieces every config section is built from (durations, zones, dates, cron expressions, user
 * lists), and the translation of zod's findings into one admin-facing line per problem. Modules
 * compose their sections from these so a typo anywhere reads the same: the key's path, what is
 * wrong in the configured language, and for an unknown key the known key it probably meant.
 *
 * zod issue messages are `key|json-params` (see `configMessage`); a problem without one of ours is
 * described from its zod code, never as zod's generic English "Invalid input".
 */
import { z } from 'zod';
import { cronProblem } from './cron-expression.ts';
import { closest } from './did-you-mean.ts';
import { parseDuration } from './duration.ts';
import { hasMessage, type MessageKey, type Params } from './i18n/index.ts';

/** One problem of a config file or the environment: where (dotted path), what (message key). */
export interface ConfigProblem {
  path: string;
  key: MessageKey;
  params: Params;
}

/** A zod issue message that names a catalog key and its parameters, translated when reported. */
export function configMessage(key: MessageKey, params: Params = {}): string {
  return `${key}|${JSON.stringify(params)}`;
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** `30s`, `15m`, `2h`, `3d`, `1w` (or a number of seconds) → milliseconds. */
export const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v * 1000 : parseDuration(v);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: configMessage('config.bad_duration', { value: String(v) }) });
    return z.NEVER;
  }
  return ms;
});

/** An IANA zone name the runtime knows. */
export const timeZone = z.string().refine(isTimeZone, {
  error: (iss) => configMessage('config.bad_timezone', { value: String(iss.input) }),
});

/** `YYYY-MM-DD` (YAML may hand over a Date for an unquoted date). */
export const isoDate = z
  .union([z.string(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)), {
    error: (iss) => configMessage('config.bad_date', { value: String(iss.input) }),
  });

/** A 5-field cron expression (minute hour day month weekday), validated by node-cron. */
export const cronExpression = z.string().transform((v, ctx) => {
  const problem = cronProblem(v);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: configMessage('config.bad_cron', { value: v, problem }) });
    return z.NEVER;
  }
  return v.trim();
});

/** User ids (YAML may read a numeric id as a number). */
export const userList = z.array(z.union([z.string(), z.number()]).transform(String)).default([]);

export const localeField = z.enum(['zh-CN', 'en']);

// ---------- reporting ----------

type AnySchema = z.core.$ZodType;

function defOf(schema: AnySchema): Record<string, unknown> & { type: string } {
  return (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
}

/** The object schemas `schema` can be at `path` (through defaults, pipes, unions, arrays, records). */
function objectsAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema[] {
  const def = defOf(schema);
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'catch':
      return objectsAt(def.innerType as AnySchema, path);
    case 'pipe':
      return objectsAt(def.in as AnySchema, path);
    case 'union':
      return (def.options as AnySchema[]).flatMap((o) => objectsAt(o, path));
    case 'object': {
      if (!path.length) return [schema];
      const next = (def.shape as Record<string, AnySchema>)[String(path[0])];
      return next ? objectsAt(next, path.slice(1)) : [];
    }
    case 'array':
      return path.length ? objectsAt(def.element as AnySchema, path.slice(1)) : [];
    case 'record':
      return path.length ? objectsAt(def.valueType as AnySchema, path.slice(1)) : [];
    default:
      return [];
  }
}

/** The keys an object of `schema` at `path` accepts. */
export function knownKeysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  const keys = objectsAt(schema, path).flatMap((o) => Object.keys(defOf(o).shape as object));
  return [...new Set(keys)];
}

function typeOfInput(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function joinPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** One zod issue → the problems it reports (an unknown-keys issue names each key). */
function problemsOf(schema: AnySchema, issue: z.core.$ZodIssue): ConfigProblem[] {
  const path = joinPath(issue.path);
  const [key, json] = issue.message.split('|', 2);
  // A message of ours: a catalog key (the core's `config.*` or a module's) and its parameters.
  if (json !== undefined && key && hasMessage(key))
    return [{ path, key: key as MessageKey, params: JSON.parse(json) as Params }];
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(schema, issue.path);
      return issue.keys.map((k): ConfigProblem => {
        const guess = closest(k, known);
        const at = joinPath([...issue.path, k]);
        return guess
          ? { path: at, key: 'config.unknown_key_guess', params: { guess } }
          : { path: at, key: 'config.unknown_key', params: { known: known.join(', ') } };
      });
    }
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, key: 'config.missing', params: {} }];
      return [
        {
          path,
          key: 'config.bad_type',
          params: { expected: issue.expected, received: typeOfInput(issue.input) },
        },
      ];
    case 'invalid_value':
      return [{ path, key: 'config.bad_choice', params: { values: issue.values.map(String).join(', ') } }];
    case 'too_small':
      return [
        { path, key: `config.too_small_${sizeOrigin(issue.origin)}`, params: { n: String(issue.minimum) } },
      ];
    case 'too_big':
      return [
        { path, key: `config.too_big_${sizeOrigin(issue.origin)}`, params: { n: String(issue.maximum) } },
      ];
    case 'invalid_format':
      return [{ path, key: 'config.bad_format', params: { value: String(issue.input ?? '') } }];
    case 'invalid_union': {
      const branches = issue.errors.filter((b) => b.length);
      const best = branches.sort((a, b) => a.length - b.length)[0];
      if (best)
        return best.flatMap((i) =>
          problemsOf(schema, { ...i, path: [...issue.path, ...i.path] } as z.core.$ZodIssue),
        );
      return [{ path, key: 'config.bad_value', params: {} }];
    }
    default:
      return [{ path, key: 'config.bad_value', params: {} }];
  }
}

function sizeOrigin(origin: string): 'items' | 'length' | 'number' {
  if (origin === 'array' || origin === 'set') return 'items';
  if (origin === 'string') return 'length';
  return 'number';
}

/** Parses `doc` with `schema`; on failure the problems, one per line of the report. */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  doc: unknown,
): { ok: true; value: z.output<S> } | { ok: false; problems: ConfigProblem[] } {
  const parsed = schema.safeParse(doc, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems = parsed.error.issues.flatMap((i) => problemsOf(schema, i));
  const seen = new Set<string>();
  return {
    ok: false,
    problems: problems.filter((p) => {
      const id = `${p.path}|${p.key}|${JSON.stringify(p.params)}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    }),
  };
}
