/**
 * Who owns a step and who may decide a gate, from the run's frozen template, its role assignments
 * and the config. Owners: a user as written; a role → the users assigned to it at start (a run
 * started by hand falls back to its starter, a scheduled one to its schedule's `roles:`, else to
 * nobody: the ping goes to the thread unaddressed); an on-call tier → whoever is on call when the
 * step comes due. Gate approvers: the gate's, else the template's, else `releases.approvers`, else
 * `admins`, else the starter (each level used only when it resolves to somebody).
 */
import type { Run } from './model.ts';
import type { Owner, TemplateStep } from './template.ts';

/** Resolves an on-call owner: the users on call for a team's tier (null tier: its first) now. */
export type OnCallLookup = (team: string, tier: string | null, at: Date) => Promise<string[]>;

/** The config's part in who may act: `releases.approvers` and `admins`. */
export interface AccessConfig {
  /** `releases.approvers` (null: not configured). */
  approvers: readonly string[] | null;
  admins: readonly string[];
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

/** The users an owner stands for in this run (roles from the run's assignments). */
export async function resolveOwner(
  run: Run,
  owner: Owner,
  at: Date,
  oncall: OnCallLookup,
): Promise<string[]> {
  if (owner.kind === 'user') return [owner.id];
  if (owner.kind === 'role') return [...(run.roles[owner.role] ?? [])];
  return oncall(owner.team, owner.tier, at);
}

/** The users owning a step now; a role nobody was assigned falls back to the run's starter. */
export async function stepOwners(run: Run, spec: TemplateStep, at: Date, oncall: OnCallLookup) {
  if (!spec.owner) return [];
  const users = await resolveOwner(run, spec.owner, at, oncall);
  if (!users.length && spec.owner.kind === 'role' && run.starterId) return [run.starterId];
  return unique(users);
}

/** Who may decide a gate (see the file comment for the order). */
export async function gateApproversOf(
  run: Run,
  spec: TemplateStep,
  at: Date,
  oncall: OnCallLookup,
  config: AccessConfig,
): Promise<string[]> {
  for (const list of [spec.gate?.approvers ?? null, run.template.approvers]) {
    if (!list) continue;
    const users: string[] = [];
    for (const owner of list) users.push(...(await resolveOwner(run, owner, at, oncall)));
    if (users.length) return unique(users);
  }
  if (config.approvers?.length) return unique(config.approvers);
  if (config.admins.length) return unique(config.admins);
  return run.starterId ? [run.starterId] : [];
}

/** Who may act on the run as a whole (cancel it, start its rollback). */
export function runDeciders(run: Run, config: AccessConfig): Set<string> {
  return new Set([...(run.starterId ? [run.starterId] : []), ...config.admins, ...(config.approvers ?? [])]);
}

/**
 * Whether `user` may mark a step done, skipped or blocked: its owners, the run's starter, the
 * approvers and admins; a step nobody owns, anyone.
 */
export function mayActOnStep(run: Run, owners: readonly string[], user: string, config: AccessConfig) {
  if (!owners.length) return true;
  return owners.includes(user) || runDeciders(run, config).has(user);
}

/** The votes a gate needs: its quorum, at most the number of approvers there are. */
export function quorumOf(spec: TemplateStep, approvers: readonly string[]): number {
  const quorum = spec.gate?.quorum ?? 1;
  return approvers.length ? Math.min(quorum, approvers.length) : quorum;
}

/** The owners a step's card shows before it comes due: users and roles (on-call tiers: none yet). */
export function plannedOwners(run: Run, spec: TemplateStep): string[] {
  const owner = spec.owner;
  if (!owner || owner.kind === 'oncall') return [];
  if (owner.kind === 'user') return [owner.id];
  const users = run.roles[owner.role] ?? [];
  return users.length ? [...users] : run.starterId ? [run.starterId] : [];
}
