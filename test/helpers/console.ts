/** Drives the real console platform with scripted lines and captures what it prints. */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../../db/client.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { translator } from '../../src/core/i18n/index.ts';
import type { DispatchFn } from '../../src/core/messenger.ts';
import type { App } from '../../src/main.ts';
import { ConsolePlatform } from '../../src/platforms/console/console.platform.ts';
import { createTestApp } from './app.ts';
import { resetDatabase, testDatabase } from './db.ts';

export interface ConsoleSession {
  platform: ConsolePlatform;
  /** Feeds lines one by one (each fully handled before the next) and returns what was printed. */
  say(...lines: string[]): Promise<string>;
  output(): string;
}

export function consoleSession(
  dispatch: DispatchFn,
  opts: { channel?: string; user?: string; locale?: 'zh-CN' | 'en' } = {},
): ConsoleSession {
  let printed = '';
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const platform = new ConsolePlatform({
    dispatch,
    input: new PassThrough(),
    output,
    interactive: false,
    channel: opts.channel ?? 'support',
    user: opts.user ?? 'ann',
    t: translator(opts.locale ?? 'en'),
  });
  return {
    platform,
    async say(...lines) {
      const start = printed.length;
      for (const line of lines) await platform.handle(line);
      await new Promise((r) => setImmediate(r));
      return printed.slice(start);
    },
    output: () => printed,
  };
}

/**
 * The per-file fixture of the console-driven SLA and on-call tests: one database and one app on a
 * ManualClock for the file; before each test a clean database, the clock back at `start`, and a
 * fresh console session (`s`) whose messenger the app posts through. `app`, `database` and `s`
 * forward to the live objects once the hooks have built them.
 */
export function useConsoleApp(opts: { config: unknown; start: number; user: string; channel: string }) {
  const clock = new ManualClock(opts.start);
  let app: App | undefined;
  let database: Database | undefined;
  let session: ConsoleSession | undefined;
  beforeAll(async () => {
    database = await testDatabase();
    app = await createTestApp(database, { config: opts.config, clock });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.close();
  });
  beforeEach(async () => {
    if (!app || !database) throw new Error('console fixture not started');
    await resetDatabase(database);
    clock.set(opts.start);
    session = consoleSession(app.dispatch, { user: opts.user, channel: opts.channel });
    app.messengers.set('console', session.platform.messenger);
  });
  return {
    clock,
    app: forward(() => app, 'app'),
    database: forward(() => database, 'database'),
    s: forward(() => session, 'console session'),
  };
}

function forward<T extends object>(live: () => T | undefined, what: string): T {
  return new Proxy({} as T, {
    get(_target, key) {
      const current = live();
      if (!current) throw new Error(`${what} used before the fixture built it`);
      return Reflect.get(current, key);
    },
  });
}
