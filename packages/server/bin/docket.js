#!/usr/bin/env node
// The `docket` command. npm links a package's bins before its `prepare` script builds dist/, and
// skips a bin whose file is missing: this committed file exists at link time and runs the
// compiled CLI (tools/build.mjs), with no TypeScript loader.
import '../dist/src/cli/docket.js';
