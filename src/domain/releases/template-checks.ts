/**
 * Checks across the keys of one template that a schema cannot express: unique step ids, `after:`
 * / `until:` / `when:` naming real steps, no circle of `after:` waits, keys that only make sense
 * for one kind of step, quorum within the approvers named, role names and aliases, and (when the
 * teams are known) on-call owners naming real teams and tiers.
 */
import { isRoleName, type Owner } from './template-fields.ts';
import type { FileProblem, StepFile, TemplateFile } from './template-schema.ts';

/** Teams and their tier names from the config, to check `{ oncall: team/tier }` owners. */
export type KnownTeams = Readonly<Record<string, readonly string[]>>;

interface Located {
  step: StepFile;
  path: string;
}

const KIND_ONLY: Record<string, readonly (keyof StepFile)[]> = {
  gate: ['approvers', 'quorum', 'go', 'nogo', 'onNogo'],
  monitor: ['window'],
  repeat: ['every', 'until'],
};
const KIND_NEEDS: Record<string, readonly (keyof StepFile)[]> = { monitor: ['window'], repeat: ['every'] };

function locate(file: TemplateFile): Located[] {
  return file.sections.flatMap((section, s) =>
    section.steps.map((step, i) => ({ step, path: `sections.${s}.steps.${i}` })),
  );
}

function afterList(step: StepFile): string[] {
  if (step.after === undefined) return [];
  return typeof step.after === 'string' ? [step.after] : step.after;
}

function checkKindKeys({ step, path }: Located, out: FileProblem[]) {
  const kind = step.kind ?? 'task';
  for (const [owner, keys] of Object.entries(KIND_ONLY)) {
    if (owner === kind) continue;
    for (const key of keys) {
      if (step[key] !== undefined) {
        out.push({ path: `${path}.${key}`, key: 'releases.tpl.only_for_kind', params: { kind: owner } });
      }
    }
  }
  for (const key of KIND_NEEDS[kind] ?? []) {
    if (step[key] === undefined) {
      out.push({ path: `${path}.${key}`, key: 'releases.tpl.required_for_kind', params: { kind } });
    }
  }
  if (step.due !== undefined && step.after !== undefined) {
    out.push({ path: `${path}.after`, key: 'releases.tpl.due_and_after', params: {} });
  }
  if (step.in !== undefined && step.after === undefined) {
    out.push({ path: `${path}.in`, key: 'releases.tpl.in_without_after', params: {} });
  }
}

function checkQuorum({ step, path }: Located, fallback: TemplateFile['approvers'], out: FileProblem[]) {
  if (step.quorum === undefined) return;
  const named = step.approvers ?? fallback ?? null;
  // Roles and on-call tiers may stand for several people: only a list of users has a known size.
  if (!named || named.some((o) => o.kind !== 'user')) return;
  if (step.quorum > named.length) {
    out.push({
      path: `${path}.quorum`,
      key: 'releases.tpl.quorum_too_big',
      params: { quorum: step.quorum, count: named.length },
    });
  }
}

function checkRef(id: string, ref: string, path: string, ids: Map<string, Located>, out: FileProblem[]) {
  if (ref === id) out.push({ path, key: 'releases.tpl.self_ref', params: { value: ref } });
  else if (!ids.has(ref)) out.push({ path, key: 'releases.tpl.unknown_step', params: { value: ref } });
}

function checkRefs(located: Located[], ids: Map<string, Located>, out: FileProblem[]) {
  for (const { step, path } of located) {
    const after = afterList(step);
    after.forEach((ref, i) => {
      const where = typeof step.after === 'string' ? `${path}.after` : `${path}.after.${i}`;
      checkRef(step.id, ref, where, ids, out);
    });
    if (step.until !== undefined) checkRef(step.id, step.until, `${path}.until`, ids, out);
    if (step.when === undefined) continue;
    const gatePath = `${path}.when.gate`;
    const gate = ids.get(step.when.gate);
    checkRef(step.id, step.when.gate, gatePath, ids, out);
    if (!gate || step.when.gate === step.id) continue;
    if (gate.step.kind !== 'gate') {
      out.push({ path: gatePath, key: 'releases.tpl.not_a_gate', params: { value: step.when.gate } });
    } else if (step.when.is === 'nogo' && gate.step.onNogo !== 'continue') {
      out.push({
        path: gatePath,
        key: 'releases.tpl.nogo_needs_continue',
        params: { value: step.when.gate },
      });
    }
  }
}

