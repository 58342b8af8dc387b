// Builds what production runs, so that no TypeScript loader is needed at run time:
//  - packages/verify/dist and packages/server/dist: `tsc -b` over the project references
//    (packages/server/tsconfig.build.json references packages/verify/tsconfig.build.json), one
//    .js file per .ts file, relative imports rewritten from .ts to .js;
//  - dist/docket-verify.js: the verifier as one self-contained CommonJS file (esbuild), which an
//    auditor runs with plain `node` and nothing installed beside it.
// `--if-stale` (npm start) skips all of it when no input is newer than the last build, in a few
// milliseconds; a full build (npm install, npm run build) starts from empty output directories.
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);
const require = createRequire(import.meta.url);

const SERVER_DIST = at('packages/server/dist');
const VERIFY_DIST = at('packages/verify/dist');
const VERIFY_BUNDLE = at('dist/docket-verify.js');
const STAMP = at('packages/server/dist/.build-stamp');
const INPUTS = [
  'packages/server/src',
  'packages/server/seed',
  'packages/server/tsconfig.build.json',
  'packages/server/package.json',
  'packages/verify/src',
  'packages/verify/tsconfig.build.json',
  'packages/verify/package.json',
  'tsconfig.base.json',
  'tools/build.mjs',
].map((p) => at(p));
/** Executables: npm links them as bins before this build runs, so their mode is set here. */
const BINS = [at('packages/server/dist/src/cli/docket.js'), at('packages/verify/dist/bin.js'), VERIFY_BUNDLE];

// Directories count too: deleting or renaming a source file changes its directory's mtime.
function newestMtimeMs(file) {
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(file)) newest = Math.max(newest, newestMtimeMs(path.join(file, entry)));
  return newest;
}

export function isBuildStale() {
  if (!existsSync(STAMP) || ![...BINS].every((bin) => existsSync(bin))) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => existsSync(input) && newestMtimeMs(input) > built);
}

async function build({ clean }) {
  if (clean) for (const dir of [SERVER_DIST, VERIFY_DIST, path.dirname(VERIFY_BUNDLE)]) rmSync(dir, { recursive: true, force: true });
  const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin/tsc');
  execFileSync(process.execPath, [tsc, '-b', at('packages/server/tsconfig.build.json')], { stdio: 'inherit' });

  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: [at('packages/verify/src/bin.ts')],
    outfile: VERIFY_BUNDLE,
    bundle: true,
    platform: 'node',
    // CommonJS runs on every Node 20 without a package.json beside it (an ES module file named
    // .js needs "type": "module" there, or Node ≥ 20.19's syntax detection).
    format: 'cjs',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
  });
  // Inside this repository the root package.json says "type": "module": this one says otherwise for dist/.
  writeFileSync(path.join(path.dirname(VERIFY_BUNDLE), 'package.json'), '{ "type": "commonjs" }\n');

  for (const bin of BINS) chmodSync(bin, 0o755);
  mkdirSync(path.dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (!ifStale || isBuildStale()) {
    const started = Date.now();
    if (ifStale) process.stdout.write('Sources changed since the last build: building the server…\n');
    await build({ clean: !ifStale });
    process.stdout.write(`Built packages/server/dist, packages/verify/dist and dist/docket-verify.js in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}
