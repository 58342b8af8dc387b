import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runTck } from '../../src/modules/decisions/conformance/tck-runner.ts';
import { readDmn } from '../../src/modules/decisions/read-dmn.ts';
import { findDmnProblems } from '../../src/modules/decisions/validate-dmn.ts';

/**
 * The DMN TCK material lives beside the repository (../shared/conformance/dmn-tck), not in it:
 * walk up from this file until a `shared/conformance/dmn-tck` is found, so the test works from
 * the main checkout and from any worktree next to it.
 */
function findTckFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'shared', 'conformance', 'dmn-tck');
    if (existsSync(candidate)) return candidate;
    const parent = resolve(folder, '..');
    if (parent === folder) throw new Error('No shared/conformance/dmn-tck above the repository: the DMN TCK material is missing');
    folder = parent;
  }
}

const tck = findTckFolder();

describe('DMN TCK', () => {
  it('passes every compliance-level-2 test case', async () => {
    const run = await runTck(join(tck, 'compliance-level-2'));
    expect(run.cases.filter((c) => !c.passed).map((c) => `${c.testFile} #${c.caseId}: ${c.reasons.join('; ')}`)).toEqual([]);
    expect(run.passed).toBe(116);
  });

  it('passes at least 90 % of the compliance-level-3 test cases', async () => {
    const run = await runTck(join(tck, 'compliance-level-3'));
    expect(run.cases.length).toBe(46);
    expect(run.passed / run.cases.length).toBeGreaterThanOrEqual(0.9);
  });

  it('finds nothing to refuse at deploy time in any of the 40 models', async () => {
    const models = readdirSync(tck, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.dmn'));
    expect(models).toHaveLength(40);
    const refused: string[] = [];
    for (const entry of models) {
      const read = await readDmn(readFileSync(join(entry.parentPath, entry.name), 'utf8'));
      const problems = findDmnProblems(read.definitions, read.warnings);
      if (problems.length > 0) refused.push(`${entry.name}: ${problems.map((p) => p.problem).join('; ')}`);
    }
    expect(refused).toEqual([]);
  });
});
