/**
 * The import-direction rules of STYLE.md as data, and a checker over source text. The
 * architecture test runs it on the real tree (and on a planted violation, to prove it bites).
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
  /** Repo-relative prefixes this layer may import. */
  mayImport: string[];
  /** npm packages this layer may not import (prefix match). */
  forbiddenPackages: string[];
}

const SDKS = ['@slack/', '@larksuiteoapi/'];
const DB_LIBS = ['drizzle-orm', 'postgres', '@electric-sql/pglite'];

const LAYERS: Layer[] = [
  {
    name: 'core',
    match: (p) => p.startsWith('src/core/'),
    mayImport: ['src/core/'],
    forbiddenPackages: [...SDKS, ...DB_LIBS, 'pino'],
  },
  {
    name: 'domain',
    match: (p) => p.startsWith('src/domain/'),
    mayImport: ['src/core/', 'src/domain/', 'db/repositories/'],
    forbiddenPackages: [...SDKS, ...DB_LIBS],
  },
  {
    name: 'repositories',
    match: (p) => p.startsWith('db/repositories/'),
    mayImport: ['db/repositories/', 'db/schema/', 'db/client.ts'],
    forbiddenPackages: SDKS,
  },
  {
    name: 'schema',
    match: (p) => p.startsWith('db/schema/'),
    mayImport: ['db/schema/'],
    forbiddenPackages: SDKS,
  },
  ...['slack', 'feishu', 'console'].map((platform) => ({
    name: `platform ${platform}`,
    match: (p: string) => p.startsWith(`src/platforms/${platform}/`),
    mayImport: ['src/core/', `src/platforms/${platform}/`, 'src/http.ts', 'src/config.ts'],
    forbiddenPackages: [
      ...DB_LIBS,
      ...SDKS.filter((s) => !s.includes(platform === 'feishu' ? 'lark' : platform)),
    ],
  })),
  ...['commands', 'handlers', 'schedules'].map((dir) => ({
    name: dir,
    match: (p: string) => p.startsWith(`${dir}/`),
    mayImport: ['src/core/', 'src/domain/', 'src/app.ts', 'src/config.ts', `${dir}/`],
    forbiddenPackages: [...SDKS, ...DB_LIBS],
  })),
];

const SPEC =
  /(?:import|export)\s+(?:type\s+)?(?:[\s\S]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(text: string): string[] {
  return [...text.matchAll(SPEC)].map((m) => m[1] ?? m[2] ?? '').filter(Boolean);
}

export function checkImports(files: SourceFile[]): Violation[] {
  const out: Violation[] = [];
  for (const file of files) {
    const layer = LAYERS.find((l) => l.match(file.path));
    if (!layer) continue;
    for (const spec of importsOf(file.text)) {
      if (spec.startsWith('.')) {
        const target = normalize(join(dirname(file.path), spec)).replaceAll('\\', '/');
        if (!layer.mayImport.some((prefix) => target.startsWith(prefix))) {
          out.push({
            file: file.path,
            imports: target,
            rule: `${layer.name} may import only ${layer.mayImport.join(', ')}`,
          });
        }
      } else if (
        layer.forbiddenPackages.some(
          (pkg) => spec === pkg || spec.startsWith(pkg.endsWith('/') ? pkg : `${pkg}/`),
        )
      ) {
        out.push({ file: file.path, imports: spec, rule: `${layer.name} may not import ${spec}` });
      }
    }
  }
  return out;
}

/** Every .ts file under the given repo folders. */
export function readSources(root: string, dirs: string[]): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.ts'))
        files.push({ path: relative(root, full).replaceAll('\\', '/'), text: readFileSync(full, 'utf8') });
    }
  };
  for (const d of dirs) if (existsSync(join(root, d))) walk(join(root, d));
  return files;
}
