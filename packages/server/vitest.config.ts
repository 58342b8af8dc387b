import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run the workspace packages (@docket/verify) from source, not from their dist/ build.
  ssr: { resolve: { conditions: ['@docket/source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'seed/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: two files at a time, each on its own database cloned from a migrated template.
    maxWorkers: 2,
  },
});
