/**
 * Release templates as data: the built-in YAML files beside this module plus every file in the
 * config's `releases.templates` folder, validated at start-up. A bad file stops start-up with
 * lines like `release-templates/drill.yaml: sections.0.steps.2.due: "T+2x" is not a due time (…)`.
 *
 * File shape (PRODUCT.md "A release template file", extended; every key is checked, unknown keys
 * are errors):
 * - `name` (lower-case, `-`), `title`, optional `description`: texts are a string or
 *   `{ zh-CN: …, en: … }`. Built-in files always give both languages.
 * - `timezone` (IANA, optional: the team's zone otherwise), `approvers` (owners who decide this
 *   template's gates; absent or null = `releases.approvers` from the config, then `admins`).
 * - `replaces: true` — a user template may take a built-in's name only by saying so (it then
 *   replaces the built-in); saying so without a built-in of that name is an error too, so a typo
 *   cannot silently add a second template.
 * - `rollback` — the template `/release rollback` and a gate's `onNogo: rollback` start.
 * - `countdown: { title, within: 15m }` — a deadline from T0 the progress header counts down to
 *   (the rollback runbook's RTO).
 * - `roles: { 客服: { title: { en: Support agent }, aliases: [support] } }` — optional titles and
 *   aliases for the roles owners name; a role used but not declared is fine.
 * - `sections: [{ title, owner?, due?, steps: [...] }]`: a section's owner and due are defaults
 *   for its steps that name none (a step with `after:` keeps its own timing).
 * - a step: `id` (letters, digits, `_`, `-`; not all digits, so `/release done x 3` can mean
 *   step 3), `title`, `kind` (task | gate | monitor | repeat, default task), `owner` (see Owner),
 *   `due` (see DueSpec) or `after: <id> | [ids]` with an optional `in: 30m`, `notes`, `watch`
 *   (the thresholds to watch, for gates and monitors). Gates: `approvers`, `quorum` (≥ 1, default 1),
 *   `go` / `nogo` button labels, `onNogo: stop | rollback | continue` (default stop). Monitors:
 *   `window` (required). Repeats: `every` (required, ≥ 1m) and `until: <id>`. Any step:
 *   `when: { gate: <id>, is: go | nogo }` — it applies only after that decision and is skipped
 *   after the other one (its skip counts as completion for steps waiting on it).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatDuration } from '../../core/duration.ts';
import type { Locale, Params } from '../../core/i18n/index.ts';
import { projectPath } from '../../core/paths.ts';
import { type ReleasesKey, releasesText } from './catalog.ts';
import { crossCheck, type KnownTeams } from './template-checks.ts';
import type { DueSpec, Localized, Owner } from './template-fields.ts';
import {
  type FileProblem,
  problemsFrom,
  type TemplateFile,
  templateFileSchema,
  zodIssueMessage,
} from './template-schema.ts';

export type { KnownTeams } from './template-checks.ts';
export type { DueSpec, Localized, Owner } from './template-fields.ts';

export type StepKind = 'task' | 'gate' | 'monitor' | 'repeat';
/** What a no-go does: halt the run, start the linked rollback runbook, or carry on (branches). */
export type NogoAction = 'stop' | 'rollback' | 'continue';

/** A gate's decision rules; `approvers: null` = the template's, then the config's. */
export interface GateSpec {
  readonly approvers: readonly Owner[] | null;
  readonly quorum: number;
  readonly go: Localized | null;
  readonly nogo: Localized | null;
  readonly onNogo: NogoAction;
}

/** One step, with its section's defaults applied and its number (1-based, template order). */
export interface TemplateStep {
  readonly id: string;
  readonly number: number;
  readonly section: number;
  readonly title: Localized;
  readonly kind: StepKind;
  readonly owner: Owner | null;
  /** null: undated (a plain checklist item; an undated repeat starts at T0). */
  readonly due: DueSpec | null;
  readonly notes: Localized | null;
  readonly watch: Localized | null;
  readonly gate: GateSpec | null;
  /** monitor: how long the window stays open (ms). */
  readonly window: number | null;
  /** repeat: the interval (ms) and the step whose completion ends it (null: the run's end). */
  readonly every: number | null;
  readonly until: string | null;
  readonly when: { readonly gate: string; readonly is: 'go' | 'nogo' } | null;
}

export interface TemplateSection {
  readonly title: Localized;
  readonly steps: readonly TemplateStep[];
}

/** A role the starter fills in, with the names `/release start … name=@user` accepts. */
export interface RoleSpec {
  readonly name: string;
  readonly title: Localized;
  readonly aliases: readonly string[];
}

/** A validated template, ready for a run to copy. */
export interface ReleaseTemplate {
  readonly name: string;
  readonly title: Localized;
  readonly description: Localized | null;
  readonly timezone: string | null;
  readonly approvers: readonly Owner[] | null;
  readonly rollback: string | null;
  readonly countdown: { readonly title: Localized; readonly within: number } | null;
  readonly roles: readonly RoleSpec[];
  readonly sections: readonly TemplateSection[];
  /** Every step in order (the sections' steps, flattened). */
  readonly steps: readonly TemplateStep[];
  readonly source: { readonly file: string; readonly builtin: boolean; readonly replaces: boolean };
}

