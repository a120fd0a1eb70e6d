/** Builds the real app (same services, dispatcher and HTTP server as production) on a test database. */
import type { Database } from '../../db/client.ts';
import { type App, buildApp } from '../../src/app.ts';
import { type EnvConfig, resolveConfig } from '../../src/config.ts';
import type { Clock } from '../../src/core/clock.ts';
import { silentLogger } from '../../src/core/logger.ts';
import type { ModuleDefinition } from '../../src/runtime/module.ts';

export const testEnv: EnvConfig = { port: 0, dataDir: 'memory://', logLevel: 'silent' };

export async function createTestApp(
  database: Database,
  options: {
    config?: unknown;
    env?: Partial<EnvConfig>;
    clock?: Clock;
    modules?: readonly ModuleDefinition[];
  } = {},
): Promise<App> {
  const config = resolveConfig(options.config ?? {}, null, { ...testEnv, ...options.env });
  const app = await buildApp({
    config,
    database,
    logger: silentLogger,
    clock: options.clock,
    modules: options.modules,
  });
  // The outbox delivers what the app says; tests drive the timer loop themselves (scheduler.tick).
  app.deliverer.start();
  return app;
}
