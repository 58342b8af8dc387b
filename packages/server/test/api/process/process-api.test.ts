import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listCaseHistory, runProcessCommand } from '../../../src/modules/process/index.ts';
import type { Principal } from '../../../src/platform/http/principal.ts';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { systemActor } from '../../helpers/job-runner.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';
import { broken, callsMissing, loanApproval, messageStart, parallelReview, publishesEvent, strictRouting, waits } from './bpmn-files.ts';

// The process API from outside: deploy, start, read, change and end instances, messages and
// signals, through app.inject against a real database; and who may do each.

let t: TestApp;
let admin: string;
let supervisor: string;
let agent: string;
let auditor: string;
let engineActor: Principal;

const deployXml = (token: string, xml: string, contentType = 'application/xml') =>
  t.app.inject({ method: 'POST', url: '/api/v1/processes', headers: { ...bearer(token), 'content-type': contentType }, payload: xml });
const post = (token: string, url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: bearer(token), payload: payload as object });
const get = (token: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(token) });
const start = (token: string, body: Record<string, unknown>) => post(token, '/api/v1/process-instances', body);
const instance = async (id: string) => {
  const res = await get(admin, `/api/v1/process-instances/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const openTaskIds = async (instanceId: string, elementId?: string) =>
  (
    await t.sql<{ id: string }>(`SELECT id FROM process.task WHERE instance_id = $1 AND state = 'open' ${elementId ? 'AND element_id = $2' : ''} ORDER BY created_at, id`, [
      instanceId,
      ...(elementId ? [elementId] : []),
    ])
  ).map((r) => r.id);
/** Completes a task as the commands layer does for the task endpoints (another helper's routes). */
const completeTask = (taskId: string, variables: Record<string, unknown> = {}) =>
  t.commands.runCommand({ actor: engineActor, channel: 'test' }, (ctx) => runProcessCommand(ctx, {}, (engine) => engine.completeTask({ taskId, variables, completedBy: engineActor.userId })));

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await t.createUser('sup', ['supervisor']);
  await t.createUser('ag', ['agent']);
  await t.createUser('aud', ['auditor']);
  [supervisor, agent, auditor] = await Promise.all([t.login('sup'), t.login('ag'), t.login('aud')]);
  engineActor = await systemActor(t.database.db, 'system:process');
  await createSeedCaseTypes(t, admin);
});

afterAll(async () => {
  await t?.close();
});

describe('POST /api/v1/processes', () => {
  it('deploys every executable process of a file as version 1, and lists and shows it', async () => {
    const res = await deployXml(admin, loanApproval());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ processes: [{ key: 'loan-approval', version: 1, duplicate: false }], warnings: [] });

    const list = await get(supervisor, '/api/v1/processes');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ key: 'loan-approval', version: 1, versionCount: 1, name: 'Loan approval' })]);
    const shown = await get(supervisor, '/api/v1/processes/loan-approval');
    expect(shown.json()).toMatchObject({ key: 'loan-approval', version: 1, xml: loanApproval(), versions: [{ version: 1 }] });
    const audit = await t.sql(`SELECT actor_name, data FROM audit.event WHERE action = 'process.deployed'`);
    expect(audit).toEqual([{ actor_name: 'admin', data: expect.objectContaining({ processes: [expect.objectContaining({ key: 'loan-approval', version: 1 })] }) }]);
  });

  it('answers the latest version again for an identical process (200, duplicate), and makes a new version when it changed', async () => {
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/processes', headers: bearer(admin), payload: { xml: loanApproval() } });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ processes: [{ key: 'loan-approval', version: 1, duplicate: true }], deploymentId: null });

    const changed = await deployXml(admin, loanApproval('Loan approval (2)'), 'text/xml; charset=utf-8');
    expect(changed.statusCode, changed.body).toBe(201);
    expect(changed.json().processes).toEqual([expect.objectContaining({ key: 'loan-approval', version: 2, duplicate: false })]);
    const versions = (await get(admin, '/api/v1/processes/loan-approval')).json().versions.map((v: { version: number }) => v.version);
    expect(versions).toEqual([2, 1]);
    const v1 = await get(admin, '/api/v1/processes/loan-approval?version=1');
    expect(v1.json()).toMatchObject({ version: 1, xml: loanApproval() });
    expectProblem(await get(admin, '/api/v1/processes/loan-approval?version=9'), 404, 'process-not-found');
  });

  it('refuses a file that cannot run with 422 and every problem by element id, and deploys nothing', async () => {
    const res = await deployXml(admin, broken);
    const problem = expectProblem(res, 422, 'process-definition-invalid');
    const elementIds = (problem.problems as { elementId: string }[]).map((p) => p.elementId);
    expect(elementIds).toEqual(expect.arrayContaining(['f2', 'script']));
    expect(await t.sql(`SELECT key FROM process.definition WHERE key = 'broken'`)).toEqual([]);
  });

  it('refuses a call activity whose process is neither in the file nor deployed', async () => {
    const problem = expectProblem(await deployXml(admin, callsMissing), 422, 'process-definition-invalid');
    expect(problem.problems).toEqual([expect.objectContaining({ elementId: 'call-kyc', code: 'missing-called-process' })]);
  });

  it('answers a body that is not BPMN with a 4xx problem, never a 5xx', async () => {
    for (const [body, type] of [
      ['not xml at all', 'application/xml'],
      ['<html><body>hi</body></html>', 'application/xml'],
      ['<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process', 'text/xml'],
      [JSON.stringify({ xml: '{}' }), 'application/json'],
      [JSON.stringify({ notXml: 1 }), 'application/json'],
    ] as const) {
      const res = await deployXml(admin, body, type);
      expect(res.statusCode, `${body}: ${res.body}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, body).toBeLessThan(500);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });

  it('refuses deploying without process:deploy, and reading without process:read', async () => {
    expectProblem(await deployXml(supervisor, strictRouting), 403, 'forbidden');
    expectProblem(await deployXml(agent, strictRouting), 403, 'forbidden');
    expectProblem(await get(auditor, '/api/v1/processes'), 403, 'forbidden');
    expectProblem(await get(agent, '/api/v1/processes/loan-approval'), 403, 'forbidden');
  });
});

