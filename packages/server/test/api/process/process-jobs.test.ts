import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maintainProcessHistory, registerProcessJobs, scheduleProcessMaintenance } from '../../../src/modules/process/index.ts';
import { TestClock } from '../../../src/platform/clock/index.ts';
import { createJobHandlers, type JobRunner } from '../../../src/platform/jobs/index.ts';
import { systemActor, testJobRunner } from '../../helpers/job-runner.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { httpCall, waits } from './bpmn-files.ts';

// Jobs of the process engine run by the platform job runner when the test clock reaches them:
// timers, timer start events, HTTP connector calls (against a server in this test) with retries,
// incidents and their retry through the API, and the history maintenance.
const START = new Date('2026-12-10T09:00:00Z');
const MINUTE = 60_000;

let t: TestApp;
let clock: TestClock;
let runner: JobRunner;
let admin: string;
let supervisor: string;
let server: Server;
let serverUrl: string;
/** What the test server answers next (status, body); the default is 200 with a score. */
const answers: { status: number; body: unknown }[] = [];
const received: { method: string; body: unknown }[] = [];

async function readBody(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text ? JSON.parse(text) : null;
}

const advance = async (ms: number) => {
  clock.moveTo(new Date(clock.now().getTime() + ms));
  await runner.runDue(clock.now());
};
const deploy = async (xml: string) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/processes', headers: { ...bearer(admin), 'content-type': 'application/xml' }, payload: xml });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
};
const start = async (processKey: string, variables: Record<string, unknown> = {}) => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/process-instances', headers: bearer(admin), payload: { processKey, variables } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const instance = async (id: string) => (await t.app.inject({ method: 'GET', url: `/api/v1/process-instances/${id}`, headers: bearer(admin) })).json();

beforeAll(async () => {
  server = createServer(async (request, response) => {
    received.push({ method: request.method!, body: await readBody(request) });
    const answer = answers.shift() ?? { status: 200, body: { score: 712 } };
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/score`;

  clock = new TestClock(START);
  t = await createTestApp({ clock });
  const handlers = createJobHandlers();
  registerProcessJobs(handlers, { retentionMonths: 84, httpMaxTimeoutMs: 5_000 });
  runner = testJobRunner(t, { clock, handlers });
  admin = await t.login('admin');
  await t.createUser('sup', ['supervisor']);
  supervisor = await t.login('sup');
});

afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('timers', () => {
  it('fires an intermediate timer when the clock reaches it, not before', async () => {
    await deploy(waits);
    const id = await start('timer-wait');
    const view = await instance(id);
    expect(view.waitingEvents).toEqual([{ elementId: 'wait', kind: 'timer', dueAt: new Date(clock.now().getTime() + 30 * MINUTE).toISOString() }]);
    await advance(29 * MINUTE);
    expect((await instance(id)).state).toBe('active');
    await advance(MINUTE);
    expect(await instance(id)).toMatchObject({ state: 'completed', waitingEvents: [] });
    const jobs = await t.sql(`SELECT count(*)::int AS n FROM process.job WHERE instance_id = $1`, [id]);
    expect(jobs).toEqual([{ n: 0 }]);
  });

  it('gives the latest version the timer start event: an older version loses its job, the new one starts instances', async () => {
    const timerStart = (name: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
<bpmn:process id="hourly" name="${name}" isExecutable="true">
  <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R2/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
  <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="check" />
  <bpmn:userTask id="check" />
  <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="end" />
  <bpmn:endEvent id="end" />
</bpmn:process></bpmn:definitions>`;
    const v1 = (await deploy(timerStart('Hourly'))).processes[0];
    const v2 = (await deploy(timerStart('Hourly check'))).processes[0];
    const startJobs = await t.sql<{ definition_id: string; state: string }>(
      `SELECT j.definition_id, p.state FROM process.job j JOIN platform.job p ON p.kind = 'process.job' AND p.key = j.platform_job_key WHERE j.instance_id IS NULL AND j.element_id = 'tick'`,
    );
    expect(startJobs).toEqual([{ definition_id: v2.id, state: 'pending' }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM process.job WHERE definition_id = $1`, [v1.id])).toEqual([{ n: 0 }]);

    await advance(60 * MINUTE);
    await advance(60 * MINUTE);
    await advance(60 * MINUTE);
    const started = await t.sql<{ version: number }>(`SELECT version FROM process.instance WHERE process_key = 'hourly' ORDER BY started_at`);
    expect(started).toEqual([{ version: 2 }, { version: 2 }]);
  });
});

describe('the HTTP connector', () => {
  it('calls the URL with the body, stores the JSON answer in the result variable and goes on', async () => {
    await deploy(httpCall(serverUrl));
    received.length = 0;
    const id = await start('http-call', { applicant: 'A-7' });
    expect((await instance(id)).activeElements).toEqual([{ elementId: 'call', elementType: 'serviceTask' }]);
    await advance(0);
    expect(received).toEqual([{ method: 'POST', body: { applicant: 'A-7' } }]);
    expect(await instance(id)).toMatchObject({ variables: { applicant: 'A-7', score: { score: 712 } }, activeElements: [{ elementId: 'wait', elementType: 'userTask' }] });
  });

  it('retries a failing call, opens an incident when the retries run out, and goes on after a retry through the API', async () => {
    received.length = 0;
    answers.push({ status: 500, body: { error: 'down' } }, { status: 502, body: { error: 'down' } }, { status: 503, body: { error: 'still down' } });
    const id = await start('http-call', { applicant: 'B-1' });
    await advance(0);
    expect(received).toHaveLength(1);
    expect((await instance(id)).incidents).toEqual([]);
    // retries="2": two retries after the first call, PT1S then PT2S apart.
    await advance(1_000);
    expect(received).toHaveLength(2);
    expect((await instance(id)).incidents).toEqual([]);
    await advance(2_000);
    expect(received).toHaveLength(3);
    const view = await instance(id);
    expect(view.incidents).toEqual([expect.objectContaining({ elementId: 'call', kind: 'connector-failed', message: 'HTTP 503' })]);
    const incidentId = view.incidents[0].id as string;

    expectProblem(await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/retry`, headers: bearer(supervisor) }), 403, 'forbidden');
    const retried = await t.app.inject({ method: 'POST', url: `/api/v1/incidents/${incidentId}/retry`, headers: bearer(admin) });
    expect(retried.statusCode, retried.body).toBe(204);
    await advance(0);
    expect(received).toHaveLength(4);
    expect(await instance(id)).toMatchObject({ incidents: [], variables: { score: { score: 712 } }, activeElements: [{ elementId: 'wait', elementType: 'userTask' }] });
    expect(await t.sql(`SELECT action FROM audit.event WHERE action = 'process.incident-retried' AND target_id = $1`, [incidentId])).toEqual([{ action: 'process.incident-retried' }]);
    expectProblem(await t.app.inject({ method: 'POST', url: '/api/v1/incidents/0190aaaa-0000-7000-8000-000000000000/retry', headers: bearer(admin) }), 404, 'process-incident-not-found');
  });
});

