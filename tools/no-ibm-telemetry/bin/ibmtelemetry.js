#!/usr/bin/env node
// Does nothing, on purpose: see ../package.json. Honour the documented opt-out too, in case
// someone installs the real package beside Docket: IBM_TELEMETRY_DISABLED=true.
process.exitCode = 0;
