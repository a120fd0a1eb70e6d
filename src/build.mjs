/**
 * `npm start` runs the compiled JavaScript in dist/ (a cheap start: no transpiling at run time, one
 * process that receives the signals). This makes sure dist/ matches the sources first: when any
 * source, migration, template or build setting is newer than the last build (or there is none), it
 * compiles with `tsc -p tsconfig.build.json`; otherwise it costs one walk over the file times.
 * Also run by `npm install` (prepare), so the first `npm start` starts at once.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stamp = join(root, 'dist', '.built');
const SOURCES = ['src', 'commands', 'handlers', 'schedules', 'db'];
const FILES = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];

function newest(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
  return max;
}

function stale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const paths = [...SOURCES, ...FILES].map((p) => join(root, p)).filter((p) => existsSync(p));
  return paths.some((p) => newest(p) > built);
}

if (stale()) {
  process.stderr.write('sopbot: compiling to dist/ …\n');
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  const r = spawnSync(tsc, ['-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    process.stderr.write('sopbot: the build failed (see above); fix it or run `npm run dev`.\n');
    process.exit(r.status ?? 1);
  }
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
}
