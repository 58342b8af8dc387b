import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_RESIDENT_ID } from '../../../helpers/factories.ts';
import { createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, createBranches, createCaseWithProcess, createProcessCaseType, deployProcess, notificationsOf, openTaskOf, twoStepProcess, type Api } from './extra-setup.ts';

// 抄送: who may act on a task copies people on its case. They read the case (sensitive fields
// masked, their own policy's field rules still applying), its process instance and its tasks,
// without a task of their own; nobody else gains anything.

let t: TestApp;
let api: Api;
let admin: string;
let branch: string;
let otherBranch: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  api = apiOf(t);
  admin = await t.login('admin');
  ({ branch, otherBranch } = await createBranches(api, admin, 'CC'));
  for (const [name, roles, department] of [
    ['maker', ['agent'], branch],
    ['reviewer', ['agent'], otherBranch],
    ['approver', ['agent'], otherBranch],
    ['copied', ['agent'], otherBranch],
    ['analyst', ['marketing'], otherBranch],
    ['stranger', ['agent'], otherBranch],
    ['colleague', ['agent'], branch],
  ] as const) {
    ids[name] = await t.createUser(name, [...roles], department);
    tokens[name] = await t.login(name);
  }
  await deployProcess(api, admin, twoStepProcess('cc-review', { reviewer: ids.reviewer!, approver: ids.approver! }));
  await createProcessCaseType(api, admin, 'cc-complaint', 'CCC', 'cc-review');
});
afterAll(() => t.close());

async function newCase() {
  const { caseId, instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'cc-complaint', branch);
  return { caseId, instanceId, taskId: await openTaskOf(t, instanceId, 'review') };
}

