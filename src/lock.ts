/**
 * PGlite is one process on one directory: a second sopbot on the same DATA_DIR would corrupt
 * it. A pid file refuses the second one with a clear message instead.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): () => void {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'sopbot.pid');
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid && pid !== process.pid && alive(pid)) {
      throw new Error(
        `another sopbot (pid ${pid}) is using ${dir}; stop it, or set DATA_DIR or DATABASE_URL / ` +
          `另一个 sopbot 进程（pid ${pid}）正在使用 ${dir}，请先停止它，或设置 DATA_DIR / DATABASE_URL`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}