/** One problem: the file, the key path in it (may be empty) and a catalog key. */
export interface TemplateProblem extends FileProblem {
  file: string;
}

/** Start-up failure listing every problem found; `describe` renders it in either language. */
export class TemplateError extends Error {
  constructor(
    readonly problems: readonly TemplateProblem[],
    locale: Locale,
  ) {
    super(describeProblems(problems, locale));
    this.name = 'TemplateError';
  }

  describe(locale: Locale): string {
    return describeProblems(this.problems, locale);
  }
}

/** One line per problem: `file: key.path: what is wrong`. */
export function problemLine(p: TemplateProblem, locale: Locale): string {
  return `${p.file}: ${p.path ? `${p.path}: ` : ''}${releasesText(locale, p.key, p.params)}`;
}

function describeProblems(problems: readonly TemplateProblem[], locale: Locale): string {
  const lines = problems.map((p) => `  - ${problemLine(p, locale)}`);
  return [releasesText(locale, 'releases.tpl.invalid'), ...lines].join('\n');
}

/** The folder of the built-in templates shipped with the code. */
export const BUILTIN_TEMPLATES_DIR = projectPath('src', 'domain', 'releases', 'templates');

function afterSpec(step: TemplateFile['sections'][number]['steps'][number]): DueSpec | null {
  if (step.after === undefined) return null;
  const steps = typeof step.after === 'string' ? [step.after] : step.after;
  const ms = step.in ?? 0;
  const text = `after ${steps.join(', ')}${ms ? ` +${formatDuration(ms)}` : ''}`;
  return { kind: 'after', steps, ms, text };
}

function buildSteps(file: TemplateFile): TemplateSection[] {
  let number = 0;
  return file.sections.map((section, s) => ({
    title: section.title,
    steps: section.steps.map((step): TemplateStep => {
      const kind = step.kind ?? 'task';
      number += 1;
      return {
        id: step.id,
        number,
        section: s,
        title: step.title,
        kind,
        owner: step.owner ?? section.owner ?? null,
        due: afterSpec(step) ?? step.due ?? section.due ?? null,
        notes: step.notes ?? null,
        watch: step.watch ?? null,
        gate:
          kind === 'gate'
            ? {
                approvers: step.approvers ?? null,
                quorum: step.quorum ?? 1,
                go: step.go ?? null,
                nogo: step.nogo ?? null,
                onNogo: step.onNogo ?? 'stop',
              }
            : null,
        window: step.window ?? null,
        every: step.every ?? null,
        until: step.until ?? null,
        when: step.when ?? null,
      };
    }),
  }));
}

function buildRoles(file: TemplateFile, steps: readonly TemplateStep[]): RoleSpec[] {
  const roles = new Map<string, RoleSpec>();
  for (const [name, spec] of Object.entries(file.roles ?? {})) {
    roles.set(name, { name, title: spec.title ?? { 'zh-CN': name, en: name }, aliases: spec.aliases ?? [] });
  }
  const owners = [
    ...(file.approvers ?? []),
    ...steps.flatMap((s) => [...(s.owner ? [s.owner] : []), ...(s.gate?.approvers ?? [])]),
  ];
  for (const owner of owners) {
    if (owner.kind === 'role' && !roles.has(owner.role)) {
      roles.set(owner.role, {
        name: owner.role,
        title: { 'zh-CN': owner.role, en: owner.role },
        aliases: [],
      });
    }
  }
  return [...roles.values()];
}

/**
 * Validates one parsed YAML document. Pure: `file` only labels problems. Exists apart from the
 * loader so commands and tests can check a template without touching the disk.
 */
export function parseTemplate(
  doc: unknown,
  source: { file: string; builtin: boolean },
  teams?: KnownTeams,
): { template: ReleaseTemplate; problems: [] } | { template: null; problems: TemplateProblem[] } {
  const label = (p: FileProblem): TemplateProblem => ({ file: source.file, ...p });
  const parsed = templateFileSchema.safeParse(doc, { error: zodIssueMessage });
  if (!parsed.success) return { template: null, problems: problemsFrom(parsed.error.issues).map(label) };
  const file = parsed.data;
  const problems = crossCheck(file, teams);
  if (problems.length) return { template: null, problems: problems.map(label) };
  const sections = buildSteps(file);
  const steps = sections.flatMap((s) => s.steps);
  const template: ReleaseTemplate = {
    name: file.name,
    title: file.title,
    description: file.description ?? null,
    timezone: file.timezone ?? null,
    approvers: file.approvers ?? null,
    rollback: file.rollback ?? null,
    countdown: file.countdown ?? null,
    roles: buildRoles(file, steps),
    sections,
    steps,
    source: { ...source, replaces: file.replaces === true },
  };
  return { template, problems: [] };
}

