import { defineConfig } from 'vitest/config';

export default defineConfig({
  // @docket/verify from its TypeScript source (packages/verify/package.json), not its build.
  ssr: { resolve: { conditions: ['@docket/source', 'module', 'node', 'development|production'] } },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
