import { defineConfig } from 'vitest/config';
import { FileTimesReporter } from '../../tools/file-times-reporter.mjs';

const E2E_WORKERS = Number(process.env.DOCKET_E2E_WORKERS ?? 1);

// Browser tests: each spec file starts its own Docket (embedded PostgreSQL, demo data) and one
// Chromium; the demo database is seeded once per run by the global setup and copied per spec.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.ts'],
    // DOCKET_TEST_TIMES=<file.json>: each spec's start and test time, the slowest printed.
    ...(process.env.DOCKET_TEST_TIMES ? { reporters: ['default', new FileTimesReporter()] } : {}),
    globalSetup: ['e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // beforeAll starts Docket: a spec that seeds its own database may wait out the start timeout.
    hookTimeout: 480_000,
    // One spec file at a time by default: two at a time (DOCKET_E2E_WORKERS=2) were not faster on
    // the two cores (issue 17, 4 specs: 230 s and 142 CPU-s at 2 against 198 s and 98 CPU-s at 1).
    fileParallelism: E2E_WORKERS > 1,
    maxWorkers: E2E_WORKERS,
    pool: 'forks',
    // expect.poll waits for the console to catch up: 1 s by default, too short when the browser
    // tests run beside the server suites on two cores (CI).
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
