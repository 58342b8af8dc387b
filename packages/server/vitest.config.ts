import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig, type Plugin } from 'vitest/config';
import { FileTimesReporter } from '../../tools/file-times-reporter.mjs';
import { SERVER_PASS_FILES } from './test/server-pass.ts';

const INCLUDE = ['src/**/*.test.ts', 'test/**/*.test.ts', 'seed/**/*.test.ts'];
const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * Test files that replace one of our modules with vi.mock: a module replaced must be loaded through
 * Vitest, so these run the server from source (the project "source" below).
 */
const REPLACE_OUR_MODULES = ['test/api/sla/calendars/calendar-corrections.test.ts'];

const included = process.env.DOCKET_TESTS === 'database' ? databaseTestFiles() : process.env.DOCKET_TESTS === 'server' ? Object.keys(SERVER_PASS_FILES) : INCLUDE;
const fromSource = process.env.DOCKET_TEST_FROM_SOURCE === 'true';
// What the tests run must be what the sources say: rebuilt when stale (a few milliseconds when not),
// whether the run came through `npm test` or `npx vitest`.
if (!fromSource) execFileSync(process.execPath, [path.join(root, '../../tools/build.mjs'), '--if-stale'], { stdio: 'inherit' });
const sourceOnly = REPLACE_OUR_MODULES.filter((file) => included === INCLUDE || included.includes(file));

/** From source, the workspace packages (@docket/verify) too, not their dist/ build. */
const sourceProject = (include: string[]) => ({
  extends: true as const,
  ssr: { resolve: { conditions: ['@docket/source', 'module', 'node', 'development|production'] } },
  test: { name: 'source', include },
});

export default defineConfig({
  test: {
    // The server's own code runs as `tsc -b` built it (dist/, what production runs), loaded by Node
    // itself: through Vitest's module runner every test file spent about 5 s of a 2-core runner
    // importing ~800 TypeScript modules (1,320 of 4,599 worker-seconds in the fresh-clone CI on
    // 46e5de8), natively about 1.6 s, most of it the dependencies. The tests themselves, and the
    // helpers they share, still go through Vitest. What is stale is rebuilt first (above);
    // DOCKET_TEST_FROM_SOURCE=true runs everything from source (watch mode while editing).
    projects: fromSource
      ? [sourceProject(included)]
      : [
          {
            extends: true,
            plugins: [runCompiledServer()],
            test: { name: 'built', include: included, exclude: [...configDefaults.exclude, ...REPLACE_OUR_MODULES], server: { deps: { external: [/\/packages\/server\/dist\//] } } },
          },
          ...(sourceOnly.length > 0 ? [sourceProject(sourceOnly)] : []),
        ],
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
 * Resolves an import of the server's source (src/, seed/) to the module `tsc -b` built from it, when
 * that exists: the test code goes through Vitest, the server's code is then native Node modules.
 */
function runCompiledServer(): Plugin {
  const sourceDirs = [path.join(root, 'src') + path.sep, path.join(root, 'seed') + path.sep];
  return {
    name: 'docket-run-compiled-server',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/\.ts$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      const file = resolved?.id;
      if (!file || !sourceDirs.some((dir) => file.startsWith(dir)) || /\.(test|d)\.ts$/.test(file)) return null;
      const built = path.join(root, 'dist', path.relative(root, file)).replace(/\.ts$/, '.js');
      return existsSync(built) ? { id: built, external: true } : null;
    },
  };
}

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