describe('POST /tasks/{id}/cc', () => {
  it('lets the task’s holder copy people: they read the case, its instance and its tasks; recorded and audited', async () => {
    const { caseId, instanceId, taskId } = await newCase();
    // Before: the copied person is in another branch and may read nothing of it.
    expectProblem(await api(tokens.copied!, 'GET', `/cases/${caseId}`), 404, 'case-not-found');
    expectProblem(await api(tokens.copied!, 'GET', `/tasks/${taskId}`), 404, 'task-not-found');

    const res = await api(tokens.reviewer!, 'POST', `/tasks/${taskId}/cc`, { userIds: [ids.copied, ids.analyst], comment: 'FYI' });
    expect(res.statusCode).toBe(204);

    const read = await api(tokens.copied!, 'GET', `/cases/${caseId}`);
    expect(read.statusCode).toBe(200);
    // Masked, never in clear: a copy opens the case, not its sensitive fields.
    expect(read.json().fields.residentId).not.toBe(VALID_RESIDENT_ID);
    expect(String(read.json().fields.residentId)).toContain('*');
    expect(read.json().fields.category).toBe('fees');
    // The list shows it (and only what the policy and the grant allow).
    const list = (await api(tokens.copied!, 'GET', '/cases?limit=200')).json().items.map((c: { id: string }) => c.id);
    expect(list).toContain(caseId);
    // Its process instance and its tasks, without process:read and without a task.
    expect((await api(tokens.copied!, 'GET', `/process-instances/${instanceId}`)).statusCode).toBe(200);
    expect((await api(tokens.copied!, 'GET', `/tasks/${taskId}`)).statusCode).toBe(200);
    expect((await api(tokens.copied!, 'GET', `/tasks?caseId=${caseId}`)).json().items.map((i: { id: string }) => i.id)).toEqual([taskId]);
    // Reading is all: the copied person cannot act on the task.
    expectProblem(await api(tokens.copied!, 'POST', `/tasks/${taskId}/complete`, {}), 403, 'forbidden');

    const actions = await t.sql<{ action: string; actor_id: string; target_user_id: string; comment: string }>(
      'SELECT action, actor_id, target_user_id, comment FROM process.task_action WHERE task_id = $1 ORDER BY target_user_id',
      [taskId],
    );
    expect(actions).toEqual([ids.copied!, ids.analyst!].sort().map((userId) => ({ action: 'cc', actor_id: ids.reviewer, target_user_id: userId, comment: 'FYI' })));
    const audit = await t.sql<{ actor_name: string; case_id: string; data: Record<string, unknown> }>(
      "SELECT actor_name, case_id, data FROM audit.event WHERE action = 'process.task-cc' AND target_id = $1",
      [taskId],
    );
    expect(audit).toEqual([
      {
        actor_name: 'reviewer',
        case_id: caseId,
        data: expect.objectContaining({ processInstanceId: instanceId, elementId: 'review', userIds: [ids.copied, ids.analyst].sort(), newlyGranted: [ids.copied, ids.analyst].sort() }),
      },
    ]);
    // Both are told, by case number and the copier's name only.
    const number = read.json().number as string;
    for (const token of [tokens.copied!, tokens.analyst!]) {
      expect(await notificationsOf(api, token, 'case-cc', taskId)).toEqual([expect.objectContaining({ caseId, params: expect.objectContaining({ caseNumber: number, actorName: 'reviewer' }) })]);
    }
    expect(JSON.stringify(await notificationsOf(api, tokens.copied!, 'case-cc', taskId))).not.toContain('FYI');
    const grants = await t.sql("SELECT user_id, granted_by, task_id FROM cases.case_reader WHERE case_id = $1 AND reason = 'cc' ORDER BY user_id", [caseId]);
    expect(grants).toEqual([ids.copied!, ids.analyst!].sort().map((userId) => ({ user_id: userId, granted_by: ids.reviewer, task_id: taskId })));
    // The reviewer holds the task, so reads the case by a grant of their own (reason 'task', task-case-read.test.ts).
    expect(await t.sql("SELECT user_id FROM cases.case_reader WHERE case_id = $1 AND reason = 'task'", [caseId])).toEqual([{ user_id: ids.reviewer }]);
  });

  it('is offered in the task view exactly to who may copy', async () => {
    const { taskId } = await newCase();
    const offered = async (token: string) => (await api(token, 'GET', `/tasks/${taskId}`)).json().allowedActions as string[];
    expect(await offered(tokens.reviewer!)).toContain('cc');
    expect(await offered(admin)).toContain('cc');
    expect(await offered(tokens.colleague!)).not.toContain('cc');
  });

  it('keeps the copied person’s own field rules: what their policy hides stays hidden', async () => {
    const { caseId, taskId } = await newCase();
    expect((await api(tokens.reviewer!, 'POST', `/tasks/${taskId}/cc`, { userIds: [ids.analyst] })).statusCode).toBe(204);
    const read = await api(tokens.analyst!, 'GET', `/cases/${caseId}`);
    expect(read.statusCode).toBe(200);
    // marketing hides class:resident-id and class:bank-card everywhere; the copy does not show them.
    expect(read.json().fields.residentId).toBeUndefined();
    expect(read.json().fields.bankCard).toBeUndefined();
    expect(read.json().fields.category).toBe('fees');
  });

  it('opens nothing to anyone not copied', async () => {
    const { caseId, instanceId, taskId } = await newCase();
    expect((await api(tokens.reviewer!, 'POST', `/tasks/${taskId}/cc`, { userIds: [ids.copied] })).statusCode).toBe(204);
    expectProblem(await api(tokens.stranger!, 'GET', `/cases/${caseId}`), 404, 'case-not-found');
    expectProblem(await api(tokens.stranger!, 'GET', `/tasks/${taskId}`), 404, 'task-not-found');
    expect((await api(tokens.stranger!, 'GET', `/process-instances/${instanceId}`)).statusCode).toBe(403);
    expect(await notificationsOf(api, tokens.stranger!, 'case-cc', taskId)).toEqual([]);
    const list = (await api(tokens.stranger!, 'GET', '/cases?limit=200')).json().items.map((c: { id: string }) => c.id);
    expect(list).not.toContain(caseId);
  });

  it('refuses who may not act on the task: 404 when they cannot see it, 403 when they only read it; nothing granted', async () => {
    const { caseId, taskId } = await newCase();
    const before = await t.sql('SELECT * FROM cases.case_reader WHERE case_id = $1', [caseId]);
    expectProblem(await api(tokens.stranger!, 'POST', `/tasks/${taskId}/cc`, { userIds: [ids.copied] }), 404, 'task-not-found');
    // The maker's branch colleague reads the case (and so the task), but the task is not theirs.
    expectProblem(await api(tokens.colleague!, 'POST', `/tasks/${taskId}/cc`, { userIds: [ids.copied] }), 403, 'forbidden');
    expect(await t.sql('SELECT * FROM cases.case_reader WHERE case_id = $1', [caseId])).toEqual(before);
    expect(await t.sql("SELECT * FROM process.task_action WHERE task_id = $1 AND action = 'cc'", [taskId])).toEqual([]);
    expectProblem(await api(tokens.copied!, 'GET', `/cases/${caseId}`), 404, 'case-not-found');
  });

  it('lets process:admin copy people on anyone’s task, marked as an override', async () => {
    const { caseId, taskId } = await newCase();
    expect((await api(admin, 'POST', `/tasks/${taskId}/cc`, { userIds: [ids.copied] })).statusCode).toBe(204);
    expect((await api(tokens.copied!, 'GET', `/cases/${caseId}`)).statusCode).toBe(200);
    const audit = await t.sql<{ data: Record<string, unknown> }>("SELECT data FROM audit.event WHERE action = 'process.task-cc' AND target_id = $1", [taskId]);
    expect(audit[0]!.data.adminOverride).toBe(true);
  });

  it('refuses unknown people and oneself, naming each, and a task without a case or no longer open', async () => {
    const { taskId } = await newCase();
    const problem = expectProblem(
      await api(tokens.reviewer!, 'POST', `/tasks/${taskId}/cc`, { userIds: [ids.copied, '0190a0a0-0000-7000-8000-000000000000', ids.reviewer] }),
      400,
      'validation-failed',
    );
    expect((problem.errors as { field: string; code?: string }[]).map((e) => [e.field, e.code])).toEqual([
      ['userIds.1', 'unknown-user'],
      ['userIds.2', 'self'],
    ]);
    expect(await t.sql('SELECT * FROM cases.case_reader WHERE user_id = $1 AND task_id = $2', [ids.copied, taskId])).toEqual([]);
    expectProblem(await api(tokens.reviewer!, 'POST', `/tasks/${taskId}/cc`, { userIds: [] }), 400, 'validation-failed');

    const started = await api(admin, 'POST', '/process-instances', { processKey: 'cc-review', variables: {} });
    expect(started.statusCode).toBe(201);
    const caseless = await openTaskOf(t, started.json().id, 'review');
    expectProblem(await api(tokens.reviewer!, 'POST', `/tasks/${caseless}/cc`, { userIds: [ids.copied] }), 409, 'cc-without-case');

    expect((await api(tokens.reviewer!, 'POST', `/tasks/${taskId}/complete`, {})).statusCode).toBe(200);
    expectProblem(await api(tokens.reviewer!, 'POST', `/tasks/${taskId}/cc`, { userIds: [ids.copied] }), 409, 'task-not-open');
  });
});
