import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VALID_RESIDENT_ID } from '../../../helpers/factories.ts';
import { createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, createBranches, createCaseWithProcess, createProcessCaseType, deployProcess, openTaskOf, type Api } from './extra-setup.ts';

// An approver must see what they approve: whoever a process task of a case is given to (claimed,
// transferred, created with them …) reads the case, sensitive fields masked — the 抄送 read grant
// with reason 'task'. Candidates do not, until they claim; nobody else gains anything.

let t: TestApp;
let api: Api;
let admin: string;
let branch: string;
let otherBranch: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_tcr" targetNamespace="https://docket.dev/test">
  <bpmn:process id="tcr-review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="Review" camunda:candidateGroups="tcr-reviewers" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

beforeAll(async () => {
  t = await createTestApp();
  api = apiOf(t);
  admin = await t.login('admin');
  ({ branch, otherBranch } = await createBranches(api, admin, 'TCR'));
  for (const [name, department] of [
    ['maker', branch],
    ['officer', otherBranch],
    ['transferee', otherBranch],
    ['stranger', otherBranch],
  ] as const) {
    ids[name] = await t.createUser(name, ['agent'], department);
    tokens[name] = await t.login(name);
  }
  const group = await api(admin, 'POST', '/groups', { key: 'tcr-reviewers', name: 'Complaint review', kind: 'group', memberIds: [ids.officer] });
  if (group.statusCode !== 201) throw new Error(`group: ${group.statusCode} ${group.body}`);
  await deployProcess(api, admin, PROCESS);
  await createProcessCaseType(api, admin, 'tcr-complaint', 'TCR', 'tcr-review');
});
afterAll(() => t.close());

async function newCase() {
  const { caseId, instanceId } = await createCaseWithProcess(t, api, tokens.maker!, 'tcr-complaint', branch);
  return { caseId, instanceId, taskId: await openTaskOf(t, instanceId, 'review') };
}

async function expectMaskedRead(token: string, caseId: string): Promise<void> {
  const read = await api(token, 'GET', `/cases/${caseId}`);
  expect(read.statusCode).toBe(200);
  expect(read.json().fields.residentId).not.toBe(VALID_RESIDENT_ID);
  expect(String(read.json().fields.residentId)).toContain('*');
  expect(read.json().fields.category).toBe('fees');
}

const grantsOf = (caseId: string) =>
  t.sql<{ user_id: string; reason: string; task_id: string }>('SELECT user_id, reason, task_id FROM cases.case_reader WHERE case_id = $1 ORDER BY user_id', [caseId]);
const auditsOf = (caseId: string) =>
  t.sql<{ actor_id: string; target_id: string; data: Record<string, unknown> }>(
    "SELECT actor_id, target_id, data FROM audit.event WHERE action = 'case.read-granted' AND case_id = $1 ORDER BY occurred_at",
    [caseId],
  );

describe('a task of a case opens the case to its assignee', () => {
  it('a candidate by group reads the case only once they claim the task, masked; granted once and audited once', async () => {
    const { caseId, taskId } = await newCase();
    // A candidate sees the task, not the case.
    expect((await api(tokens.officer!, 'GET', `/tasks/${taskId}`)).statusCode).toBe(200);
    expectProblem(await api(tokens.officer!, 'GET', `/cases/${caseId}`), 404, 'case-not-found');
    expect(await grantsOf(caseId)).toEqual([]);

    expect((await api(tokens.officer!, 'POST', `/tasks/${taskId}/claim`)).statusCode).toBe(200);
    await expectMaskedRead(tokens.officer!, caseId);
    expect(await grantsOf(caseId)).toEqual([{ user_id: ids.officer, reason: 'task', task_id: taskId }]);
    expect(await auditsOf(caseId)).toEqual([{ actor_id: ids.officer, target_id: caseId, data: expect.objectContaining({ userId: ids.officer, reason: 'task', taskId, elementId: 'review' }) }]);

    // Unclaiming keeps the grant; claiming again grants nothing new and audits nothing.
    expect((await api(tokens.officer!, 'POST', `/tasks/${taskId}/unclaim`)).statusCode).toBe(200);
    await expectMaskedRead(tokens.officer!, caseId);
    expect((await api(tokens.officer!, 'POST', `/tasks/${taskId}/claim`)).statusCode).toBe(200);
    expect(await grantsOf(caseId)).toHaveLength(1);
    expect(await auditsOf(caseId)).toHaveLength(1);
  });

  it('a person the task is transferred to reads the case; who was never involved still cannot', async () => {
    const { caseId, instanceId, taskId } = await newCase();
    expect((await api(tokens.officer!, 'POST', `/tasks/${taskId}/claim`)).statusCode).toBe(200);
    expectProblem(await api(tokens.transferee!, 'GET', `/cases/${caseId}`), 404, 'case-not-found');
    expect((await api(tokens.officer!, 'POST', `/tasks/${taskId}/transfer`, { userId: ids.transferee, reason: 'on leave' })).statusCode).toBe(200);
    await expectMaskedRead(tokens.transferee!, caseId);
    expect((await grantsOf(caseId)).map((g) => g.user_id)).toEqual([ids.officer!, ids.transferee!].sort());

    expectProblem(await api(tokens.stranger!, 'GET', `/cases/${caseId}`), 404, 'case-not-found');
    expectProblem(await api(tokens.stranger!, 'GET', `/tasks/${taskId}`), 404, 'task-not-found');
    expect((await api(tokens.stranger!, 'GET', `/process-instances/${instanceId}`)).statusCode).toBe(403);
    const list = (await api(tokens.stranger!, 'GET', '/cases?limit=200')).json().items.map((c: { id: string }) => c.id);
    expect(list).not.toContain(caseId);
  });
});
