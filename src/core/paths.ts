/**
 * Where sopbot's own files are (migrations, built-in templates), whether it runs from the sources
 * (tsx, tests) or from the compiled build in `dist/`: paths are resolved from the project root (the
 * folder of package.json), never from the running file's folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding sopbot's package.json. */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('sopbot: cannot find its package.json');
    dir = up;
  }
  root = dir;
  return dir;
}

/** A path inside the project (`projectPath('db', 'migrations')`). */
export function projectPath(...segments: string[]): string {
  return join(projectRoot(), ...segments);
}
