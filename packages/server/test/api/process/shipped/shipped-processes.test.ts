import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CASE_TYPE_PROCESSES, SEED_CASE_TYPES, SEED_DECISION_FILES, SEED_PROCESS_FILES } from '../../../../seed/case-types.ts';
import { complaint, VALID_RESIDENT_ID } from '../../../helpers/factories.ts';
import { bearer, expectProblem } from '../../../helpers/test-app.ts';
import { createEngine, type Engine, type TaskView } from '../semantics/harness.ts';

// The three processes Docket ships (seed/processes), each driven end to end through the API as
// the demo's people would: the credit approval with its countersign and committee vote, the
// complaint whose review holds the case open, the suspicious-transaction investigation with its
// 30-minute escalation and recorded filing basis.

const here = path.dirname(fileURLToPath(import.meta.url));
const MODELS = path.resolve(here, '../../../../seed/processes');

let e: Engine;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
const departments: Record<string, string> = {};

const as = (who: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
  e.t.app.inject({ method, url: `/api/v1${url}`, headers: { ...bearer(tokens[who]!), ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

function ok(res: LightMyRequestResponse, status = 200) {
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
}

async function openTasks(caseId: string): Promise<TaskView[]> {
  return ok(await e.get(`/api/v1/tasks?caseId=${caseId}`)).items;
}

async function openTask(caseId: string, elementId: string): Promise<TaskView> {
  const found = (await openTasks(caseId)).filter((task) => task.elementId === elementId);
  expect(
    found.map((task) => task.elementId),
    `open ${elementId} of ${caseId}`,
  ).toEqual([elementId]);
  return found[0]!;
}

async function instanceOf(caseId: string) {
  const items = ok(await e.get(`/api/v1/process-instances?caseId=${caseId}`)).items as { id: string }[];
  expect(items).toHaveLength(1);
  return e.instance(items[0]!.id);
}

async function newCase(who: string, payload: Record<string, unknown>): Promise<string> {
  return ok(await as(who, 'POST', '/cases', payload), 201).id;
}

beforeAll(async () => {
  e = await createEngine();
  tokens.admin = e.admin;
  const dept = async (code: string, kind: string, parentId?: string) => ok(await e.post('/api/v1/departments', { code, name: code, kind, ...(parentId ? { parentId } : {}) }), 201).id as string;
  departments.hq = await dept('HQ', 'head-office');
  departments.bj = await dept('BJ', 'branch', departments.hq);
  departments.risk = await dept('RISK', 'functional', departments.hq);
  departments.cp = await dept('CP', 'functional', departments.hq);
  for (const [name, roles, department] of [
    ['clerk', ['agent'], 'bj'],
    ['reviewer', ['agent'], 'bj'],
    ['riskOfficer', ['agent'], 'risk'],
    ['complianceOfficer', ['agent'], 'cp'],
    ['member1', ['agent'], 'risk'],
    ['member2', ['agent'], 'risk'],
    ['member3', ['supervisor'], 'risk'],
    ['itOps', ['agent'], 'hq'],
    ['headOfRisk', ['supervisor'], 'risk'],
  ] as const) {
    ids[name] = await e.t.createUser(name, [...roles], departments[department]);
    tokens[name] = await e.t.login(name);
  }
  const group = async (key: string, members: string[]) => ok(await e.post('/api/v1/groups', { key, name: key, kind: 'group', memberIds: members.map((m) => ids[m]) }), 201);
  await group('risk-review', ['riskOfficer']);
  await group('compliance-review', ['complianceOfficer']);
  await group('risk-committee', ['member1', 'member2', 'member3']);
  await group('complaint-review', ['complianceOfficer']);
  await group('it-check', ['itOps']);
  await group('head-of-risk', ['headOfRisk']);
  for (const file of SEED_DECISION_FILES) ok(await e.deployDecision(readFileSync(path.join(MODELS, file), 'utf8')), 201);
  for (const file of SEED_PROCESS_FILES) await e.deploy(readFileSync(path.join(MODELS, file), 'utf8'));
  for (const type of SEED_CASE_TYPES.filter((candidate) => SEED_CASE_TYPE_PROCESSES[candidate.key])) {
    // Its default queue exists first (issue 17); a queue made for an earlier type answers 409.
    await e.post('/api/v1/queues', { key: type.defaultQueue, name: type.defaultQueue });
    ok(await e.post('/api/v1/case-types', { ...type, processKey: SEED_CASE_TYPE_PROCESSES[type.key] }), 201);
  }
}, 60_000);
afterAll(() => e?.close());

const application = (amount: number) => ({
  type: 'credit-approval',
  title: '经营贷申请',
  departmentId: departments.bj,
  fields: { applicantName: '李四', residentId: VALID_RESIDENT_ID, product: 'small-business', amount, termMonths: 36 },
});

describe('credit approval (信贷审批)', () => {
  it('runs branch review → countersign → committee vote (2 of 3, decided early) → the branch is told', async () => {
    const caseId = await newCase('clerk', application(6_000_000));
    const review = await openTask(caseId, 'creditReview');
    // The maker of the application may not approve a step of it.
    expectProblem(await as('clerk', 'POST', `/tasks/${review.id}/approve`, { comment: '同意' }), 403, 'separation-of-duties');
    ok(await as('reviewer', 'POST', `/tasks/${review.id}/approve`, { comment: '材料齐全，建议通过' }));

    const reviews = (await openTasks(caseId)).filter((task) => task.elementId === 'reviews');
    expect(reviews.map((task) => task.candidateGroups).sort()).toEqual([['compliance-review'], ['risk-review']]);
    const riskTask = reviews.find((task) => task.candidateGroups.includes('risk-review'))!;
    const complianceTask = reviews.find((task) => task.candidateGroups.includes('compliance-review'))!;
    ok(await as('riskOfficer', 'POST', `/tasks/${riskTask.id}/approve`, {}));
    ok(await as('complianceOfficer', 'POST', `/tasks/${complianceTask.id}/approve`, {}));

    // 6 million: the committee table sends it to the vote; one task per member.
    const votes = (await openTasks(caseId)).filter((task) => task.elementId === 'seniorCommittee');
    expect(votes.map((task) => task.assignee).sort()).toEqual([ids.member1, ids.member2, ids.member3].sort());
    const voteOf = (member: string) => votes.find((task) => task.assignee === ids[member])!;
    ok(await as('member1', 'POST', `/tasks/${voteOf('member1').id}/approve`, {}));
    ok(await as('member2', 'POST', `/tasks/${voteOf('member2').id}/approve`, {}));

    // Two approvals carry it: the third vote is cancelled and the process ends approved.
    const instance = await instanceOf(caseId);
    expect(instance.state).toBe('completed');
    expect(instance.variables).toMatchObject({ outcome: 'approved', committeeRequired: true, votes: { approved: 2, rejected: 0, total: 3 } });
    const third = ok(await e.get(`/api/v1/tasks/${voteOf('member3').id}`));
    expect(third.state).toBe('canceled');
    const history = await e.history(instance.id);
    expect(history.map((h) => h.elementId)).toContain('tellApproved');
    expect(history.map((h) => h.elementId)).not.toContain('tellDeclined');

    // The branch (the case's department) is told of the outcome; the committee in another department is not.
    const notices = ok(await as('reviewer', 'GET', '/notifications')).items as { kind: string; caseId: string; params?: Record<string, unknown> }[];
    expect(notices.filter((n) => n.kind === 'process-outcome' && n.caseId === caseId)).toHaveLength(1);
    const memberNotices = ok(await as('member3', 'GET', '/notifications')).items as { kind: string; caseId: string }[];
    expect(memberNotices.filter((n) => n.kind === 'process-outcome' && n.caseId === caseId)).toHaveLength(0);
  });

  it('skips the committee for a small, low-risk amount, and a single rejection in the countersign declines it', async () => {
    const small = await newCase('clerk', application(200_000));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(small, 'creditReview')).id}/approve`, {}));
    for (const task of (await openTasks(small)).filter((candidate) => candidate.elementId === 'reviews')) {
      const who = task.candidateGroups.includes('risk-review') ? 'riskOfficer' : 'complianceOfficer';
      ok(await as(who, 'POST', `/tasks/${task.id}/approve`, {}));
    }
    expect((await instanceOf(small)).variables).toMatchObject({ outcome: 'approved', committeeRequired: false });

    const declined = await newCase('clerk', application(300_000));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(declined, 'creditReview')).id}/approve`, {}));
    const riskTask = (await openTasks(declined)).find((task) => task.elementId === 'reviews' && task.candidateGroups.includes('risk-review'))!;
    ok(await as('riskOfficer', 'POST', `/tasks/${riskTask.id}/reject`, { reason: '负债率过高' }));
    const instance = await instanceOf(declined);
    expect(instance.state).toBe('completed');
    expect(instance.variables).toMatchObject({ outcome: 'rejected' });
    expect((await openTasks(declined)).filter((task) => task.elementId === 'reviews')).toEqual([]);
  });

  it('lets a reviewer return the application to the branch review (退回), cancelling the other review', async () => {
    const caseId = await newCase('clerk', application(800_000));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(caseId, 'creditReview')).id}/approve`, {}));
    const riskTask = (await openTasks(caseId)).find((task) => task.elementId === 'reviews' && task.candidateGroups.includes('risk-review'))!;
    expectProblem(await as('riskOfficer', 'POST', `/tasks/${riskTask.id}/return`, { targetElementId: 'creditReview' }), 400, 'validation-failed');
    const returned = ok(await as('riskOfficer', 'POST', `/tasks/${riskTask.id}/return`, { targetElementId: 'creditReview', reason: '缺少收入证明' }));
    expect(returned).toMatchObject({ elementId: 'creditReview', assignee: ids.reviewer, state: 'open' });
    expect((await openTasks(caseId)).map((task) => task.elementId)).toEqual(['creditReview']);
  });
});

describe('a closed case', () => {
  it('ends its running process: the instance is terminated (audited) and its tasks leave every to-do list', async () => {
    const caseId = await newCase('clerk', application(400_000));
    const review = await openTask(caseId, 'creditReview');
    let version = ok(await as('admin', 'GET', `/cases/${caseId}`)).version as number;
    for (const status of ['resolved', 'closed']) {
      version = ok(await as('admin', 'PATCH', `/cases/${caseId}`, { status, reason: '客户撤回申请' }, { 'if-match': `"${version}"` })).version;
    }
    expect((await instanceOf(caseId)).state).toBe('terminated');
    expect(ok(await e.get(`/api/v1/tasks/${review.id}`)).state).toBe('canceled');
    const audit = await e.t.sql<{ reason: string }>("SELECT reason FROM audit.event WHERE action = 'process.terminated' AND case_id = $1", [caseId]);
    expect(audit).toEqual([{ reason: 'case-closed' }]);
  });
});

describe('customer complaint (投诉)', () => {
  const complaintIn = (department: string) => complaint({ departmentId: departments[department] });

  it('holds a partly resolved complaint open until the review signs off, then replies and follows up; a poor rating reopens handling', async () => {
    const caseId = await newCase('clerk', complaintIn('bj'));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(caseId, 'classify')).id}/complete`, { variables: { category: 'fees' } }));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(caseId, 'handle')).id}/complete`, { variables: { resolution: 'partial' } }));
    const review = await openTask(caseId, 'review');
    expect(review.candidateGroups).toEqual(['complaint-review']);

    // No path closes it now: the status change is refused, whoever asks, and nothing changes.
    const current = ok(await as('admin', 'GET', `/cases/${caseId}`));
    for (const who of ['admin', 'reviewer']) {
      const refused = await as(who, 'PATCH', `/cases/${caseId}`, { status: 'resolved' }, { 'if-match': `"${current.version}"` });
      expect(expectProblem(refused, 409, 'case-transition-vetoed')).toMatchObject({ code: 'process-holds-case-open' });
    }
    expect(ok(await as('admin', 'GET', `/cases/${caseId}`)).version).toBe(current.version);

    ok(await as('complianceOfficer', 'POST', `/tasks/${review.id}/approve`, { comment: '处理意见合理' }));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(caseId, 'reply')).id}/complete`, {}));
    // The review signed off: the case may now be resolved.
    const after = ok(await as('admin', 'GET', `/cases/${caseId}`));
    ok(await as('admin', 'PATCH', `/cases/${caseId}`, { status: 'resolved' }, { 'if-match': `"${after.version}"` }));

    ok(await as('complianceOfficer', 'POST', `/tasks/${(await openTask(caseId, 'followUp')).id}/complete`, { variables: { satisfaction: 2 } }));
    await openTask(caseId, 'handle');
  });

  it('sends a complaint resolved in full straight to the reply, and a review that rejects it back to handling', async () => {
    const full = await newCase('clerk', complaintIn('bj'));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(full, 'classify')).id}/complete`, {}));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(full, 'handle')).id}/complete`, { variables: { resolution: 'resolved' } }));
    await openTask(full, 'reply');

    const sentBack = await newCase('clerk', complaintIn('bj'));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(sentBack, 'classify')).id}/complete`, {}));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(sentBack, 'handle')).id}/complete`, { variables: { resolution: 'rejected' } }));
    ok(await as('complianceOfficer', 'POST', `/tasks/${(await openTask(sentBack, 'review')).id}/reject`, { reason: '答复依据不足' }));
    await openTask(sentBack, 'handle');
    expect((await instanceOf(sentBack)).variables).toMatchObject({ holdCaseOpen: true });
  });
});

