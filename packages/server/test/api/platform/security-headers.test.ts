import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSecurityHeaders } from '../../../src/platform/http/security-headers.ts';
import { registerWebConsole } from '../../../src/platform/http/web-console.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

// Loopback HOST, nothing else configured: the two-command demo.
let local: TestApp;
// A reachable install behind a trusted TLS-terminating proxy, with a metrics token.
let exposed: TestApp;

beforeAll(async () => {
  [local, exposed] = await Promise.all([createTestApp(), createTestApp({ config: { host: '0.0.0.0', trustProxy: true, metricsToken: METRICS_TOKEN } })]);
});
afterAll(() => Promise.all([local.close(), exposed.close()]));

const get = (t: TestApp, url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const auditCount = async (t: TestApp) => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit.event'))[0]!.n;

function expectSecurityHeaders(headers: Record<string, unknown>) {
  const csp = String(headers['content-security-policy']);
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self';");
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
}

describe('security headers', () => {
  it('sends CSP, frame-ancestors/X-Frame-Options, nosniff and Referrer-Policy on API answers', async () => {
    const token = await local.login('admin');
    const res = await get(local, '/api/v1/me', bearer(token));
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res.headers);
  });

  it('sends them on problem answers and unknown routes too', async () => {
    const unauthenticated = await get(local, '/api/v1/me');
    expectProblem(unauthenticated, 401, 'unauthenticated');
    expectSecurityHeaders(unauthenticated.headers);
    const missing = await get(local, '/api/v1/no-such-endpoint');
    expectProblem(missing, 404, 'route-not-found');
    expectSecurityHeaders(missing.headers);
  });

  it('sends no HSTS over plain http, nor when an untrusted client claims X-Forwarded-Proto: https', async () => {
    expect((await get(local, '/healthz')).headers['strict-transport-security']).toBeUndefined();
    expect((await get(local, '/healthz', { 'x-forwarded-proto': 'https' })).headers['strict-transport-security']).toBeUndefined();
    expect((await get(exposed, '/healthz')).headers['strict-transport-security']).toBeUndefined();
  });

  it('sends HSTS when a trusted proxy says the browser came over https', async () => {
    const res = await get(exposed, '/healthz', { 'x-forwarded-proto': 'https' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expectSecurityHeaders(res.headers);
  });
});

describe('the console under the security headers', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'docket-console-'));
  const app = Fastify();
  beforeAll(async () => {
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc.js"></script>');
    writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log("docket")');
    registerSecurityHeaders(app);
    await registerWebConsole(app, root);
  });
  afterAll(async () => {
    await app.close();
    rmSync(root, { recursive: true, force: true });
  });

  it.each(['/', '/cases/some-client-route', '/assets/index-abc.js'])('serves %s with the headers, so the console cannot be framed', async (url) => {
    const res = await app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expectSecurityHeaders(res.headers);
  });
});

describe('/metrics', () => {
  it('is not served at all when no DOCKET_METRICS_TOKEN is configured', async () => {
    const before = await auditCount(local);
    const res = await get(local, '/metrics');
    expectProblem(res, 404, 'route-not-found');
    expect(res.body).not.toContain('docket_');
    expect(await auditCount(local)).toBe(before);
  });

  it.each([
    ['no Authorization header', {}],
    ['a wrong token', { authorization: 'Bearer not-the-metrics-token-at-all' }],
    ['the token without the Bearer scheme', { authorization: METRICS_TOKEN }],
    ['a user session token', null],
  ])('refuses %s with 401 and a Bearer challenge', async (_name, headers) => {
    const given = headers ?? bearer(await exposed.login('admin'));
    const before = await auditCount(exposed);
    const res = await get(exposed, '/metrics', given);
    expectProblem(res, 401, 'unauthenticated');
    expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(res.body).not.toContain('docket_http_request_duration_seconds');
    expect(await auditCount(exposed)).toBe(before);
  });

  it('answers the scraper that sends the configured token', async () => {
    const res = await get(exposed, '/metrics', { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toContain('# TYPE docket_http_request_duration_seconds histogram');
  });
});

describe('/docs and /openapi.json', () => {
  it('are served on a loopback HOST by default', async () => {
    expect((await get(local, '/openapi.json')).json().openapi).toBe('3.1.0');
    const docs = await get(local, '/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger-ui');
  });

  it.each(['/openapi.json', '/docs', '/docs/', '/docs/static/index.html', '/docs/json'])('%s is not served on a reachable HOST by default', async (url) => {
    const res = await get(exposed, url);
    expectProblem(res, 404, 'route-not-found');
    expect(res.body).not.toContain('swagger');
    expect(res.body).not.toContain('/api/v1/cases');
  });

  it('follows DOCKET_API_DOCS when it is set', async () => {
    const [off, on] = await Promise.all([createTestApp({ config: { apiDocs: false } }), createTestApp({ config: { host: '0.0.0.0', apiDocs: true } })]);
    try {
      expectProblem(await get(off, '/openapi.json'), 404, 'route-not-found');
      expectProblem(await get(off, '/docs/'), 404, 'route-not-found');
      expect((await get(on, '/openapi.json')).statusCode).toBe(200);
      expect((await get(on, '/docs/')).statusCode).toBe(200);
    } finally {
      await Promise.all([off.close(), on.close()]);
    }
  });
});
