/**
 * The import rules of STYLE.md and the modules issue as data, and a checker over source text. The
 * architecture test runs it on the real tree (and on planted violations, to prove it bites):
 * - layers import one way: composition → commands/handlers/schedules → domain → runtime →
 *   db/repositories → db/schema, platforms → core only, and everything may import core;
 * - the composition files (main, app, modules, startup, lock) are imported by no layer;
 * - a module reaches another module only through its door (`src/domain/<m>/index.ts`), and the
 *   modules' dependencies have no cycle;
 * - drizzle and the database drivers are imported (statically or with `import()`) only under db/,
 *   and each chat SDK only by its own platform.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

export interface SourceFile {
  path: string; // repo-relative, posix
  text: string;
}

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

interface Layer {
  name: string;
  match: (p: string) => boolean;
  /** Repo-relative prefixes (or exact files) this layer may import. */
  mayImport: string[];
  /** npm packages this layer may not import (prefix match), statically or dynamically. */
  forbiddenPackages: string[];
}

const SDKS = ['@slack/', '@larksuiteoapi/'];
const DB_LIBS = ['drizzle-orm', 'postgres', '@electric-sql/pglite'];
/** Composition files: they wire everything, so nothing but each other may import them. */
const COMPOSITION = ['src/main.ts', 'src/app.ts', 'src/modules.ts', 'src/startup.ts', 'src/lock.ts'];
const CONTRACTS = ['src/core/', 'src/config.ts'];

const LAYERS: Layer[] = [
  {
    name: 'core',
    match: (p) => p.startsWith('src/core/'),
    mayImport: ['src/core/'],
    forbiddenPackages: [...SDKS, ...DB_LIBS, 'pino'],
  },
  {
    name: 'schema',
    match: (p) => p.startsWith('db/schema/'),
    mayImport: ['db/schema/'],
    forbiddenPackages: [...SDKS, 'postgres', '@electric-sql/pglite'],
  },
  {
    name: 'repositories',
    match: (p) => p.startsWith('db/repositories/'),
    mayImport: ['db/repositories/', 'db/schema/', 'db/client.ts'],
    forbiddenPackages: [...SDKS, 'postgres', '@electric-sql/pglite'],
  },
  {
    name: 'runtime',
    match: (p) => p.startsWith('src/runtime/'),
    mayImport: [...CONTRACTS, 'src/runtime/', 'db/repositories/'],
    forbiddenPackages: [...SDKS, ...DB_LIBS],
  },
  {
    name: 'domain',
    match: (p) => p.startsWith('src/domain/'),
    mayImport: [...CONTRACTS, 'src/runtime/', 'src/domain/', 'db/repositories/'],
    forbiddenPackages: [...SDKS, ...DB_LIBS],
  },
  ...['slack', 'feishu', 'console'].map((platform) => ({
    name: `platform ${platform}`,
    match: (p: string) => p.startsWith(`src/platforms/${platform}/`),
    mayImport: [...CONTRACTS, `src/platforms/${platform}/`, 'src/http.ts'],
    forbiddenPackages: [
      ...DB_LIBS,
      ...SDKS.filter((s) => !s.includes(platform === 'feishu' ? 'lark' : platform)),
    ],
  })),
  ...['commands', 'handlers', 'schedules'].map((dir) => ({
    name: dir,
    match: (p: string) => p.startsWith(`${dir}/`),
    mayImport: [...CONTRACTS, 'src/runtime/', 'src/domain/', 'commands/', 'handlers/', 'schedules/'],
    forbiddenPackages: [...SDKS, ...DB_LIBS],
  })),
  {
    name: 'http and config',
    match: (p) => p === 'src/http.ts' || p === 'src/config.ts' || p === 'src/config-schema.ts',
    mayImport: [...CONTRACTS, 'src/config-schema.ts', 'src/domain/'],
    forbiddenPackages: [...SDKS, ...DB_LIBS],
  },
];

const SPEC =
  /(?:import|export)\s+(?:type\s+)?(?:[\s\S]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(text: string): string[] {
  return [...text.matchAll(SPEC)].map((m) => m[1] ?? m[2] ?? '').filter(Boolean);
}

/** `src/domain/<module>/…` → the module's name. */
function moduleOf(path: string): string | undefined {
  return /^src\/domain\/([^/]+)\//.exec(path)?.[1];
}

function resolveSpec(from: string, spec: string): string {
  return normalize(join(dirname(from), spec)).replaceAll('\\', '/');
}

function packageViolation(layer: Layer, spec: string): boolean {
  return layer.forbiddenPackages.some(
    (pkg) => spec === pkg || spec.startsWith(pkg.endsWith('/') ? pkg : `${pkg}/`),
  );
}

function checkFile(file: SourceFile, layer: Layer, out: Violation[]): void {
  for (const spec of importsOf(file.text)) {
    if (!spec.startsWith('.')) {
      if (packageViolation(layer, spec))
        out.push({ file: file.path, imports: spec, rule: `${layer.name} may not import ${spec}` });
      continue;
    }
    const target = resolveSpec(file.path, spec);
    if (COMPOSITION.includes(target)) {
      out.push({
        file: file.path,
        imports: target,
        rule: `${target} is a composition file: no layer imports it`,
      });
      continue;
    }
    if (!layer.mayImport.some((prefix) => target === prefix || target.startsWith(prefix))) {
      out.push({
        file: file.path,
        imports: target,
        rule: `${layer.name} may import only ${layer.mayImport.join(', ')}`,
      });
      continue;
    }
    const from = moduleOf(file.path);
    const to = moduleOf(target);
    if (to && from !== to && !target.endsWith(`src/domain/${to}/index.ts`)) {
      out.push({
        file: file.path,
        imports: target,
        rule: `reach module ${to} through src/domain/${to}/index.ts`,
      });
    }
  }
}

/** Cycles in the module → module dependency graph (each cycle once, as a path). */
function moduleCycles(files: SourceFile[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const from = moduleOf(file.path);
    if (!from) continue;
    for (const spec of importsOf(file.text)) {
      if (!spec.startsWith('.')) continue;
      const to = moduleOf(resolveSpec(file.path, spec));
      if (to && to !== from) edges.set(from, new Set([...(edges.get(from) ?? []), to]));
    }
  }
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (node: string, path: string[]) => {
    if (path.includes(node)) {
      const cycle = path.slice(path.indexOf(node));
      const key = [...cycle].sort().join('>');
      if (!seen.has(key)) {
        seen.add(key);
        cycles.push([...cycle, node]);
      }
      return;
    }
    for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
  };
  for (const node of edges.keys()) visit(node, []);
  return cycles;
}

export function checkImports(files: SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    const layer = LAYERS.find((l) => l.match(file.path));
    if (layer) checkFile(file, layer, out);
  }
  for (const cycle of moduleCycles(files)) {
    out.push({
      file: `src/domain/${cycle[0]}/`,
      imports: cycle.join(' → '),
      rule: 'modules may not depend on each other in a cycle',
    });
  }
  return out;
}

/** Every .ts file under the given repo folders (and the given root files). */
export function readSources(root: string, dirs: string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const add = (full: string) =>
    files.push({ path: relative(root, full).replaceAll('\\', '/'), text: readFileSync(full, 'utf8') });
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts')) add(full);
    }
  };
  for (const d of dirs) {
    const full = join(root, d);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) walk(full);
    else add(full);
  }
  return files;
}
