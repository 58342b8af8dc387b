// Single-case create (POST /api/v1/cases) under autocannon, and bulk NDJSON create.
import { loadavg } from 'node:os';
import { complaintBody, type BulkLineOptions } from './data.ts';
import { round, runLoad, withServerCpu, type LoadResult } from './http-load.ts';
import type { Target } from './target.ts';

export async function runSingleCreate(target: Target, connections: number, durationSeconds: number): Promise<LoadResult> {
  return withServerCpu(target, () =>
    runLoad({
      url: target.url,
      token: target.token,
      path: '/api/v1/cases',
      method: 'POST',
      body: JSON.stringify(complaintBody(7)),
      connections,
      duration: durationSeconds,
    }),
  );
}

export interface BulkResult {
  requests: number;
  linesPerRequest: number;
  concurrency: number;
  created: number;
  seconds: number;
  casesPerSecond: number;
  /** Wall time of each request, ms. */
  requestMs: number[];
  loadAverage: number;
  /** CPU time of the Docket process per created case, ms. */
  serverCpuMsPerCase?: number;
}

/** Sends `requests` NDJSON bodies of `lines` lines each, `concurrency` at a time; every line must be created. */
export async function runBulkCreate(target: Target, requests: number, lines: number, concurrency: number, runId: string, lineOptions: BulkLineOptions): Promise<BulkResult> {
  const bodies: string[] = [];
  for (let r = 0; r < requests; r++) {
    const chunk: string[] = [];
    for (let l = 0; l < lines; l++) {
      const i = r * lines + l;
      chunk.push(JSON.stringify(complaintBody(i, { externalId: `bulk-${runId}-${i}`, ...lineOptions })));
    }
    bodies.push(chunk.join('\n'));
  }
  const requestMs: number[] = [];
  let created = 0;
  let next = 0;
  const cpuBefore = await target.serverCpuMs();
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const t0 = performance.now();
      const res = await fetch(`${target.url}/api/v1/cases/bulk`, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      const json = (await res.json()) as { created: number; duplicates: number; invalid: number };
      requestMs.push(round(performance.now() - t0, 0));
      if (res.status !== 200 || json.created !== lines)
        throw new Error(
          `bulk request answered ${res.status}: created ${json.created}, duplicates ${json.duplicates}, invalid ${json.invalid}; first: ${JSON.stringify((json as { results?: unknown[] }).results?.[0])}`,
        );
      created += json.created;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const serverCpuMsPerCase = round(((await target.serverCpuMs()) - cpuBefore) / Math.max(1, created), 3);
  return {
    requests,
    linesPerRequest: lines,
    concurrency,
    created,
    seconds: round(seconds, 2),
    casesPerSecond: round(created / seconds, 0),
    requestMs,
    loadAverage: round(loadavg()[0]!, 2),
    serverCpuMsPerCase,
  };
}

/** Does bulk accept a line with dueAt and departmentId, which single create accepts? */
export async function probeBulkFormats(target: Target): Promise<{ accepted: boolean; answer: unknown }> {
  const line = JSON.stringify(complaintBody(1, { departmentId: '00000000-0000-4000-8000-000000000001' }));
  const res = await fetch(`${target.url}/api/v1/cases/bulk`, {
    method: 'POST',
    headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/x-ndjson' },
    body: line,
  });
  const json = (await res.json()) as { created: number; results: unknown[] };
  return { accepted: res.status === 200 && json.created === 1, answer: json.results?.[0] ?? json };
}
