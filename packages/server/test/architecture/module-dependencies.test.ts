import { beforeAll, describe, expect, it } from 'vitest';
import type { ICruiseResult } from 'dependency-cruiser';
import { cruiseServer, fileEdges, findModuleCycles } from './module-graph.ts';

// ARCHITECTURE.md §3: modules own their code and meet through each other's index.ts or through
// domain events; a cycle between modules means neither can change or load without the other.
describe('the import graph of the server', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseServer();
  });

  it('is read completely (a parser that cannot read TypeScript would find no imports and pass)', () => {
    const sources = result.modules.map((m) => m.source);
    expect(sources).toEqual(expect.arrayContaining(['src/app.ts', 'src/modules/cases/index.ts', 'src/modules/audit/index.ts', 'src/platform/http/problem.ts']));
    expect(fileEdges(result).length).toBeGreaterThan(300);
  });

  it('has no cycle between modules', () => {
    expect(findModuleCycles(fileEdges(result))).toEqual([]);
  });

  it('keeps platform/ free of modules, and reaches another module only through its index.ts', () => {
    const errors = result.summary.violations.filter((v) => v.rule.severity === 'error').map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
    expect(errors).toEqual([]);
  });
});

describe('findModuleCycles', () => {
  it('names the modules of a cycle and one import for each of its edges', () => {
    const cycles = findModuleCycles([
      { from: 'src/modules/cases/update-case.ts', to: 'src/modules/audit/index.ts' },
      { from: 'src/modules/audit/routes.ts', to: 'src/modules/cases/index.ts' },
      { from: 'src/modules/cases/store.ts', to: 'src/modules/access/index.ts' },
      { from: 'src/modules/cases/index.ts', to: 'src/modules/cases/store.ts' },
      { from: 'src/app.ts', to: 'src/modules/cases/index.ts' },
    ]);
    expect(cycles).toEqual([{ modules: ['audit', 'cases'], imports: ['src/modules/audit/routes.ts → src/modules/cases/index.ts', 'src/modules/cases/update-case.ts → src/modules/audit/index.ts'] }]);
  });

  it('finds a cycle through three modules and none in a chain', () => {
    const chain = [
      { from: 'src/modules/a/x.ts', to: 'src/modules/b/index.ts' },
      { from: 'src/modules/b/x.ts', to: 'src/modules/c/index.ts' },
    ];
    expect(findModuleCycles(chain)).toEqual([]);
    expect(findModuleCycles([...chain, { from: 'src/modules/c/y.ts', to: 'src/modules/a/index.ts' }]).map((c) => c.modules)).toEqual([['a', 'b', 'c']]);
  });
});