describe('history maintenance', () => {
  it('makes the monthly partitions (moving rows out of the default one) and schedules itself for the next day', async () => {
    const before = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM process.element_history_default`);
    expect(before[0]!.n).toBeGreaterThan(0);
    await scheduleProcessMaintenance(t.database.db, clock.now());
    await runner.runDue(clock.now());
    const partitions = await t.sql<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'process.element_history'::regclass ORDER BY 1`,
    );
    expect(partitions.map((p) => p.name)).toEqual([
      'element_history_2026_11',
      'element_history_2026_12',
      'element_history_2027_01',
      'element_history_2027_02',
      'element_history_2027_03',
      'element_history_default',
    ]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM process.element_history_default`)).toEqual([{ n: 0 }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM process.element_history_2026_12`)).toEqual(before);
    expect(await t.sql(`SELECT key, state FROM platform.job WHERE kind = 'process.history-maintenance' ORDER BY id`)).toEqual([
      { key: '2026-12-10', state: 'done' },
      { key: '2026-12-11', state: 'pending' },
    ]);
  });

  it('drops partitions and deletes ended instances and tasks older than the retention', async () => {
    const ended = await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM process.instance WHERE ended_at IS NOT NULL`);
    expect(ended[0]!.n).toBeGreaterThan(0);
    const actor = await systemActor(t.database.db, 'system:process');
    // Two months later with a retention of one month: November and December 2026 have passed.
    const later = new Date('2027-02-15T00:00:00Z');
    const report = await t.commands.runCommand({ actor, channel: 'test' }, (ctx) => maintainProcessHistory(ctx.tx, { now: later, retentionMonths: 1 }));
    expect(report.dropped.sort()).toEqual(['element_history_2026_11', 'element_history_2026_12']);
    expect(report.deletedInstances).toBe(ended[0]!.n);
    expect(await t.sql(`SELECT count(*)::int AS n FROM process.instance WHERE ended_at IS NOT NULL`)).toEqual([{ n: 0 }]);
    expect(await t.sql(`SELECT count(*)::int AS n FROM process.task WHERE state <> 'open'`)).toEqual([{ n: 0 }]);
    // running instances stay, with their history from the partitions kept
    expect((await t.sql<{ n: number }>(`SELECT count(*)::int AS n FROM process.instance WHERE ended_at IS NULL`))[0]!.n).toBeGreaterThan(0);
  });
});
