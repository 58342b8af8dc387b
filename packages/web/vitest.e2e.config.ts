import { defineConfig } from 'vitest/config';

// Browser tests: one Docket (embedded PostgreSQL, demo data) and one Chromium for the run.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