/** Depth-first search for a circle of `after:` waits; each circle is reported once. */
function checkCycles(located: Located[], ids: Map<string, Located>, out: FileProblem[]) {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    trail.push(id);
    const here = ids.get(id);
    for (const next of here ? afterList(here.step) : []) {
      if (next === id || !ids.has(next)) continue;
      if (state.get(next) === 'open') {
        const cycle = [...trail.slice(trail.indexOf(next)), next].join(' → ');
        out.push({ path: `${here?.path}.after`, key: 'releases.tpl.cycle', params: { cycle } });
      } else if (!state.has(next)) {
        visit(next);
      }
    }
    trail.pop();
    state.set(id, 'done');
  };
  for (const { step } of located) if (!state.has(step.id)) visit(step.id);
}

function checkRoles(file: TemplateFile, out: FileProblem[]) {
  const names = new Map<string, string>();
  for (const role of Object.keys(file.roles ?? {})) names.set(role.toLowerCase(), role);
  for (const [role, spec] of Object.entries(file.roles ?? {})) {
    if (!isRoleName(role)) {
      out.push({ path: `roles.${role}`, key: 'releases.tpl.bad_role', params: { value: role } });
    }
    spec.aliases?.forEach((alias, i) => {
      const taken = names.get(alias.toLowerCase());
      if (taken !== undefined && taken !== role) {
        const params = { value: alias, role: taken };
        out.push({ path: `roles.${role}.aliases.${i}`, key: 'releases.tpl.alias_taken', params });
      } else {
        names.set(alias.toLowerCase(), role);
      }
    });
  }
}

/** Every owner and approver written in a file, with its key path. */
export function ownersOf(file: TemplateFile): { owner: Owner; path: string }[] {
  const out: { owner: Owner; path: string }[] = [];
  file.approvers?.forEach((owner, i) => {
    out.push({ owner, path: `approvers.${i}` });
  });
  file.sections.forEach((section, s) => {
    if (section.owner) out.push({ owner: section.owner, path: `sections.${s}.owner` });
  });
  for (const { step, path } of locate(file)) {
    if (step.owner) out.push({ owner: step.owner, path: `${path}.owner` });
    step.approvers?.forEach((owner, i) => {
      out.push({ owner, path: `${path}.approvers.${i}` });
    });
  }
  return out;
}

function checkTeams(file: TemplateFile, teams: KnownTeams, out: FileProblem[]) {
  for (const { owner, path } of ownersOf(file)) {
    if (owner.kind !== 'oncall') continue;
    const tiers = teams[owner.team];
    if (!tiers) out.push({ path, key: 'releases.tpl.unknown_team', params: { value: owner.team } });
    else if (owner.tier !== null && !tiers.includes(owner.tier)) {
      out.push({ path, key: 'releases.tpl.unknown_tier', params: { value: owner.tier, team: owner.team } });
    }
  }
}

/** Every cross-key problem of one parsed template file (empty when it is sound). */
export function crossCheck(file: TemplateFile, teams?: KnownTeams): FileProblem[] {
  const out: FileProblem[] = [];
  const located = locate(file);
  const ids = new Map<string, Located>();
  for (const entry of located) {
    const first = ids.get(entry.step.id);
    if (first) {
      const params = { value: entry.step.id, other: `${first.path}.id` };
      out.push({ path: `${entry.path}.id`, key: 'releases.tpl.duplicate_id', params });
    } else {
      ids.set(entry.step.id, entry);
    }
    checkKindKeys(entry, out);
    checkQuorum(entry, file.approvers, out);
  }
  checkRefs(located, ids, out);
  checkCycles(located, ids, out);
  checkRoles(file, out);
  if (teams) checkTeams(file, teams, out);
  return out;
}
