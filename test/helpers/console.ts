/** Drives the real console platform with scripted lines and captures what it prints. */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Database } from '../../db/client.ts';
import type { App } from '../../src/app.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { formWords, translator } from '../../src/core/i18n/index.ts';
import type { Dispatcher } from '../../src/core/messenger.ts';
import { ConsolePlatform } from '../../src/platforms/console/console.platform.ts';
import type { ModuleDefinition } from '../../src/runtime/module.ts';
import { createTestApp } from './app.ts';
import { resetDatabase, testDatabase } from './db.ts';

export interface ConsoleSession {
  platform: ConsolePlatform;
  /** Feeds lines one by one (each fully handled before the next) and returns what was printed. */
  say(...lines: string[]): Promise<string>;
  output(): string;
}

/**
 * A console session on the app: its messenger becomes the app's console messenger (what the app
 * says on the console platform, timers included, is printed here).
 */
export function consoleSession(
  app: App,
  opts: { channel?: string; user?: string; locale?: 'zh-CN' | 'en'; exportsDir?: string } = {},
): ConsoleSession {
  const dispatcher: Dispatcher = app.dispatcher;
  let printed = '';
  const output = new PassThrough();
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const platform = new ConsolePlatform({
    dispatcher,
    translatorFor: translator,
    formWords,
    forms: app.forms,
    exportsDir: opts.exportsDir,
    timeZone: app.config.timezone,
    input: new PassThrough(),
    output,
    interactive: false,
    channel: opts.channel ?? 'support',
    user: opts.user ?? 'ann',
    t: translator(opts.locale ?? 'en'),
  });
  app.messengers.set('console', platform.messenger);
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
export function useConsoleApp(opts: {
  config: unknown;
  start: number;
  user: string;
  channel: string;
  modules?: readonly ModuleDefinition[];
  exportsDir?: string;
}) {
  const clock = new ManualClock(opts.start);
  let app: App | undefined;
  let database: Database | undefined;
  let session: ConsoleSession | undefined;
  beforeAll(async () => {
    database = await testDatabase();
    app = await createTestApp(database, { config: opts.config, clock, modules: opts.modules });
  });
  afterAll(async () => {
    await app?.stop();
    await database?.close();
  });
  beforeEach(async () => {
    if (!app || !database) throw new Error('console fixture not started');
    await resetDatabase(database);
    clock.set(opts.start);
    session = consoleSession(app, { user: opts.user, channel: opts.channel, exportsDir: opts.exportsDir });
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
