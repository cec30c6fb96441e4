import { defineConfig } from 'vitest/config';

// Browser tests: Playwright driving Debian's chromium against a real platform serving the built web app.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
