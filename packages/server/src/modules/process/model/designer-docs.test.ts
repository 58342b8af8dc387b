import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileBpmn } from './index.ts';

// docs/designers/bpmn.md shows designers a model; it must deploy as shown.
const docsPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../../docs/designers/bpmn.md');

describe('docs/designers/bpmn.md', () => {
  it('its example model compiles without problems or warnings', async () => {
    const examples = [...readFileSync(docsPath, 'utf8').matchAll(/```xml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const result = await compileBpmn(example);
      expect(result.problems).toEqual([]);
      expect(result.warnings).toEqual([]);
      expect(result.processes[0]?.elements.branchReview?.userTask).toMatchObject({
        departmentRole: { role: 'branch-head', relativeTo: 'case-department' },
        formKey: 'credit-review',
        slaRef: 'credit-48h',
      });
      expect(result.processes[0]?.elements.committee?.userTask?.countersign).toEqual({ mode: 'vote', threshold: 2 });
    }
  });
});
