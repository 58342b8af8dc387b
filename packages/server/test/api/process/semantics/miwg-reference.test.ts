import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../../helpers/test-app.ts';
import { createEngine, type Engine, findSharedConformance } from './harness.ts';

/**
 * Every file of the BPMN MIWG reference suite (models from many modelling tools) either deploys
 * or is refused with a 4xx that names the elements it cannot run — never a 5xx.
 */
const conformance = findSharedConformance();
const referenceDir = path.join(conformance, 'bpmn-miwg', 'Reference');
/** Problems about the file as a whole, not one element (docs/designers/bpmn.md, problem codes). */
const FILE_LEVEL_CODES = ['not-bpmn', 'no-executable-process'];
const files = readdirSync(referenceDir).sort();

describe('BPMN MIWG reference models deploy or are refused with element ids', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
  });
  afterAll(async () => e?.close());

  it('finds the reference folder beside the repository', () => {
    expect(files.filter((f) => f.endsWith('.bpmn')).length).toBeGreaterThanOrEqual(21);
  });

  it.each(files)('%s: 201, or a 4xx problem naming element ids of the file', async (file) => {
    const bytes = readFileSync(path.join(referenceDir, file));
    const res = await e.t.app.inject({ method: 'POST', url: '/api/v1/processes', headers: { ...bearer(e.admin), 'content-type': 'application/xml' }, payload: bytes });
    expect(res.statusCode, res.body.slice(0, 500)).toBeLessThan(500);
    if (res.statusCode === 201) {
      const { processes } = res.json() as { processes: { key: string; version: number; id: string }[] };
      expect(Array.isArray(processes)).toBe(true);
      for (const p of processes) {
        expect(bytes.toString('latin1')).toContain(`id="${p.key}"`);
        const got = await e.get(`/api/v1/processes/${encodeURIComponent(p.key)}`);
        expect(got.statusCode).toBe(200);
      }
      return;
    }
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
    if (!file.endsWith('.bpmn')) return; // not BPMN at all: a 4xx is all that is asked
    expect(res.statusCode, res.body.slice(0, 500)).toBe(422);
    const body = res.json();
    const problems = body.problems as { elementId: string | null; code: string; message: string }[];
    expect(Array.isArray(problems) && problems.length > 0, res.body.slice(0, 500)).toBe(true);
    const xml = bytes.toString('latin1');
    for (const problem of problems) {
      // A crash in the compiler is no answer, even when it comes back as a 422.
      expect(problem.code, problem.message).not.toBe('compile-failed');
      if (problem.elementId === null) {
        // Only a problem of the file as a whole may name no element.
        expect(FILE_LEVEL_CODES, `${problem.code} names no element: ${problem.message}`).toContain(problem.code);
      } else {
        expect(xml, `problem names ${problem.elementId}, which is not an id in ${file}`).toContain(`id="${problem.elementId}"`);
      }
    }
  });
});
