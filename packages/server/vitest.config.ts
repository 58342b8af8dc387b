import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { FileTimesReporter } from '../../tools/file-times-reporter.mjs';
import { SERVER_PASS_FILES } from './test/server-pass.ts';

const INCLUDE = ['src/**/*.test.ts', 'test/**/*.test.ts', 'seed/**/*.test.ts'];
const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  // Tests run the workspace packages (@docket/verify) from source, not from their dist/ build.
  ssr: { resolve: { conditions: ['@docket/source', 'module', 'node', 'development|production'] } },
  test: {
    include: process.env.DOCKET_TESTS === 'database' ? databaseTestFiles() : process.env.DOCKET_TESTS === 'server' ? Object.keys(SERVER_PASS_FILES) : INCLUDE,
    globalSetup: ['test/helpers/global-setup.ts'],
    // DOCKET_TEST_TIMES=<file.json>: each file's prepare, import and test time, the slowest printed.
    ...(process.env.DOCKET_TEST_TIMES ? { reporters: ['default', new FileTimesReporter()] } : {}),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Each file keeps its own module graph. Shared (isolate: false) took a third less CPU on ten
    // API files (86.7 → 58.0 CPU-s), and createTestApp now empties the process-wide caches
    // (platform/process-caches.ts); but in a full run files that passed alone timed out (bulk
    // creation of 2,500 cases, the build's bin test, an OIDC app's start): something a file leaves
    // behind (a hook, a timer, a pool) slows the files after it. Find it before sharing again.
    // Two cores: two files at a time, each on its own database cloned from a migrated template.
    maxWorkers: 2,
  },
});

/**
 * DOCKET_TESTS=server (CI's second pass, on the PostgreSQL server named by DATABASE_URL): the
 * selection in test/server-pass.ts, which says why it is a selection.
 *
 * DOCKET_TESTS=database (a full server pass: a release, a new PostgreSQL major): only
 * the test files that reach the suite's database, that is whose file or a test helper it imports
 * (relative imports, followed) names `pgServerUrl` (global-setup.ts provides it: the database
 * under test) or DATABASE_URL. The others (pure functions, docs and architecture checks, the
 * embedded PostgreSQL's own test, which starts its own) do the same on either server, and have
 * run in the first pass already.
 */
function databaseTestFiles(): string[] {
  const reaches = (file: string, seen: Set<string>): boolean => {
    if (seen.has(file)) return false;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    if (/\bpgServerUrl\b|\bDATABASE_URL\b/.test(text)) return true;
    for (const [, a, b] of text.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g)) {
      const target = path.resolve(path.dirname(file), (a ?? b)!);
      // Application code gets its database from the test; only test code chooses which one.
      if (target.startsWith(path.join(root, 'src') + path.sep) && !target.endsWith('.test.ts')) continue;
      if (existsSync(target) && reaches(target, seen)) return true;
    }
    return false;
  };
  const files = ['src', 'test', 'seed']
    .flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)))
    .filter((f) => f.endsWith('.test.ts') && !f.split(path.sep).includes('node_modules'));
  return files.filter((f) => reaches(path.join(root, f), new Set())).sort();
}
