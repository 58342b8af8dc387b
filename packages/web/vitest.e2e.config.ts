import { defineConfig } from 'vitest/config';

const E2E_WORKERS = Number(process.env.DOCKET_E2E_WORKERS ?? 2);

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
    // Two spec files at a time, each with its own Docket, database copy and Chromium: a spec spends
    // much of its time waiting (a Docket starting, the console answering), so the other core works
    // meanwhile. DOCKET_E2E_WORKERS=1 runs them one after another, as before.
    fileParallelism: E2E_WORKERS > 1,
    maxWorkers: E2E_WORKERS,
    pool: 'forks',
  },
});