function shownPath(full: string): string {
  const rel = relative(process.cwd(), full);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : full;
}

function problem(file: string, path: string, key: ReleasesKey, params: Params = {}): TemplateProblem {
  return { file, path, key, params };
}

function readTemplateFile(
  full: string,
  builtin: boolean,
  teams: KnownTeams | undefined,
  out: TemplateProblem[],
) {
  const file = shownPath(full);
  const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? '';
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (err) {
    out.push(problem(file, '', 'releases.tpl.unreadable', { reason: firstLine(err) }));
    return null;
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    out.push(problem(file, '', 'releases.tpl.yaml', { reason: firstLine(err) }));
    return null;
  }
  const result = parseTemplate(doc, { file, builtin }, teams);
  out.push(...result.problems);
  return result.template;
}

function readDir(dir: string, builtin: boolean, teams: KnownTeams | undefined, out: TemplateProblem[]) {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n));
  } catch {
    out.push(problem(shownPath(dir), '', 'releases.tpl.dir_missing', { dir: shownPath(dir) }));
    return [];
  }
  return names
    .sort()
    .map((n) => readTemplateFile(join(dir, n), builtin, teams, out))
    .filter((t): t is ReleaseTemplate => t !== null);
}

/**
 * The built-in files parse the same every time (they ship with the code): read once per process
 * and teams, since every app built (each test, each start) loads them.
 */
const builtinCache = new Map<string, { templates: ReleaseTemplate[]; problems: TemplateProblem[] }>();

function readBuiltins(dir: string, teams: KnownTeams | undefined, out: TemplateProblem[]) {
  const key = `${dir}\u0000${JSON.stringify(teams ?? null)}`;
  let hit = builtinCache.get(key);
  if (!hit) {
    const problems: TemplateProblem[] = [];
    hit = { templates: readDir(dir, true, teams, problems), problems };
    builtinCache.set(key, hit);
  }
  out.push(...hit.problems);
  return hit.templates;
}

export interface LoadTemplatesOptions {
  /** Usually BUILTIN_TEMPLATES_DIR. */
  builtinDir: string;
  /** The config's `releases.templates` folder, if any. */
  userDir?: string | null;
  /** The language of the thrown error's message (`describe` gives the other). */
  locale: Locale;
  /** The config's teams and tier names: when given, `{ oncall: team/tier }` owners are checked. */
  teams?: KnownTeams;
}

/**
 * Reads, validates and cross-checks every template; throws a TemplateError naming each bad file
 * and key. The result is keyed by name, built-ins first (a replaced built-in keeps its place).
 */
export function loadTemplates(options: LoadTemplatesOptions): ReadonlyMap<string, ReleaseTemplate> {
  const problems: TemplateProblem[] = [];
  const all = new Map<string, ReleaseTemplate>();
  const builtins = readBuiltins(options.builtinDir, options.teams, problems);
  const users = options.userDir ? readDir(options.userDir, false, options.teams, problems) : [];
  for (const t of [...builtins, ...users]) {
    const existing = all.get(t.name);
    const file = t.source.file;
    if (existing && (!existing.source.builtin || t.source.builtin)) {
      const other = existing.source.file;
      problems.push(problem(file, 'name', 'releases.tpl.duplicate_name', { value: t.name, other }));
    } else if (existing && !t.source.replaces) {
      problems.push(problem(file, 'name', 'releases.tpl.builtin_name', { value: t.name }));
    } else if (!existing && t.source.replaces) {
      problems.push(problem(file, 'replaces', 'releases.tpl.replaces_nothing', { value: t.name }));
    } else {
      all.set(t.name, t);
    }
  }
  for (const t of all.values()) {
    if (t.rollback !== null && !all.has(t.rollback)) {
      problems.push(
        problem(t.source.file, 'rollback', 'releases.tpl.unknown_template', { value: t.rollback }),
      );
    }
  }
  if (problems.length) throw new TemplateError(problems, options.locale);
  return all;
}

/** A step by its number (`3`) or id (exact, else case-insensitive), as `/release done` takes it. */
export function findStep(template: ReleaseTemplate, ref: string): TemplateStep | null {
  const text = ref.trim();
  if (/^\d+$/.test(text)) return template.steps[Number(text) - 1] ?? null;
  return (
    template.steps.find((s) => s.id === text) ??
    template.steps.find((s) => s.id.toLowerCase() === text.toLowerCase()) ??
    null
  );
}

/** Who decides a gate: its own approvers, else the template's; null = the config's. */
export function gateApprovers(template: ReleaseTemplate, step: TemplateStep): readonly Owner[] | null {
  return step.gate?.approvers ?? template.approvers ?? null;
}

/** The text in one language. */
export function localized(text: Localized, locale: Locale): string {
  return text[locale];
}
