// A Vitest reporter that records where each test file's time goes (prepare, import, tests and
// hooks) and prints the slowest files at the end. The Vitest configs add it when DOCKET_TEST_TIMES
// names a JSON file to write: CI's step times say how long a pass took, this says which files.
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const TOP = 20;

export class FileTimesReporter {
  files = [];

  onInit(vitest) {
    this.root = vitest.config.root;
  }

  onTestModuleEnd(testModule) {
    const d = testModule.diagnostic();
    this.files.push({
      file: path.relative(this.root ?? process.cwd(), testModule.moduleId),
      totalMs: Math.round(d.prepareDuration + d.environmentSetupDuration + d.setupDuration + d.collectDuration + d.duration),
      prepareMs: Math.round(d.prepareDuration + d.environmentSetupDuration + d.setupDuration),
      importMs: Math.round(d.collectDuration),
      testsMs: Math.round(d.duration),
      tests: [...testModule.children.allTests()].length,
      state: testModule.state(),
    });
  }

  onTestRunEnd() {
    const files = this.files.sort((a, b) => b.totalMs - a.totalMs);
    const out = process.env.DOCKET_TEST_TIMES;
    if (out) writeFileSync(out, `${JSON.stringify(files, null, 1)}\n`);
    const sum = (key) => Math.round(files.reduce((s, f) => s + f[key], 0) / 1000);
    const lines = files.slice(0, TOP).map((f) => `${(f.totalMs / 1000).toFixed(1).padStart(7)} s  import ${(f.importMs / 1000).toFixed(1).padStart(5)} s  ${f.file}`);
    process.stdout.write(
      `\nSlowest ${Math.min(TOP, files.length)} of ${files.length} files (worker time; all files: ${sum('totalMs')} s, of it import ${sum('importMs')} s, prepare ${sum('prepareMs')} s, tests and hooks ${sum('testsMs')} s)\n${lines.join('\n')}\n`,
    );
  }
}
