import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import '../../../src/app.ts';
import { listProblemDefinitions, type ProblemDefinition } from '../../../src/platform/http/problem.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SRC_DIR = path.resolve(here, '../../../src');
const DOC_PATH = path.resolve(here, '../../../../../docs/problems.md');

interface DocSection {
  type: string;
  body: string;
}

function readDocSections(): DocSection[] {
  const doc = readFileSync(DOC_PATH, 'utf8');
  return doc
    .split(/^## /m)
    .slice(1)
    .map((chunk) => {
      const [heading, ...rest] = chunk.split('\n');
      return { type: heading!.trim(), body: rest.join('\n') };
    });
}

// Problems are defined where they are used; importing every file that defines one registers
// them all, including those of modules app.ts does not wire yet.
beforeAll(async () => {
  const files = (readdirSync(SRC_DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  for (const file of files) {
    const full = path.join(SRC_DIR, file);
    if (readFileSync(full, 'utf8').includes('defineProblem({')) await import(pathToFileURL(full).href);
  }
});

describe('docs/problems.md', () => {
  let definitions: Map<string, ProblemDefinition>;
  let sections: DocSection[];
  beforeAll(() => {
    definitions = new Map(listProblemDefinitions().map((d) => [d.type, d]));
    sections = readDocSections();
  });

  it('registers the problem types of every module', () => {
    expect([...definitions.keys()]).toEqual(expect.arrayContaining(['validation-failed', 'unauthenticated', 'invalid-credentials', 'case-not-found', 'route-not-found']));
  });

  it('has a section for every problem type defined in code', () => {
    const documented = new Set(sections.map((s) => s.type));
    const undocumented = [...definitions.keys()].filter((type) => !documented.has(type));
    expect(undocumented, 'add a `## <type>` section to docs/problems.md').toEqual([]);
  });

  it('documents no problem type that the code does not define', () => {
    const unknown = sections.map((s) => s.type).filter((type) => !definitions.has(type));
    expect(unknown, 'remove these sections or define the problem in code').toEqual([]);
  });

  it('documents each type once', () => {
    const types = sections.map((s) => s.type);
    expect(types.filter((type, i) => types.indexOf(type) !== i)).toEqual([]);
  });

  it('gives each type the status the code answers, its meaning and how to fix it', () => {
    for (const { type, body } of sections) {
      const definition = definitions.get(type);
      if (!definition) continue;
      expect(body, type).toMatch(new RegExp(`^\\*\\*Status:\\*\\* ${definition.status}$`, 'm'));
      expect(body, type).toMatch(/^\*\*Meaning\.\*\* \S.{10,}/m);
      expect(body, type).toMatch(/^\*\*How to fix\.\*\* \S.{10,}/m);
    }
  });
});