describe('process instances', () => {
  it('starts the latest version, shows what is active, and keeps the history in order', async () => {
    const res = await start(supervisor, { processKey: 'loan-approval', variables: { amount: 5000 }, businessKey: 'L-1' });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    const view = await instance(id);
    expect(view).toMatchObject({
      id,
      processKey: 'loan-approval',
      version: 2,
      state: 'active',
      variables: { amount: 5000 },
      businessKey: 'L-1',
      parentId: null,
      childIds: [],
      caseId: null,
      endedAt: null,
    });
    expect(view.activeElements).toEqual([{ elementId: 'review', elementType: 'userTask' }]);

    await completeTask((await openTaskIds(id))[0]!);
    expect((await instance(id)).activeElements).toEqual([{ elementId: 'senior', elementType: 'userTask' }]);
    await completeTask((await openTaskIds(id))[0]!);
    expect(await instance(id)).toMatchObject({ state: 'completed', activeElements: [], endedAt: expect.any(String) });

    const history = (await get(supervisor, `/api/v1/process-instances/${id}/history`)).json().items;
    expect(history.map((h: { elementId: string }) => h.elementId)).toEqual(['start', 'review', 'gw', 'senior', 'end']);
    expect(history.every((h: { outcome: string | null; endedAt: string | null }) => h.endedAt !== null && h.outcome !== null)).toBe(true);
    expect(await t.sql(`SELECT action, actor_name FROM audit.event WHERE action = 'process.started' AND target_id = $1`, [id])).toEqual([{ action: 'process.started', actor_name: 'sup' }]);
    const events = await t.sql<{ type: string }>(`SELECT type FROM platform.outbox_event WHERE aggregate_type = 'process-instance' AND aggregate_id = $1 ORDER BY id`, [id]);
    expect(events.map((e) => e.type)).toEqual([
      'process.instance-started',
      'process.task-created',
      'process.task-completed',
      'process.task-created',
      'process.task-completed',
      'process.instance-completed',
    ]);
  });

  it('refuses a start whose gateway matches no flow with 422 naming the gateway, and keeps nothing', async () => {
    expect((await deployXml(admin, strictRouting)).statusCode).toBe(201);
    const before = await t.sql(`SELECT count(*)::int AS n FROM process.instance WHERE process_key = 'strict-routing'`);
    const problem = expectProblem(await start(admin, { processKey: 'strict-routing', variables: { kind: 'c' } }), 422, 'process-no-matching-flow');
    expect(problem.elementId).toBe('route');
    expect(await t.sql(`SELECT count(*)::int AS n FROM process.instance WHERE process_key = 'strict-routing'`)).toEqual(before);
    expect((await start(admin, { processKey: 'strict-routing', variables: { kind: 'a' } })).statusCode).toBe(201);
  });

  it('answers 404 for an unknown process or version', async () => {
    expectProblem(await start(admin, { processKey: 'nope', variables: {} }), 404, 'process-not-found');
    expectProblem(await start(admin, { processKey: 'loan-approval', version: 7, variables: {} }), 404, 'process-not-found');
    expectProblem(await get(admin, '/api/v1/process-instances/0190aaaa-0000-7000-8000-000000000000'), 404, 'process-instance-not-found');
  });

  it('starts a version asked for, sets variables (audited by name), migrates and terminates (process:admin only)', async () => {
    const { id } = (await start(admin, { processKey: 'loan-approval', version: 1, variables: { amount: 10 } })).json();
    expect((await instance(id)).version).toBe(1);

    expectProblem(await t.app.inject({ method: 'PATCH', url: `/api/v1/process-instances/${id}/variables`, headers: bearer(supervisor), payload: { variables: { amount: 20 } } }), 403, 'forbidden');
    const set = await t.app.inject({ method: 'PATCH', url: `/api/v1/process-instances/${id}/variables`, headers: bearer(admin), payload: { variables: { amount: 20, note: 'x' } } });
    expect(set.statusCode, set.body).toBe(204);
    expect((await instance(id)).variables).toEqual({ amount: 20, note: 'x' });
    expect(await t.sql(`SELECT data FROM audit.event WHERE action = 'process.variables-set' AND target_id = $1`, [id])).toEqual([{ data: { variableNames: ['amount', 'note'] } }]);

    expectProblem(await post(supervisor, `/api/v1/process-instances/${id}/migrate`, { targetVersion: 2, mapping: { review: 'review' } }), 403, 'forbidden');
    const migrated = await post(admin, `/api/v1/process-instances/${id}/migrate`, { targetVersion: 2, mapping: { review: 'review' } });
    expect(migrated.statusCode, migrated.body).toBe(204);
    expect(await instance(id)).toMatchObject({ version: 2, activeElements: [{ elementId: 'review', elementType: 'userTask' }] });
    expectProblem(await post(admin, `/api/v1/process-instances/${id}/migrate`, { targetVersion: 9, mapping: {} }), 404, 'process-not-found');

    expectProblem(await post(supervisor, `/api/v1/process-instances/${id}/terminate`, { reason: 'no' }), 403, 'forbidden');
    const terminated = await post(admin, `/api/v1/process-instances/${id}/terminate`, { reason: 'customer withdrew' });
    expect(terminated.statusCode, terminated.body).toBe(204);
    expect(await instance(id)).toMatchObject({ state: 'terminated', activeElements: [] });
    expect(await t.sql(`SELECT reason FROM audit.event WHERE action = 'process.terminated' AND target_id = $1`, [id])).toEqual([{ reason: 'customer withdrew' }]);
    expectProblem(await post(admin, `/api/v1/process-instances/${id}/terminate`, { reason: 'again' }), 409, 'process-not-active');
    expect(await openTaskIds(id)).toEqual([]);
  });

  it('refuses starting without process:start and reading without process:read', async () => {
    expectProblem(await start(auditor, { processKey: 'loan-approval', variables: {} }), 403, 'forbidden');
    const { id } = (await start(agent, { processKey: 'loan-approval', variables: { amount: 1 } })).json();
    expectProblem(await get(agent, `/api/v1/process-instances/${id}`), 403, 'forbidden');
    expectProblem(await get(agent, `/api/v1/process-instances/${id}/history`), 403, 'forbidden');
    expectProblem(await get(auditor, '/api/v1/process-instances'), 403, 'forbidden');
  });

  it('ties an instance to a case the starter can read, and hides it from readers who cannot read the case', async () => {
    const created = await post(admin, '/api/v1/cases', complaint());
    expect(created.statusCode, created.body).toBe(201);
    const caseId = created.json().id as string;
    const res = await start(admin, { processKey: 'loan-approval', variables: { amount: 1 }, caseId });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json();
    expect((await instance(id)).caseId).toBe(caseId);
    const listed = await get(admin, `/api/v1/process-instances?caseId=${caseId}`);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual([id]);

    // the supervisor (no department) cannot read the case: the instance does not exist for them
    expectProblem(await get(supervisor, `/api/v1/process-instances/${id}`), 404, 'process-instance-not-found');
    expectProblem(await get(supervisor, `/api/v1/process-instances?caseId=${caseId}`), 404, 'case-not-found');
    const page = (await get(supervisor, '/api/v1/process-instances?processKey=loan-approval&limit=200')).json();
    expect(page.items.map((i: { id: string }) => i.id)).not.toContain(id);
    // nor may they start a process for it
    expectProblem(await start(supervisor, { processKey: 'loan-approval', variables: {}, caseId }), 404, 'case-not-found');
    // the case's process history (for the case page) holds what ended, newest first
    expect((await listCaseHistory(t.database.db, caseId, 10)).map((h) => [h.instanceId, h.elementId])).toEqual([[id, 'start']]);
    expect(await listCaseHistory(t.database.db, '0190aaaa-0000-7000-8000-000000000000', 10)).toEqual([]);
    // and through the API, to a reader of the case only
    const history = await get(admin, `/api/v1/process-history?caseId=${caseId}`);
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().items.map((h: { instanceId: string; elementId: string; outcome: string }) => [h.instanceId, h.elementId, h.outcome])).toEqual([[id, 'start', 'completed']]);
    expectProblem(await get(supervisor, `/api/v1/process-history?caseId=${caseId}`), 404, 'case-not-found');
    expectProblem(await get(auditor, `/api/v1/process-history?caseId=${caseId}`), 403, 'forbidden');
    expectProblem(await get(admin, '/api/v1/process-history?caseId=nope'), 400, 'validation-failed');
  });

  it('lists instances by key and state, newest first, a page at a time', async () => {
    const first = (await get(admin, '/api/v1/process-instances?processKey=loan-approval&state=active&limit=1')).json();
    expect(first.items).toHaveLength(1);
    expect(first.items.every((i: { state: string; processKey: string }) => i.state === 'active' && i.processKey === 'loan-approval')).toBe(true);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = (await get(admin, `/api/v1/process-instances?processKey=loan-approval&state=active&limit=1&cursor=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(1);
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect(second.items[0].startedAt <= first.items[0].startedAt).toBe(true);
    expectProblem(await get(admin, '/api/v1/process-instances?cursor=bm9wZQ'), 400, 'validation-failed');
  });

  it('completes two parallel tasks at the same time: both count once, the join fires once', async () => {
    expect((await deployXml(admin, parallelReview)).statusCode).toBe(201);
    const { id } = (await start(admin, { processKey: 'parallel-review', variables: {} })).json();
    const [legal, compliance] = [(await openTaskIds(id, 'legal'))[0]!, (await openTaskIds(id, 'compliance'))[0]!];
    const results = await Promise.allSettled([completeTask(legal, { legal: 'ok' }), completeTask(compliance, { compliance: 'ok' })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(await instance(id)).toMatchObject({ state: 'completed', variables: { legal: 'ok', compliance: 'ok' } });
    const history = (await get(admin, `/api/v1/process-instances/${id}/history`)).json().items.map((h: { elementId: string }) => h.elementId);
    expect(history.filter((e: string) => e === 'end')).toHaveLength(1);
  });

  it('completes one task twice at the same time: one succeeds, the other is refused with 409, never both', async () => {
    const { id } = (await start(admin, { processKey: 'parallel-review', variables: {} })).json();
    const legal = (await openTaskIds(id, 'legal'))[0]!;
    const results = await Promise.allSettled([completeTask(legal), completeTask(legal)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason.status).toBe(409);
    expect(await t.sql(`SELECT state, count(*)::int AS n FROM process.task WHERE instance_id = $1 AND element_id = 'legal' GROUP BY state`, [id])).toEqual([{ state: 'completed', n: 1 }]);
  });
});

describe('messages and signals', () => {
  it('correlates a message by correlation key, then a signal, and says when nothing waits', async () => {
    expect((await deployXml(admin, waits)).statusCode).toBe(201);
    const a = (await start(admin, { processKey: 'docs-wait', variables: { applicationId: 'A-1' } })).json().id;
    const b = (await start(admin, { processKey: 'docs-wait', variables: { applicationId: 'A-2' } })).json().id;
    expect((await instance(a)).waitingEvents).toEqual([{ elementId: 'docs', kind: 'message', name: 'docs-received' }]);

    expectProblem(await post(auditor, '/api/v1/messages', { name: 'docs-received', correlationKey: 'A-1', variables: {} }), 403, 'forbidden');
    const correlated = await post(agent, '/api/v1/messages', { name: 'docs-received', correlationKey: 'A-1', variables: { pages: 3 } });
    expect(correlated.statusCode, correlated.body).toBe(200);
    expect(correlated.json()).toEqual({ instanceIds: [a], started: false });
    expect(await instance(a)).toMatchObject({ variables: { applicationId: 'A-1', pages: 3 }, waitingEvents: [{ elementId: 'halted', kind: 'signal', name: 'halt' }] });
    expect((await instance(b)).waitingEvents).toEqual([{ elementId: 'docs', kind: 'message', name: 'docs-received' }]);

    expectProblem(await post(agent, '/api/v1/messages', { name: 'docs-received', correlationKey: 'A-9', variables: {} }), 404, 'process-message-not-correlated');
    expectProblem(await post(auditor, '/api/v1/signals', { name: 'halt', variables: {} }), 403, 'forbidden');
    const signalled = await post(agent, '/api/v1/signals', { name: 'halt', variables: {} });
    expect(signalled.statusCode, signalled.body).toBe(200);
    expect(signalled.json()).toEqual({ instanceIds: [a] });
    expect((await instance(a)).state).toBe('completed');
    expect(await t.sql(`SELECT action FROM audit.event WHERE action IN ('process.message-correlated', 'process.signal-broadcast') ORDER BY id`)).toEqual([
      { action: 'process.message-correlated' },
      { action: 'process.signal-broadcast' },
    ]);
  });

  it('starts an instance from a message start event of the latest version', async () => {
    expect((await deployXml(admin, messageStart)).statusCode).toBe(201);
    const res = await post(agent, '/api/v1/messages', { name: 'application-received', variables: { applicant: 'x' } });
    expect(res.statusCode, res.body).toBe(200);
    const { instanceIds, started } = res.json();
    expect(started).toBe(true);
    expect(await instance(instanceIds[0])).toMatchObject({ processKey: 'intake', variables: { applicant: 'x' }, activeElements: [{ elementId: 'triage', elementType: 'userTask' }] });
  });
});

describe('the publish-event connector', () => {
  it('publishes its event type and payload as a process.event-published domain event in the same transaction', async () => {
    expect((await deployXml(admin, publishesEvent)).statusCode).toBe(201);
    const { id } = (await start(admin, { processKey: 'announce', variables: { loanId: 'L-77' } })).json();
    expect((await instance(id)).state).toBe('completed');
    const published = await t.sql(`SELECT payload FROM platform.outbox_event WHERE type = 'process.event-published' AND aggregate_id = $1`, [id]);
    expect(published).toEqual([{ payload: { eventType: 'loan.scored', instanceId: id, elementId: 'announce-score', caseId: null, payload: { loanId: 'L-77' } } }]);
  });
});
