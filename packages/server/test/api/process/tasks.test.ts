import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// The task API over the real engine and PostgreSQL: one process whose parallel split opens a task
// for each way a task can be someone's (assignee, candidate user, group, role, external topic).

let t: TestApp;
let admin: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const api = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

function fanOutProcess(key: string, users: { alice: string; bob: string }): string {
  const task = (id: string, attributes: string) => `
    <bpmn:userTask id="${id}" name="${id}" ${attributes} />
    <bpmn:sequenceFlow id="to_${id}" sourceRef="split" targetRef="${id}" />
    <bpmn:sequenceFlow id="from_${id}" sourceRef="${id}" targetRef="end_${id}" />
    <bpmn:endEvent id="end_${id}" />`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${key}" targetNamespace="https://docket.dev/test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="to_split" sourceRef="start" targetRef="split" />
    <bpmn:parallelGateway id="split" />
    ${task('assigned', `camunda:assignee="${users.alice}"`)}
    ${task('byGroup', 'camunda:candidateGroups="reviewers"')}
    ${task('byRole', 'camunda:candidateGroups="supervisor" camunda:priority="80"')}
    ${task('byUser', `camunda:candidateUsers="${users.bob}"`)}
    ${task('byTopic', 'camunda:candidateGroups="topic:credit-check"')}
  </bpmn:process>
</bpmn:definitions>`;
}

async function deploy(xml: string) {
  const res = await api(admin, 'POST', '/processes', { xml });
  if (res.statusCode !== 201) throw new Error(`deploy: ${res.statusCode} ${res.body}`);
}

/** Starts an instance and returns its id and its tasks by element id. */
async function startFanOut(): Promise<{ instanceId: string; task: Record<string, string> }> {
  const res = await api(admin, 'POST', '/process-instances', { processKey: 'fan-out', variables: {} });
  if (res.statusCode !== 201) throw new Error(`start: ${res.statusCode} ${res.body}`);
  const instanceId = res.json().id as string;
  const rows = await t.sql<{ id: string; element_id: string }>('SELECT id, element_id FROM process.task WHERE instance_id = $1', [instanceId]);
  return { instanceId, task: Object.fromEntries(rows.map((r) => [r.element_id, r.id])) };
}

const taskRow = async (id: string) => (await t.sql('SELECT state, assignee, completed_by, outcome FROM process.task WHERE id = $1', [id]))[0];
const auditOf = async (action: string, taskId: string) =>
  t.sql<{ actor_name: string; reason: string | null; data: Record<string, unknown> }>('SELECT actor_name, reason, data FROM audit.event WHERE action = $1 AND target_id = $2', [action, taskId]);
const elementsOf = (res: { json(): { items: { elementId: string }[] } }) =>
  res
    .json()
    .items.map((i) => i.elementId)
    .sort();

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const branch = (await api(admin, 'POST', '/departments', { code: 'BR-TASKS', name: 'Tasks branch', kind: 'branch' })).json().id as string;
  for (const [name, roles] of [
    ['alice', ['agent']],
    ['bob', ['agent']],
    ['dave', ['agent']],
    ['sam', ['supervisor']],
    ['carol', ['agent']],
    ['robot', ['intake', 'topic-credit-check']],
  ] as const) {
    ids[name] = await t.createUser(name, [...roles], branch);
    tokens[name] = await t.login(name);
  }
  const group = await api(admin, 'POST', '/groups', { key: 'reviewers', name: 'Reviewers', kind: 'group', memberIds: [ids.alice, ids.dave] });
  if (group.statusCode !== 201) throw new Error(group.body);
  const minted = await api(tokens.robot!, 'POST', '/auth/api-tokens', { name: 'credit-check worker', scopes: ['case:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
  if (minted.statusCode !== 201) throw new Error(minted.body);
  tokens.robotToken = minted.json().token;
  await deploy(fanOutProcess('fan-out', { alice: ids.alice!, bob: ids.bob! }));
});
afterAll(() => t.close());

describe('GET /api/v1/tasks', () => {
  it('lists the caller’s tasks: assigned, as a candidate user, by group and by role', async () => {
    const { instanceId } = await startFanOut();
    const q = `?processInstanceId=${instanceId}`;
    expect(elementsOf(await api(tokens.alice!, 'GET', `/tasks${q}`))).toEqual(['assigned', 'byGroup']);
    expect(elementsOf(await api(tokens.alice!, 'GET', `/tasks${q}&assignee=me`))).toEqual(['assigned']);
    expect(elementsOf(await api(tokens.alice!, 'GET', `/tasks${q}&candidate=me`))).toEqual(['byGroup']);
    expect(elementsOf(await api(tokens.sam!, 'GET', `/tasks${q}&candidate=me`))).toEqual(['byRole']);
    expect(elementsOf(await api(tokens.bob!, 'GET', `/tasks${q}&candidate=me`))).toEqual(['byUser']);
    expect(elementsOf(await api(tokens.carol!, 'GET', `/tasks${q}`))).toEqual([]);
  });

  it('answers the contract’s fields, highest priority first', async () => {
    const { instanceId } = await startFanOut();
    const res = await api(admin, 'GET', `/tasks?processInstanceId=${instanceId}`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items).toHaveLength(5);
    expect(items[0]).toMatchObject({ elementId: 'byRole', priority: 80, candidateGroups: ['supervisor'] });
    expect(items.find((i: { elementId: string }) => i.elementId === 'assigned')).toMatchObject({
      name: 'assigned',
      processInstanceId: instanceId,
      processKey: 'fan-out',
      caseId: null,
      assignee: ids.alice,
      candidateUsers: [],
      candidateGroups: [],
      dueAt: null,
      formKey: null,
      state: 'open',
      unassignable: false,
      createdAt: expect.any(String),
    });
  });

  it('pages with a cursor and refuses a forged one', async () => {
    const { instanceId } = await startFanOut();
    const first = await api(admin, 'GET', `/tasks?processInstanceId=${instanceId}&limit=2`);
    const firstPage = first.json();
    expect(firstPage.items).toHaveLength(2);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    const second = (await api(admin, 'GET', `/tasks?processInstanceId=${instanceId}&limit=2&cursor=${firstPage.nextCursor}`)).json();
    const third = (await api(admin, 'GET', `/tasks?processInstanceId=${instanceId}&limit=2&cursor=${second.nextCursor}`)).json();
    const seen = [...firstPage.items, ...second.items, ...third.items].map((i: { id: string }) => i.id);
    expect(new Set(seen).size).toBe(5);
    expect(third.nextCursor).toBeNull();
    expectProblem(await api(admin, 'GET', '/tasks?cursor=bm90LWEtY3Vyc29y'), 400, 'invalid-cursor');
  });

  it('refuses unknown filter values, naming the parameter', async () => {
    const res = await api(tokens.alice!, 'GET', '/tasks?assignee=bob');
    expect(expectProblem(res, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['querystring.assignee']);
    expect(expectProblem(await api(tokens.alice!, 'GET', '/tasks?state=done'), 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['querystring.state']);
  });
});

describe('external-topic tasks', () => {
  it('belong to an API token holding the topic, never to a person’s session', async () => {
    const { instanceId, task } = await startFanOut();
    expect(elementsOf(await api(tokens.robot!, 'GET', `/tasks?processInstanceId=${instanceId}`))).toEqual([]);
    expectProblem(await api(tokens.robot!, 'POST', `/tasks/${task.byTopic}/complete`, { variables: {} }), 404, 'task-not-found');
    expect(elementsOf(await api(tokens.robotToken!, 'GET', `/tasks?processInstanceId=${instanceId}`))).toEqual(['byTopic']);
    const res = await api(tokens.robotToken!, 'POST', `/tasks/${task.byTopic}/complete`, { variables: { score: 710 } });
    expect(res.statusCode).toBe(200);
    expect(await taskRow(task.byTopic!)).toMatchObject({ state: 'completed', completed_by: ids.robot });
  });
});

describe('GET /api/v1/tasks/{id}', () => {
  it('shows a task to its candidates and answers 404 to everyone else, as if it did not exist', async () => {
    const { task } = await startFanOut();
    expect((await api(tokens.dave!, 'GET', `/tasks/${task.byGroup}`)).json()).toMatchObject({ id: task.byGroup, elementId: 'byGroup' });
    expectProblem(await api(tokens.carol!, 'GET', `/tasks/${task.byGroup}`), 404, 'task-not-found');
    expectProblem(await api(tokens.carol!, 'GET', '/tasks/00000000-0000-7000-8000-000000000000'), 404, 'task-not-found');
    expectProblem(await api(tokens.carol!, 'GET', '/tasks/not-a-uuid'), 400, 'validation-failed');
  });
});

describe('POST /api/v1/tasks/{id}/claim and /unclaim', () => {
  it('makes the caller the assignee, audited; another candidate then gets 409 and the assignee can give it back', async () => {
    const { task } = await startFanOut();
    const claimed = await api(tokens.alice!, 'POST', `/tasks/${task.byGroup}/claim`);
    expect(claimed.statusCode).toBe(200);
    expect(claimed.json()).toMatchObject({ assignee: ids.alice });
    expect(await auditOf('process.task-claimed', task.byGroup!)).toEqual([{ actor_name: 'alice', reason: null, data: expect.objectContaining({ assignee: ids.alice, adminOverride: false }) }]);

    expectProblem(await api(tokens.dave!, 'POST', `/tasks/${task.byGroup}/claim`), 409, 'task-claimed');
    expectProblem(await api(tokens.dave!, 'POST', `/tasks/${task.byGroup}/unclaim`), 403, 'forbidden');
    expectProblem(await api(tokens.dave!, 'POST', `/tasks/${task.byGroup}/complete`, { variables: {} }), 403, 'forbidden');
    expect(await taskRow(task.byGroup!)).toMatchObject({ state: 'open', assignee: ids.alice });

    const given = await api(tokens.alice!, 'POST', `/tasks/${task.byGroup}/unclaim`);
    expect(given.json()).toMatchObject({ assignee: null });
    expect(await auditOf('process.task-unclaimed', task.byGroup!)).toHaveLength(1);
    expect((await api(tokens.dave!, 'POST', `/tasks/${task.byGroup}/claim`)).json()).toMatchObject({ assignee: ids.dave });
  });

  it('gives a task claimed by two candidates at once to exactly one of them; the other gets 409', async () => {
    const { task } = await startFanOut();
    const answers = await Promise.all([api(tokens.alice!, 'POST', `/tasks/${task.byGroup}/claim`), api(tokens.dave!, 'POST', `/tasks/${task.byGroup}/claim`)]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const winner = answers.find((r) => r.statusCode === 200)!.json().assignee;
    expect(await taskRow(task.byGroup!)).toMatchObject({ assignee: winner });
    expect(await auditOf('process.task-claimed', task.byGroup!)).toHaveLength(1);
  });

  it('refuses someone who may not see the task with 404 and changes nothing', async () => {
    const { task } = await startFanOut();
    expectProblem(await api(tokens.carol!, 'POST', `/tasks/${task.byGroup}/claim`), 404, 'task-not-found');
    expectProblem(await api(tokens.carol!, 'POST', `/tasks/${task.assigned}/unclaim`), 404, 'task-not-found');
    expect(await taskRow(task.byGroup!)).toMatchObject({ assignee: null });
    expect(await taskRow(task.assigned!)).toMatchObject({ assignee: ids.alice });
  });
});

describe('POST /api/v1/tasks/{id}/complete', () => {
  it('completes a claimed task with variables, outcome and reason, audited with who and for whom', async () => {
    const { instanceId, task } = await startFanOut();
    const res = await api(tokens.alice!, 'POST', `/tasks/${task.assigned}/complete`, { variables: { approved: true }, outcome: 'approved', reason: 'documents complete' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'completed', outcome: 'approved', completedBy: ids.alice });
    const [instance] = await t.sql<{ variables: Record<string, unknown> }>('SELECT variables FROM process.instance WHERE id = $1', [instanceId]);
    expect(instance!.variables).toMatchObject({ approved: true });
    expect(await auditOf('process.task-completed', task.assigned!)).toEqual([
      {
        actor_name: 'alice',
        reason: 'documents complete',
        data: expect.objectContaining({ completedBy: ids.alice, forWhom: null, outcome: 'approved', implicitClaim: false, adminOverride: false, variables: ['approved'] }),
      },
    ]);
    expect(elementsOf(await api(tokens.alice!, 'GET', `/tasks?processInstanceId=${instanceId}&state=completed`))).toEqual(['assigned']);
    expectProblem(await api(tokens.alice!, 'POST', `/tasks/${task.assigned}/complete`, { variables: {} }), 409, 'task-not-open');
  });

  it('lets a candidate complete an unclaimed task, claiming it implicitly', async () => {
    const { task } = await startFanOut();
    const res = await api(tokens.sam!, 'POST', `/tasks/${task.byRole}/complete`, {});
    expect(res.statusCode).toBe(200);
    expect(await taskRow(task.byRole!)).toMatchObject({ state: 'completed', assignee: ids.sam, completed_by: ids.sam });
    expect((await auditOf('process.task-completed', task.byRole!))[0]!.data).toMatchObject({ implicitClaim: true, adminOverride: false });
  });

  it('lets process:admin complete another’s task, audited as an override done for the assignee', async () => {
    const { task } = await startFanOut();
    const res = await api(admin, 'POST', `/tasks/${task.assigned}/complete`, { variables: {}, reason: 'alice is on leave' });
    expect(res.statusCode).toBe(200);
    expect(await auditOf('process.task-completed', task.assigned!)).toEqual([
      { actor_name: 'admin', reason: 'alice is on leave', data: expect.objectContaining({ adminOverride: true, forWhom: ids.alice, implicitClaim: false }) },
    ]);
    const unclaimed = await api(admin, 'POST', `/tasks/${task.byUser}/claim`);
    expect(unclaimed.json()).toMatchObject({ assignee: expect.any(String) });
    expect((await auditOf('process.task-claimed', task.byUser!))[0]!.data).toMatchObject({ adminOverride: true });
  });

  it('refuses a candidate of a task someone else claimed with 403, and a stranger with 404, changing nothing', async () => {
    const { instanceId, task } = await startFanOut();
    await api(tokens.alice!, 'POST', `/tasks/${task.byGroup}/claim`);
    expectProblem(await api(tokens.dave!, 'POST', `/tasks/${task.byGroup}/complete`, { variables: { x: 1 } }), 403, 'forbidden');
    expectProblem(await api(tokens.carol!, 'POST', `/tasks/${task.byGroup}/complete`, { variables: { x: 1 } }), 404, 'task-not-found');
    expectProblem(await api(tokens.bob!, 'POST', `/tasks/${task.byRole}/complete`, { variables: { x: 1 } }), 404, 'task-not-found');
    expect(await taskRow(task.byGroup!)).toMatchObject({ state: 'open', assignee: ids.alice });
    const [instance] = await t.sql<{ variables: Record<string, unknown> }>('SELECT variables FROM process.instance WHERE id = $1', [instanceId]);
    expect(instance!.variables).not.toHaveProperty('x');
    const denials = await t.sql("SELECT actor_name FROM audit.event WHERE action = 'access.denied' AND actor_name = 'dave'");
    expect(denials.length).toBeGreaterThan(0);
  });

  it('refuses variables that are not an object and a long or odd outcome, naming the field, and changes nothing', async () => {
    const { task } = await startFanOut();
    const notObject = await api(tokens.alice!, 'POST', `/tasks/${task.assigned}/complete`, { variables: [1, 2] });
    expect(expectProblem(notObject, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['variables']);
    const longOutcome = await api(tokens.alice!, 'POST', `/tasks/${task.assigned}/complete`, { variables: {}, outcome: 'x'.repeat(65) });
    expect(expectProblem(longOutcome, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['outcome']);
    const oddOutcome = await api(tokens.alice!, 'POST', `/tasks/${task.assigned}/complete`, { variables: {}, outcome: 'approved; drop' });
    expect(expectProblem(oddOutcome, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['outcome']);
    expect(await taskRow(task.assigned!)).toMatchObject({ state: 'open' });
  });
});
