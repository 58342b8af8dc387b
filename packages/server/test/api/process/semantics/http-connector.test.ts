import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeIds, createEngine, type Engine, expectHistory } from './harness.ts';

/**
 * An HTTP service task against a local server: retries with a doubling back-off on the test
 * clock, an incident when they run out, and a retry from the API (Camunda 7 FailedJobRetryTest,
 * Zeebe's job retries and incident resolution).
 */
describe('execution semantics: HTTP service task', () => {
  let e: Engine;
  let server: Server;
  let serviceUrl: string;
  let failing = true;
  const requests: { method: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        requests.push({ method: req.method ?? '', body });
        if (failing) {
          res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"down"}');
        } else {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":720}');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;
    e = await createEngine();
    await e.preload('docket-http.bpmn');
  });
  afterAll(async () => {
    await e?.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('retries="2": one call and two retries, PT10S then PT20S apart, then an incident and no more calls', async () => {
    failing = true;
    const before = requests.length;
    const calls = () => requests.length - before;
    const id = await e.start('http_service', { serviceUrl, applicant: 'Ms Chan' });
    let view = await e.instance(id);
    expect(view.state).toBe('active');
    expect(view.activeElements).toEqual([{ elementId: 'fetchScore', elementType: 'serviceTask' }]);

    await e.advance('PT1S');
    expect(calls()).toBe(1);
    expect(requests[before]).toEqual({ method: 'POST', body: JSON.stringify({ applicant: 'Ms Chan' }) });
    expect((await e.instance(id)).state).toBe('active');

    // First back-off PT10S after the failed call …
    await e.advance('PT9S');
    expect(calls()).toBe(1);
    await e.advance('PT1S');
    expect(calls()).toBe(2);
    // … then doubled: PT20S.
    await e.advance('PT19S');
    expect(calls()).toBe(2);
    await e.advance('PT1S');
    expect(calls()).toBe(3);

    view = await e.instance(id);
    expect(view.state).toBe('incident');
    expect(activeIds(view)).toEqual(['fetchScore']);
    expect(view.incidents ?? []).toHaveLength(1);
    // No more calls once the retries ran out.
    await e.advance('PT1H');
    expect(calls()).toBe(3);
  });

  it('an incident retried through the API calls again and, on success, stores the response and goes on', async () => {
    failing = true;
    const before = requests.length;
    const id = await e.start('http_service_incident', { serviceUrl });
    await e.advance('PT1S');
    await e.advance('PT1H');
    let view = await e.instance(id);
    expect(view.state).toBe('incident');
    expect(activeIds(view)).toEqual(['fetchRating']);
    const incidents = view.incidents ?? [];
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ elementId: 'fetchRating' });
    expect(requests[before]).toEqual({ method: 'GET', body: '' });
    const callsBeforeRetry = requests.length;

    failing = false;
    const retry = await e.post(`/api/v1/incidents/${incidents[0]!.id}/retry`, {});
    expect(retry.statusCode).toBeLessThan(300);
    await e.advance('PT1S');
    expect(requests.length).toBe(callsBeforeRetry + 1);
    view = await e.instance(id);
    expect(view.state).toBe('active');
    expect(activeIds(view)).toEqual(['iReview']);
    expect(view.incidents ?? []).toEqual([]);
    expect(view.variables.rating).toEqual({ value: 720 });
    expectHistory(await e.history(id), { fetchRating: ['completed'], iReview: [null] });

    // A resolved incident cannot be retried again.
    const again = await e.post(`/api/v1/incidents/${incidents[0]!.id}/retry`, {});
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect(again.statusCode).toBeLessThan(500);
  });
});
