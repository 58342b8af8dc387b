import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileBpmn } from '../src/modules/process/model/compile-bpmn.ts';
import { SEED_PROCESS_FILES } from './case-types.ts';

// The demo seed deploys these files at start-up: a problem in one of them stops Docket from
// starting with demo data. They use every attribute of Docket's extension the descriptor
// (docket-moddle.json) must declare: countersign members, process and step separation of duties.
const MODELS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'processes');

describe('the shipped processes', () => {
  it.each(SEED_PROCESS_FILES)('%s compiles without problems', async (file) => {
    const { problems, processes } = await compileBpmn(readFileSync(path.join(MODELS, file), 'utf8'));
    expect(problems).toEqual([]);
    expect(processes).toHaveLength(1);
  });
});
