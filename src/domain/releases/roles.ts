/**
 * Filling a template's roles when a run starts. Syntax, anywhere among the arguments of
 * `/release start <template> <name> [at <time>]`:
 *
 *     客服=@ann  财务=@bob,@cat  support = <@U0ANN>
 *
 * `role=users`: the role by its name, an alias or either title (case-insensitive; `=` or the
 * full-width `＝`, spaces around it allowed), users as platform mentions (`<@U0ANN>`,
 * `<@U0ANN|ann>`), `@name` or a bare id, several separated by `,` or `，` (any of them may act).
 * Pure: the command passes its text and gets the assignments and the text left over.
 */
import type { Params } from '../../core/i18n/index.ts';
import type { ReleasesKey } from './catalog.ts';
import type { ReleaseTemplate, RoleSpec } from './template.ts';

/** Role name (as the template's owners write it) → the user ids filling it. */
export type RoleAssignments = ReadonlyMap<string, readonly string[]>;

export type RoleParse =
  | { readonly ok: true; readonly assignments: RoleAssignments; readonly rest: string }
  | { readonly ok: false; readonly key: ReleasesKey; readonly params: Params };

const USER_ID = /^[\w.\-:]{1,64}$/;

/** The role a written name stands for: its name, an alias or a title, case-insensitively. */
export function findRole(template: ReleaseTemplate, written: string): RoleSpec | null {
  const want = written.trim().toLowerCase();
  const names = (r: RoleSpec) => [r.name, ...r.aliases, r.title['zh-CN'], r.title.en];
  return template.roles.find((r) => names(r).some((n) => n.toLowerCase() === want)) ?? null;
}

/** `<@U1>`, `<@U1|ann>`, `@ann`, `＠ann` or `U1` → `U1`; null when it is not a user. */
export function userFromMention(text: string): string | null {
  const mention = /^<@([^>|]+)(\|[^>]*)?>$/.exec(text);
  const id = mention ? (mention[1] ?? '') : text.replace(/^[@＠]/, '');
  return USER_ID.test(id) ? id : null;
}

function fail(key: ReleasesKey, params: Params): RoleParse {
  return { ok: false, key, params };
}

/**
 * Reads every `role=@user` in `text`; the first bad one is the error. `rest` is the other words,
 * single-spaced (the release name, `at <time>`).
 */
export function parseRoleAssignments(text: string, template: ReleaseTemplate): RoleParse {
  const assignments = new Map<string, string[]>();
  const rest: string[] = [];
  const tokens = text
    .replace(/\s*[=＝]\s*/g, '=')
    .replace(/\s*[,，]\s*/g, ',')
    .trim()
    .split(/\s+/);
  for (const token of tokens.filter(Boolean)) {
    const eq = token.indexOf('=');
    if (eq < 0) {
      rest.push(token);
      continue;
    }
    const written = token.slice(0, eq);
    const role = findRole(template, written);
    if (!role) {
      const names = template.roles.map((r) => r.name);
      const roles = names.length ? names : '—';
      return fail('releases.role_unknown', { template: template.name, role: written, roles });
    }
    if (assignments.has(role.name)) return fail('releases.role_twice', { role: role.name });
    const users: string[] = [];
    for (const part of token
      .slice(eq + 1)
      .split(',')
      .filter(Boolean)) {
      const user = userFromMention(part);
      if (!user) return fail('releases.role_bad_user', { value: part });
      if (!users.includes(user)) users.push(user);
    }
    if (!users.length) return fail('releases.role_empty', { role: role.name });
    assignments.set(role.name, users);
  }
  return { ok: true, assignments, rest: rest.join(' ') };
}

/**
 * The template's roles that own a step or decide a gate and were not assigned. A role that only
 * approves gates may stay empty (its gates fall back to the configured approvers); the command
 * decides whether missing owners refuse the start or fall to the starter.
 */
export function missingRoles(template: ReleaseTemplate, assignments: RoleAssignments): RoleSpec[] {
  const used = new Set<string>();
  for (const owner of [
    ...(template.approvers ?? []),
    ...template.steps.flatMap((s) => [...(s.owner ? [s.owner] : []), ...(s.gate?.approvers ?? [])]),
  ]) {
    if (owner.kind === 'role') used.add(owner.role);
  }
  return template.roles.filter((r) => used.has(r.name) && !assignments.has(r.name));
}
