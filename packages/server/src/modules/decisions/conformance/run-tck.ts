import { resolve } from 'node:path';
import { runTck } from './tck-runner.ts';

/**
 * `npm run conformance:dmn -- <folder>`: one line per failing test case with the reason, then
 * `N passed, M failed`. Exit code 1 when a case failed (so CI can gate on it), 2 when the run
 * itself could not start (no folder given, or it does not exist).
 */
const folder = process.argv[2];
if (!folder) {
  process.stderr.write('usage: npm run conformance:dmn -- <folder with DMN TCK models and *-test-*.xml files>\n');
  process.exit(2);
}
const run = await runTck(resolve(process.cwd(), folder)).catch((error: Error) => {
  process.stderr.write(`cannot run the TCK in ${folder}: ${error.message}\n`);
  process.exit(2);
});
for (const result of run.cases) {
  if (!result.passed) process.stdout.write(`FAIL ${result.testFile} #${result.caseId}: ${result.reasons.join('; ')}\n`);
}
process.stdout.write(`${run.passed} passed, ${run.failed} failed\n`);
process.exitCode = run.failed > 0 ? 1 : 0;
