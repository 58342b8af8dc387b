import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine, FIXTURES, fixture } from './harness.ts';

/** Every model of the semantics suite deploys, with every executable process in it, each as version 1. */
const files = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.bpmn') && !['c7-migrate-v2.bpmn', 'c7-versions-child-v2.bpmn'].includes(f))
  .sort();

describe('the semantics suite models deploy', () => {
  let e: Engine;
  beforeAll(async () => {
    e = await createEngine();
  });
  afterAll(async () => e?.close());

  it.each(files)('%s deploys every executable process in it', async (file) => {
    const xml = fixture(file);
    const res = await e.deployRaw(xml);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(201);
    const expected = [...xml.matchAll(/<(?:bpmn:)?process id="([^"]+)"[^>]*isExecutable="true"/g)].map((m) => m[1]).sort();
    const { processes } = res.json() as { processes: { key: string; version: number; id: string }[] };
    expect(processes.map((p) => p.key).sort()).toEqual(expected);
    for (const p of processes) expect(p.version).toBe(1);
  });

  it('a second deployment of the same key is version 2, and GET /processes/{key} lists both with their XML', async () => {
    const res = await e.deployRaw(fixture('c7-migrate-v2.bpmn'));
    expect(res.statusCode).toBe(201);
    expect(res.json().processes).toMatchObject([{ key: 'migrate_me', version: 2 }]);
    const got = await e.get('/api/v1/processes/migrate_me');
    expect(got.statusCode).toBe(200);
    expect(got.body).toContain('newReview');
  });
});
