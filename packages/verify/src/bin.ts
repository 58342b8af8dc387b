#!/usr/bin/env node
// The `docket-verify` command: the package's bin, and the entry of the one-file build that an
// auditor runs with plain `node` (dist/docket-verify.js, built by tools/build.mjs).
import { run } from './cli.ts';

run(process.argv.slice(2)).then((code) => process.exit(code));
