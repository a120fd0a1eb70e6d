import { defineConfig } from 'vitest/config';

// Tests under test/postgres need real Postgres (concurrency, SKIP LOCKED, advisory locks):
// they are part of the run only when DATABASE_URL points at one, so nothing is ever skipped.
const onPostgres = Boolean(process.env.DATABASE_URL);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: onPostgres ? ['node_modules/**'] : ['node_modules/**', 'test/postgres/**'],
    env: { TZ: 'UTC' },
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
