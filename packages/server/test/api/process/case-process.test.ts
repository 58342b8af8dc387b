import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../seed/case-types.ts';
import { complaint } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// A case type names a process; creating a case starts it in the same transaction, with the case's
// non-sensitive facts as variables; its tasks carry the case id and go to the department's people.

let t: TestApp;
let admin: string;
let branch: string;
let otherBranch: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

const api = (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

const REVIEW_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:docket="https://docket.dev/schema/bpmn/1.0" id="defs_review" targetNamespace="https://docket.dev/test">
  <bpmn:process id="complaint-review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split" />
    <bpmn:parallelGateway id="split" />
    <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="branchHeadReview" />
    <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="riskReview" />
    <bpmn:userTask id="branchHeadReview" name="Branch head reviews">
      <bpmn:extensionElements>
        <docket:assignment candidateGroups="complaint-desk">
          <docket:departmentRole role="branch-head" relativeTo="case-department" />
        </docket:assignment>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:userTask id="riskReview" name="Risk officer of the parent reviews">
      <bpmn:extensionElements>
        <docket:assignment candidateGroups="complaint-desk">
          <docket:departmentRole role="risk-officer" relativeTo="parent-department" />
        </docket:assignment>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f4" sourceRef="branchHeadReview" targetRef="end1" />
    <bpmn:sequenceFlow id="f5" sourceRef="riskReview" targetRef="end2" />
    <bpmn:endEvent id="end1" />
    <bpmn:endEvent id="end2" />
  </bpmn:process>
</bpmn:definitions>`;

const INITIATOR_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:docket="https://docket.dev/schema/bpmn/1.0" id="defs_initiator" targetNamespace="https://docket.dev/test">
  <bpmn:process id="initiator-review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="headOfMyBranch" />
    <bpmn:userTask id="headOfMyBranch">
      <bpmn:extensionElements>
        <docket:assignment><docket:departmentRole role="branch-head" relativeTo="initiator-department" /></docket:assignment>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="headOfMyBranch" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const seedComplaint = SEED_CASE_TYPES.find((type) => type.key === 'complaint')!;
const reviewedComplaintType = (key: string, prefix: string, processKey?: string) => ({
  key,
  name: 'Reviewed complaint',
  prefix,
  schema: seedComplaint.schema,
  ...(processKey ? { processKey } : {}),
});

const countRows = async (table: string) => Number((await t.sql<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  const hq = (await api(admin, 'POST', '/departments', { code: 'HQ-CP', name: 'Head office', kind: 'head-office' })).json().id as string;
  branch = (await api(admin, 'POST', '/departments', { code: 'BR-CP', name: 'Branch', kind: 'branch', parentId: hq })).json().id as string;
  otherBranch = (await api(admin, 'POST', '/departments', { code: 'BR-OTHER', name: 'Other branch', kind: 'branch', parentId: hq })).json().id as string;
  for (const [name, roles, department] of [
    ['clerk', ['agent'], branch],
    ['head', ['agent', 'branch-head'], branch],
    ['otherHead', ['agent', 'branch-head'], otherBranch],
    ['outsider', ['agent'], otherBranch],
    ['auditor', ['auditor'], hq],
  ] as const) {
    ids[name] = await t.createUser(name, [...roles], department);
    tokens[name] = await t.login(name);
  }
  const deployed = await api(admin, 'POST', '/processes', { xml: REVIEW_PROCESS });
  if (deployed.statusCode !== 201) throw new Error(`deploy: ${deployed.statusCode} ${deployed.body}`);
});
afterAll(() => t.close());

describe('a case type’s process key', () => {
  it('is refused when no process of that key is deployed, naming processKey, and nothing is saved', async () => {
    const types = await countRows('cases.case_type');
    const res = await api(admin, 'POST', '/case-types', reviewedComplaintType('ghost-complaint', 'GHC', 'no-such-process'));
    const problem = expectProblem(res, 422, 'process-not-deployed');
    expect(problem.errors).toEqual([{ field: 'processKey', reason: 'no process no-such-process is deployed' }]);
    expect(await countRows('cases.case_type')).toBe(types);
  });

  it('is kept per version, shown in the case type, and may be cleared', async () => {
    const created = await api(admin, 'POST', '/case-types', reviewedComplaintType('versioned-complaint', 'VCP', 'complaint-review'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ processKey: 'complaint-review', version: 1 });
    const refused = await api(admin, 'PUT', '/case-types/versioned-complaint', { name: 'Reviewed complaint', schema: seedComplaint.schema, processKey: 'nope' });
    expectProblem(refused, 422, 'process-not-deployed');
    const kept = await api(admin, 'PUT', '/case-types/versioned-complaint', { name: 'Reviewed complaint', schema: seedComplaint.schema });
    expect(kept.json()).toMatchObject({ processKey: 'complaint-review', version: 2 });
    const cleared = await api(admin, 'PUT', '/case-types/versioned-complaint', { name: 'Reviewed complaint', schema: seedComplaint.schema, processKey: null });
    expect(cleared.json()).toMatchObject({ processKey: null, version: 3 });
    expect((await api(admin, 'GET', '/case-types/versioned-complaint/versions/1')).json()).toMatchObject({ processKey: 'complaint-review' });
  });

  it('refuses a malformed key, naming the field', async () => {
    const res = await api(admin, 'POST', '/case-types', reviewedComplaintType('bad-key-complaint', 'BKC', 'has spaces'));
    expect(expectProblem(res, 400, 'validation-failed').errors!.map((e) => e.field)).toEqual(['processKey']);
  });
});

describe('creating a case of a type with a process', () => {
  let caseId: string;
  let instance: { id: string; variables: Record<string, unknown>; case_id: string; process_key: string };

  beforeAll(async () => {
    const type = await api(admin, 'POST', '/case-types', reviewedComplaintType('reviewed-complaint', 'RCP', 'complaint-review'));
    if (type.statusCode !== 201) throw new Error(type.body);
    const res = await api(tokens.clerk!, 'POST', '/cases', complaint({ type: 'reviewed-complaint', departmentId: branch }));
    if (res.statusCode !== 201) throw new Error(`case: ${res.statusCode} ${res.body}`);
    caseId = res.json().id;
    instance = (await t.sql<typeof instance>('SELECT id, variables, case_id, process_key FROM process.instance WHERE case_id = $1', [caseId]))[0]!;
  });

  it('starts the latest version of the process with the case id, audited on the case', async () => {
    expect(instance).toMatchObject({ case_id: caseId, process_key: 'complaint-review' });
    const events = await t.sql<{ action: string; actor_name: string; data: Record<string, unknown> }>('SELECT action, actor_name, data FROM audit.event WHERE case_id = $1 ORDER BY id', [caseId]);
    expect(events.map((e) => e.action)).toEqual(['case.created', 'process.started']);
    expect(events[1]).toMatchObject({ actor_name: 'clerk', data: { processKey: 'complaint-review', version: 1, startedBy: 'case.created' } });
  });

  it('gives the process the case’s facts and non-sensitive fields, never a sensitive one', async () => {
    const [created] = await t.sql<{ number: string }>('SELECT number FROM cases.case WHERE id = $1', [caseId]);
    expect(instance.variables).toEqual({
      caseId,
      caseNumber: created!.number,
      caseType: 'reviewed-complaint',
      priority: 'high',
      channel: 'phone',
      departmentId: branch,
      category: 'fees',
      description: '账户被收取不明费用',
    });
    const stored = JSON.stringify(await t.sql('SELECT variables FROM process.instance WHERE case_id = $1', [caseId]));
    for (const secret of ['张三', '13812345678', '6222021234567894', '11010519491231002X']) expect(stored).not.toContain(secret);
  });

  it('gives a department-role task to the role’s holders in the case’s department only', async () => {
    const [task] = await t.sql<{ id: string; candidate_users: string[] }>("SELECT id, candidate_users FROM process.task WHERE case_id = $1 AND element_id = 'branchHeadReview'", [caseId]);
    expect(task!.candidate_users).toEqual([ids.head]);
    const mine = (await api(tokens.head!, 'GET', '/tasks?candidate=me')).json().items;
    expect(mine.map((i: { elementId: string; caseId: string }) => [i.elementId, i.caseId])).toEqual([['branchHeadReview', caseId]]);
    expectProblem(await api(tokens.otherHead!, 'GET', `/tasks/${task!.id}`), 404, 'task-not-found');
  });

  it('flags a task whose department role nobody holds as unassignable, keeping its candidate groups', async () => {
    const res = await api(admin, 'GET', `/tasks?caseId=${caseId}`);
    const risk = res.json().items.find((i: { elementId: string }) => i.elementId === 'riskReview');
    expect(risk).toMatchObject({ unassignable: true, candidateUsers: [], candidateGroups: ['complaint-desk'], departmentRole: { role: 'risk-officer', relativeTo: 'parent-department' } });
  });

  it('lists the case’s tasks to a reader of the case, and none to someone who may not read it', async () => {
    const forAuditor = await api(tokens.auditor!, 'GET', `/tasks?caseId=${caseId}`);
    expect(
      forAuditor
        .json()
        .items.map((i: { elementId: string }) => i.elementId)
        .sort(),
    ).toEqual(['branchHeadReview', 'riskReview']);
    const forClerk = await api(tokens.clerk!, 'GET', `/tasks?caseId=${caseId}`);
    expect(forClerk.json().items).toHaveLength(2);
    expect((await api(tokens.outsider!, 'GET', `/tasks?caseId=${caseId}`)).json().items).toEqual([]);
  });

  it('lets a case reader see a task but not complete it (403), and changes nothing', async () => {
    const [task] = await t.sql<{ id: string }>("SELECT id FROM process.task WHERE case_id = $1 AND element_id = 'branchHeadReview'", [caseId]);
    expect((await api(tokens.auditor!, 'GET', `/tasks/${task!.id}`)).statusCode).toBe(200);
    expectProblem(await api(tokens.auditor!, 'POST', `/tasks/${task!.id}/complete`, { variables: {} }), 403, 'forbidden');
    expectProblem(await api(tokens.auditor!, 'POST', `/tasks/${task!.id}/claim`), 403, 'forbidden');
    expect((await t.sql('SELECT state, assignee FROM process.task WHERE id = $1', [task!.id]))[0]).toEqual({ state: 'open', assignee: null });
  });

  it('does not open the case to a task’s candidate who may not read it', async () => {
    // otherHead holds branch-head elsewhere; add them as a candidate by name to a case of another branch.
    const [task] = await t.sql<{ id: string }>("SELECT id FROM process.task WHERE case_id = $1 AND element_id = 'riskReview'", [caseId]);
    await t.sql('UPDATE process.task SET candidate_users = ARRAY[$1] WHERE id = $2', [ids.outsider, task!.id]);
    expect((await api(tokens.outsider!, 'GET', `/tasks/${task!.id}`)).json()).toMatchObject({ caseId });
    expectProblem(await api(tokens.outsider!, 'GET', `/cases/${caseId}`), 404, 'case-not-found');
  });
});

describe('a department role relative to the initiator', () => {
  it('goes to the role’s holders in the department of whoever started the instance', async () => {
    expect((await api(admin, 'POST', '/processes', { xml: INITIATOR_PROCESS })).statusCode).toBe(201);
    const started = await api(tokens.outsider!, 'POST', '/process-instances', { processKey: 'initiator-review', variables: {} });
    expect(started.statusCode).toBe(201);
    const [task] = await t.sql<{ candidate_users: string[] }>('SELECT candidate_users FROM process.task WHERE instance_id = $1', [started.json().id]);
    expect(task!.candidate_users).toEqual([ids.otherHead]);
  });
});

describe('a case whose process cannot start', () => {
  it('is not created: 422 naming caseType.processKey, and nothing is stored', async () => {
    // A case type saved before its process was lost (a database restored without process.*):
    // the save-time check cannot catch it, so case creation must.
    const type = await api(admin, 'POST', '/case-types', reviewedComplaintType('orphan-complaint', 'OCP'));
    expect(type.statusCode).toBe(201);
    await t.sql("UPDATE cases.case_type_version SET process_key = 'lost-process' WHERE key = 'orphan-complaint'");
    const [cases, instances, outbox] = [await countRows('cases.case'), await countRows('process.instance'), await countRows('platform.outbox_event')];
    const res = await api(tokens.clerk!, 'POST', '/cases', complaint({ type: 'orphan-complaint', departmentId: branch }));
    const problem = expectProblem(res, 422, 'process-not-deployed');
    expect(problem.errors).toEqual([{ field: 'caseType.processKey', reason: 'no process lost-process is deployed' }]);
    expect([await countRows('cases.case'), await countRows('process.instance'), await countRows('platform.outbox_event')]).toEqual([cases, instances, outbox]);
  });
});