describe('suspicious-transaction investigation (异常交易)', () => {
  const alert = () => ({
    type: 'suspicious-transaction',
    title: '大额可疑交易预警',
    departmentId: departments.bj,
    fields: { alertId: `AML-${Date.now()}`, accountNumber: '6222021234567894', accountHolder: '王五', amount: 980000, rule: 'large-amount', riskLevel: 'high' },
  });

  it('runs four checks in parallel, escalates an analysis left 30 minutes to the head of risk, and files with a recorded basis', async () => {
    const caseId = await newCase('clerk', alert());
    expect((await openTasks(caseId)).map((task) => task.elementId).sort()).toEqual(['complianceAssessment', 'customerContact', 'itCheck', 'riskAnalysis']);
    await e.advance('PT31M');
    const escalated = await openTask(caseId, 'escalated');
    expect(escalated.candidateGroups).toEqual(['head-of-risk']);
    // The analysis goes on: the escalation does not interrupt it.
    await openTask(caseId, 'riskAnalysis');

    ok(await as('riskOfficer', 'POST', `/tasks/${(await openTask(caseId, 'riskAnalysis')).id}/complete`, { variables: { analysis: 'structuring' } }));
    ok(await as('complianceOfficer', 'POST', `/tasks/${(await openTask(caseId, 'complianceAssessment')).id}/complete`, {}));
    ok(await as('itOps', 'POST', `/tasks/${(await openTask(caseId, 'itCheck')).id}/complete`, {}));
    ok(await as('reviewer', 'POST', `/tasks/${(await openTask(caseId, 'customerContact')).id}/complete`, {}));

    const filing = await openTask(caseId, 'filingDecision');
    // A decision without its basis matches no flow: refused, and the task stays open.
    expectProblem(await as('headOfRisk', 'POST', `/tasks/${filing.id}/complete`, { variables: { fileReport: true } }), 422, 'process-no-matching-flow');
    await openTask(caseId, 'filingDecision');
    ok(await as('headOfRisk', 'POST', `/tasks/${filing.id}/complete`, { variables: { fileReport: true, basis: '资金快进快出，与客户身份不符，符合可疑特征' } }));
    const instance = await instanceOf(caseId);
    expect(instance.state).toBe('completed');
    expect(instance.variables).toMatchObject({ fileReport: true, basis: '资金快进快出，与客户身份不符，符合可疑特征' });
    const history = await e.history(instance.id);
    expect(history.map((h) => h.elementId)).toEqual(expect.arrayContaining(['fileReport', 'filed']));
    // The terminate end closed the open escalation.
    expect(ok(await e.get(`/api/v1/tasks/${escalated.id}`)).state).toBe('canceled');
  });
});
