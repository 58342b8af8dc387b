import { defineConfig } from 'vitest/config';

// Browser tests: each spec file starts its own Docket (embedded PostgreSQL, demo data) and one
// Chromium; the demo database is seeded once per run by the global setup and copied per spec.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // beforeAll starts Docket: a spec that seeds its own database may wait out the start timeout.
    hookTimeout: 480_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
