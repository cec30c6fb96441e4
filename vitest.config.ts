import { defineConfig } from 'vitest/config';

// Unit tests beside the code and integration tests on a real database (PGlite, or PostgreSQL when
// DATABASE_URL is set). Browser tests have their own config (vitest.browser.config.ts).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/browser/**', 'node_modules/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
