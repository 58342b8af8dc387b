import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config/config.ts';
import { systemClock } from '../../../src/platform/clock/clock.ts';
import { openDatabase } from '../../../src/platform/db/database.ts';
import { createCommandRunner } from '../../../src/platform/commands/index.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;

const METRICS_TOKEN = 'metrics-token-for-platform-tests';

beforeAll(async () => {
  t = await createTestApp({ config: { metricsToken: METRICS_TOKEN } });
});
afterAll(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

describe('health', () => {
  it('answers /healthz without touching the database', async () => {
    const res = await get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers /readyz when the database answers', async () => {
    const res = await get('/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('answers /readyz with 503 service-unavailable when the database does not answer', async () => {
    // given: a database nobody listens on
    const database = openDatabase('postgres://docket@127.0.0.1:1/nowhere', 1);
    const app = await buildApp({
      config: { ...loadConfig({}), seedDemo: false },
      database,
      clock: systemClock,
      keyRing: t.keyRing,
      commands: createCommandRunner(database, systemClock, t.keyRing),
      resolvePrincipal: async () => undefined,
    });
    try {
      // when
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      // then
      expect(res.statusCode).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
      expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
      await database.close();
    }
  });
});

describe('/metrics', () => {
  it('serves Prometheus text with request durations labelled by route pattern, never by id', async () => {
    // given
    const admin = await t.login('admin');
    await get('/api/v1/cases/01900000-0000-7000-8000-000000000000', bearer(admin));
    // when
    const res = await get('/metrics', bearer(METRICS_TOKEN));
    // then
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE docket_http_request_duration_seconds histogram');
    expect(res.body).toMatch(/docket_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/cases\/:id",status="404"\} 1/);
    expect(res.body).not.toContain('01900000-0000-7000-8000-000000000000');
    expect(res.body).toContain('docket_process_cpu_user_seconds_total');
  });
});

describe('/openapi.json', () => {
  it('describes the API as OpenAPI 3.1 with the case paths and shared schemas', async () => {
    // when
    const res = await get('/openapi.json');
    // then
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Docket API', version: '1' });
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/case-types',
        '/api/v1/case-types/{key}',
        '/api/v1/cases',
        '/api/v1/cases/bulk',
        '/api/v1/cases/{id}',
        '/api/v1/cases/{id}/comments',
        '/api/v1/cases/{id}/attachments',
        '/api/v1/cases/{id}/links',
        '/api/v1/cases/{id}/watchers/{userId}',
        '/api/v1/cases/{id}/history',
      ]),
    );
    expect(Object.keys(doc.paths['/api/v1/cases/{id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(doc.paths['/api/v1/cases'].post.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['type', 'title', 'fields']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Case', 'CaseType', 'Comment', 'Attachment', 'CaseLink', 'AuditEvent', 'Me']));
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    // Operational endpoints are not part of the API contract.
    expect(doc.paths['/healthz']).toBeUndefined();
    expect(doc.paths['/metrics']).toBeUndefined();
  });
});

describe('/docs/', () => {
  it('serves the interactive API documentation as HTML', async () => {
    const res = await get('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('swagger-ui');
  });
});

describe('unknown routes and request ids', () => {
  it.each([
    ['GET', '/api/v1/no-such-endpoint'],
    ['POST', '/api/v1/cases/01900000-0000-7000-8000-000000000000/nothing'],
    ['DELETE', '/api/v1/cases'],
  ] as const)('answers %s %s with 404 route-not-found', async (method, url) => {
    const res = await t.app.inject({ method, url });
    const problem = expectProblem(res, 404, 'route-not-found');
    expect(problem).toMatchObject({ title: 'No such endpoint', detail: `${method} ${url}`, instance: url });
  });

  it('echoes a well-formed X-Request-Id and replaces a malformed one', async () => {
    const given = await get('/healthz', { 'x-request-id': 'branch-0042.req-7' });
    expect(given.headers['x-request-id']).toBe('branch-0042.req-7');
    const malformed = await get('/healthz', { 'x-request-id': 'has spaces; and <html>' });
    expect(malformed.headers['x-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('puts the request id into every problem document', async () => {
    const res = await get('/api/v1/me', { 'x-request-id': 'trace-me-1' });
    expect(expectProblem(res, 401, 'unauthenticated').requestId).toBe('trace-me-1');
  });
});
