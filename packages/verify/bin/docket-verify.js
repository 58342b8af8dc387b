#!/usr/bin/env node
// The `docket-verify` command of the workspace (an auditor runs the one-file dist/docket-verify.js
// instead). Committed, so npm can link it before `prepare` builds dist/ (see packages/server/bin).
import '../dist/bin.js';
