import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/openapi-document.ts';
import { OPERATIONS } from '../../src/platform/http/openapi-operations.ts';
import { problemStatusesOf } from '../../src/platform/http/openapi.ts';
import { serverRoot } from './module-graph.ts';

interface Operation {
  operationId?: string;
  security?: unknown[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}
type Document = { servers?: { url: string }[]; paths: Record<string, Record<string, Operation>> };

const repoRoot = path.resolve(serverRoot, '../..');
// Wherever npm placed the package (hoisted or not), run its own bin with this Node.
const redoclyCli = path.join(path.dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin/cli.js');

// Other languages' client generators (openapi-generator, NSwag, oapi-codegen) name methods by
// operationId and read error types from the 4xx responses; an outside linter checks the rest.
describe('the OpenAPI document', () => {
  let doc: Document;
  let operations: { key: string; operation: Operation }[];
  beforeAll(async () => {
    doc = (await buildOpenApiDocument()) as Document;
    operations = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${p}`, operation })));
  });

  it('names every operation from the catalogue, and the catalogue names no operation that is gone', () => {
    expect(operations.length).toBeGreaterThan(60);
    const unnamed = operations.filter(({ key, operation }) => !OPERATIONS[key] || operation.operationId !== OPERATIONS[key]!.operationId).map((o) => o.key);
    expect(unnamed, 'add these to platform/http/openapi-operations.ts').toEqual([]);
    const documented = new Set(operations.map((o) => o.key));
    expect(
      Object.keys(OPERATIONS).filter((key) => !documented.has(key)),
      'no route answers these catalogue entries',
    ).toEqual([]);
    const ids = Object.values(OPERATIONS).map((e) => e.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
  });

  it('gives every JSON operation a 2xx response schema (or 204); only catalogued redirects and downloads differ', () => {
    const missing = operations
      .filter(({ key }) => !OPERATIONS[key]?.responses)
      .filter(({ operation }) => {
        const success = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));
        return success.length === 0 || success.some(([status, r]) => status !== '204' && !r.content?.['application/json']?.schema);
      })
      .map((o) => o.key);
    expect(missing).toEqual([]);
  });

  it('documents 4xx answers of every operation as problem documents', () => {
    const withoutProblems = operations.filter(({ operation }) => !Object.keys(operation.responses).some((status) => /^4/.test(status))).map((o) => o.key);
    expect(withoutProblems).toEqual([]);
    for (const { operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^4/.test(status)) expect(response.content).toEqual({ 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } });
      }
    }
  });

  it('says which operations need no credentials, and where the server is', () => {
    expect(doc.servers?.length).toBeGreaterThan(0);
    const isPublic = (key: string) => operations.find((o) => o.key === key)!.operation.security?.length === 0;
    expect(isPublic('POST /api/v1/auth/login')).toBe(true);
    expect(isPublic('GET /api/v1/audit/tree-heads/latest')).toBe(true);
    expect(isPublic('GET /api/v1/cases/{id}/timeline')).toBe(false);
    expect(Object.keys(operations.find((o) => o.key === 'GET /api/v1/cases/{id}/timeline')!.operation.responses)).toEqual(['200', '400', '401', '403', '404']);
  });

  it('passes redocly lint with its recommended rules: no error, no warning', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'docket-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc, null, 2));
      const run = await promisify(execFile)(process.execPath, [redoclyCli, 'lint', file, '--config', path.join(repoRoot, 'redocly.yaml'), '--format', 'stylish', '--max-problems', '1000'], {
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      }).catch((error: { stdout: string; stderr: string }) => error);
      const output = `${run.stdout}\n${run.stderr}`;
      expect(output, output).toMatch(/Your API description is valid/);
      expect(output, output).not.toMatch(/\b(error|warning)\s+[a-z0-9-]+\s/);
      expect(output, output).not.toMatch(/You have \d+ warning/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('problemStatusesOf', () => {
  it('derives the standard answers from what a route is', () => {
    const body = { type: 'object' };
    expect(problemStatusesOf({ params: {}, body, headers: { properties: { 'if-match': {} } } }, { authenticated: true }, undefined)).toEqual([400, 401, 403, 404, 412, 413, 415, 428]);
    expect(problemStatusesOf({ body, headers: { properties: { 'Idempotency-Key': {} } } }, { rateLimit: { max: 5 } }, { operationId: 'x', problems: [409] })).toEqual([400, 409, 413, 415, 422, 429]);
    expect(problemStatusesOf({}, {}, undefined)).toEqual([]);
  });
});
