import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTck } from '../../src/modules/decisions/conformance/tck-runner.ts';
import { readDmn } from '../../src/modules/decisions/read-dmn.ts';
import { findDmnProblems } from '../../src/modules/decisions/validate-dmn.ts';
import { conformanceDir } from '../helpers/conformance-dir.ts';

// The DMN TCK material lives beside the repository, not in it (test/helpers/conformance-dir.ts).
const tck = conformanceDir('dmn-tck');

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
