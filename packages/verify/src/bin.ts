#!/usr/bin/env node
// The `docket-verify` command: the package's bin, and the entry of the one-file build that an
// auditor runs with plain `node` (dist/docket-verify.js, built by tools/build.mjs).
import { EXIT_COULD_NOT_RUN, run } from './cli.ts';

// An error that escapes run() is a failure to run, never a verdict on the bundle.
run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`docket-verify: ${error.message}\n`);
    process.exit(EXIT_COULD_NOT_RUN);
  },
);
