import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { rebuildReadModel } from '../../../../src/modules/analytics/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { complaint } from '../../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../../helpers/test-app.ts';

// Process mining over a history made through the real engine with a clock the test moves: a
// complaint process whose `review` step waits two days (the bottleneck), three instances that go
// round the model's rework loop once (review → fix → review), one returned from `approve` to
// `intake` (a path the model does not draw), one still waiting at `intake`. Branch A holds 8
// instances, branch B 4; a supervisor of branch B sees only those.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_mined" targetNamespace="https://docket.dev/test">
  <bpmn:process id="mined-complaint" name="Mined complaint" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="intake" />
    <bpmn:userTask id="intake" name="受理" camunda:candidateGroups="miners" />
    <bpmn:sequenceFlow id="f2" sourceRef="intake" targetRef="review" />
    <bpmn:userTask id="review" name="审核" camunda:candidateGroups="miners" />
    <bpmn:sequenceFlow id="f3" sourceRef="review" targetRef="decide" />
    <bpmn:exclusiveGateway id="decide" default="toApprove" />
    <bpmn:sequenceFlow id="toFix" sourceRef="decide" targetRef="fix">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">rework = true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="toApprove" sourceRef="decide" targetRef="approve" />
    <bpmn:userTask id="fix" name="整改" camunda:candidateGroups="miners" />
    <bpmn:sequenceFlow id="f4" sourceRef="fix" targetRef="review" />
    <bpmn:userTask id="approve" name="批准" camunda:candidateGroups="miners" />
    <bpmn:sequenceFlow id="f5" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

let t: TestApp;
let clock: TestClock;
let admin: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};
const departments: Record<string, string> = {};
const FROM = '2026-11-01';
const TO = '2026-12-31';

const api = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });

const ok = async (promise: ReturnType<typeof api>) => {
  const res = await promise;
  if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json();
};

const advance = (ms: number) => clock.moveTo(new Date(clock.now().getTime() + ms));

// Sessions expire as the test clock moves weeks on: sign in again when the last one is days old.
const signedInAt: Record<string, number> = {};
async function tokenOf(name: string): Promise<string> {
  if (tokens[name] === undefined || clock.now().getTime() - signedInAt[name]! > 6 * DAY) {
    tokens[name] = await t.login(name);
    signedInAt[name] = clock.now().getTime();
  }
  return tokens[name]!;
}

async function openTask(instanceId: string, elementId: string): Promise<string> {
  const rows = await t.sql<{ id: string }>("SELECT id FROM process.task WHERE instance_id = $1 AND element_id = $2 AND state = 'open'", [instanceId, elementId]);
  if (rows.length !== 1) throw new Error(`expected one open ${elementId} task, found ${rows.length}`);
  return rows[0]!.id;
}

/** Waits `waitMs`, then `who` claims the open task, works `workMs` and completes it. */
async function doStep(instanceId: string, elementId: string, who: string, waitMs: number, workMs: number, variables: Record<string, unknown> = {}) {
  const taskId = await openTask(instanceId, elementId);
  advance(waitMs);
  await ok(api(await tokenOf(who), 'POST', `/tasks/${taskId}/claim`));
  advance(workMs);
  await ok(api(await tokenOf(who), 'POST', `/tasks/${taskId}/complete`, { variables }));
}

async function startCase(department: string, creator: string): Promise<string> {
  const created = await ok(api(await tokenOf(creator), 'POST', '/cases', complaint({ type: 'mined-complaint', departmentId: departments[department] })));
  const rows = await t.sql<{ id: string }>('SELECT id FROM process.instance WHERE case_id = $1', [created.id]);
  return rows[0]!.id;
}

/** intake (A's clerk) → review (HQ, waits two days) → [fix → review]×loops → approve (the clerk). */
async function runInstance(department: 'A' | 'B', loops: number, options: { returnOnce?: boolean } = {}) {
  const clerk = department === 'A' ? 'clerkA' : 'clerkB';
  const instanceId = await startCase(department, clerk);
  await doStep(instanceId, 'intake', clerk, 10 * MINUTE, 20 * MINUTE);
  for (let i = 0; i < loops; i++) {
    await doStep(instanceId, 'review', 'reviewer', 2 * DAY, HOUR, { rework: true });
    await doStep(instanceId, 'fix', clerk, 30 * MINUTE, 30 * MINUTE);
  }
  await doStep(instanceId, 'review', 'reviewer', 2 * DAY, HOUR, { rework: false });
  if (options.returnOnce) {
    const approve = await openTask(instanceId, 'approve');
    advance(10 * MINUTE);
    await ok(api(await tokenOf(clerk), 'POST', `/tasks/${approve}/claim`));
    await ok(api(await tokenOf(clerk), 'POST', `/tasks/${approve}/return`, { targetElementId: 'intake', reason: '材料不全' }));
    await doStep(instanceId, 'intake', clerk, 10 * MINUTE, 20 * MINUTE);
    await doStep(instanceId, 'review', 'reviewer', 2 * DAY, HOUR, { rework: false });
  }
  await doStep(instanceId, 'approve', clerk, 10 * MINUTE, 10 * MINUTE);
  advance(HOUR);
  return instanceId;
}

interface Mining {
  instances: { total: number; completed: number; active: number };
  steps: { elementId: string; executions: number; durationP90: number; waitP50: number; workP50: number; bottleneck: boolean }[];
  map: { nodes: { id: string; count: number }[]; edges: { from: string; to: string; count: number; inModel: boolean }[] };
  variants: { steps: string[]; count: number; conforming: boolean }[];
  handoffs: { fromDepartmentId: string; toDepartmentId: string; count: number }[];
  rework: { returns: number; repeatedSteps: { elementId: string; instances: number; extraExecutions: number }[] };
  conformance: {
    checkedInstances: number;
    conformingInstances: number;
    skippedSteps: unknown[];
    repeatedSteps: { elementId: string; instances: number }[];
    disallowedTransitions: { from: string | null; to: string | null; instances: number }[];
  };
}

const mine = async (token: string, query = '') => (await ok(api(token, 'GET', `/analytics/process-mining?processKey=mined-complaint&from=${FROM}&to=${TO}${query}`))) as Mining;

beforeAll(async () => {
  clock = new TestClock(new Date('2026-11-02T01:00:00Z'));
  t = await createTestApp({ clock, config: { sessionTtlMinutes: 7 * 24 * 60 } });
  admin = await t.login('admin');
  departments.HQ = (await ok(api(admin, 'POST', '/departments', { code: 'HQ-MINE', name: '总行', kind: 'head-office' }))).id;
  departments.A = (await ok(api(admin, 'POST', '/departments', { code: 'BR-MINE-A', name: 'A 分行', kind: 'branch', parentId: departments.HQ }))).id;
  departments.B = (await ok(api(admin, 'POST', '/departments', { code: 'BR-MINE-B', name: 'B 分行', kind: 'branch', parentId: departments.HQ }))).id;
  for (const [name, roles, department] of [
    ['clerkA', ['agent'], 'A'],
    ['clerkB', ['agent'], 'B'],
    ['reviewer', ['agent'], 'HQ'],
    ['headAnalyst', ['analyst'], 'HQ'],
    ['branchB', ['supervisor'], 'B'],
    ['marketer', ['marketing'], 'HQ'],
  ] as const) {
    ids[name] = await t.createUser(name, [...roles], departments[department]);
  }
  await ok(api(admin, 'POST', '/groups', { key: 'miners', name: 'Miners', kind: 'group', memberIds: [ids.clerkA, ids.clerkB, ids.reviewer] }));
  await ok(api(admin, 'POST', '/processes', { xml: PROCESS }));
  const seedComplaint = SEED_CASE_TYPES.find((type) => type.key === 'complaint')!;
  await ok(api(admin, 'POST', '/case-types', { key: 'mined-complaint', name: 'Mined complaint', prefix: 'MIN', schema: seedComplaint.schema, processKey: 'mined-complaint' }));

  // Branch A: 4 straight, 3 with one rework loop, 1 returned from approve to intake.
  for (const loops of [0, 1, 0, 1, 0, 1, 0]) await runInstance('A', loops);
  await runInstance('A', 0, { returnOnce: true });
  // Branch B: 4 straight.
  for (let i = 0; i < 4; i++) await runInstance('B', 0);
  // One more in branch A, still waiting at intake.
  await startCase('A', 'clerkA');
  advance(HOUR);
  await rebuildReadModel(t.database.db);
  for (const name of ['clerkA', 'branchB', 'headAnalyst', 'marketer']) await tokenOf(name);
}, 180_000);
afterAll(() => t?.close());

describe('GET /api/v1/analytics/process-mining', () => {
  it('finds the bottleneck: review has the longest p90, and its time is waiting, not working', async () => {
    const result = await mine(tokens.headAnalyst!);
    expect(result.instances).toMatchObject({ total: 13, completed: 12, active: 1 });
    const review = result.steps.find((s) => s.elementId === 'review')!;
    expect(result.steps[0]!.elementId).toBe('review');
    expect(result.steps.filter((s) => s.bottleneck).map((s) => s.elementId)).toEqual(['review']);
    expect(review.waitP50).toBe(2 * 86_400);
    expect(review.workP50).toBe(3600);
    expect(review.executions).toBe(12 + 3 + 1);
    const intake = result.steps.find((s) => s.elementId === 'intake')!;
    expect(intake).toMatchObject({ executions: 13 + 1, waitP50: 600, workP50: 1200 });
  });

  it('counts the rework: the loops repeat review, the return repeats intake, review and approve, and is counted', async () => {
    const { rework } = await mine(tokens.headAnalyst!);
    expect(rework.returns).toBe(1);
    expect(rework.repeatedSteps).toEqual([
      { elementId: 'review', name: '审核', instances: 4, extraExecutions: 4 },
      { elementId: 'approve', name: '批准', instances: 1, extraExecutions: 1 },
      { elementId: 'intake', name: '受理', instances: 1, extraExecutions: 1 },
    ]);
  });

  it('checks conformance against the BPMN: the return is a path the model does not allow; loops are repeats', async () => {
    const { conformance, variants } = await mine(tokens.headAnalyst!);
    expect(conformance.checkedInstances).toBe(13);
    expect(conformance.disallowedTransitions).toEqual([{ from: 'approve', to: 'intake', instances: 1 }]);
    expect(conformance.skippedSteps).toEqual([]);
    expect(conformance.repeatedSteps).toEqual([
      { elementId: 'review', name: '审核', instances: 4 },
      { elementId: 'approve', name: '批准', instances: 1 },
      { elementId: 'intake', name: '受理', instances: 1 },
    ]);
    // 8 straight completed + the one waiting at intake conform.
    expect(conformance.conformingInstances).toBe(9);
    expect(variants.map((v) => [v.steps.join('>'), v.count, v.conforming])).toEqual([
      ['intake>review>approve', 8, true],
      ['intake>review>fix>review>approve', 3, false],
      ['intake', 1, true],
      ['intake>review>approve>intake>review>approve', 1, false],
    ]);
  });

  it('draws the directly-follows map with the model’s edges marked and the return outside it', async () => {
    const { map } = await mine(tokens.headAnalyst!);
    const edge = (from: string, to: string) => map.edges.find((e) => e.from === from && e.to === to);
    expect(edge('__start__', 'intake')).toMatchObject({ count: 13, inModel: true });
    expect(edge('review', 'fix')).toMatchObject({ count: 3, inModel: true });
    expect(edge('fix', 'review')).toMatchObject({ count: 3, inModel: true });
    expect(edge('approve', '__end__')).toMatchObject({ count: 12, inModel: true });
    expect(edge('approve', 'intake')).toMatchObject({ count: 1, inModel: false });
    expect(map.nodes.find((n) => n.id === 'review')).toMatchObject({ count: 16 });
  });

  it('counts hand-offs between departments: each branch to head office and back', async () => {
    const { handoffs } = await mine(tokens.headAnalyst!);
    const count = (from: string, to: string) => handoffs.find((h) => h.fromDepartmentId === departments[from] && h.toDepartmentId === departments[to])?.count ?? 0;
    // A: 8 instances intake→review and review→approve, plus 3 loops (review→fix→review: 2 each) and the return (approve→intake: none, review twice).
    expect(count('A', 'HQ')).toBe(8 + 3 + 1);
    expect(count('HQ', 'A')).toBe(8 + 3 + 1);
    expect(count('B', 'HQ')).toBe(4);
    expect(count('HQ', 'B')).toBe(4);
  });

  it('shows a branch supervisor only the branch’s instances, and the department filter narrows the same way', async () => {
    const branch = await mine(tokens.branchB!);
    expect(branch.instances.total).toBe(4);
    expect(branch.rework.returns).toBe(0);
    expect(branch.handoffs.some((h) => h.fromDepartmentId === departments.A || h.toDepartmentId === departments.A)).toBe(false);
    const filtered = await mine(tokens.headAnalyst!, `&departmentId=${departments.A}`);
    expect(filtered.instances.total).toBe(9);
  });

  it('lists the deployed processes for the picker', async () => {
    expect((await ok(api(tokens.headAnalyst!, 'GET', '/analytics/processes'))).items).toEqual([{ key: 'mined-complaint', name: 'Mined complaint', versions: [1] }]);
    expectProblem(await api(tokens.marketer!, 'GET', '/analytics/processes'), 403, 'forbidden');
  });

  it('refuses a reader without analytics:read (403), an unknown process (404) and a bad period (400 naming the field)', async () => {
    expectProblem(await api(tokens.marketer!, 'GET', '/analytics/process-mining?processKey=mined-complaint'), 403, 'forbidden');
    expectProblem(await api(tokens.headAnalyst!, 'GET', '/analytics/process-mining?processKey=nope'), 404, 'analytics-process-not-found');
    const bad = expectProblem(await api(tokens.headAnalyst!, 'GET', '/analytics/process-mining?processKey=mined-complaint&from=2026-12-31&to=2026-11-01'), 400, 'validation-failed');
    expect(bad.errors!.map((e) => e.field)).toEqual(['querystring.from']);
    const missing = expectProblem(await api(tokens.headAnalyst!, 'GET', '/analytics/process-mining'), 400, 'validation-failed');
    expect(JSON.stringify(missing.errors)).toContain('processKey');
  });
});

describe('GET /api/v1/analytics/event-log', () => {
  it('streams XES that parses, one trace per instance and two events per ended step, and audits the export', async () => {
    const res = await api(tokens.headAnalyst!, 'GET', `/analytics/event-log?processKey=mined-complaint&format=xes&from=${FROM}&to=${TO}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const log = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['trace', 'event', 'string', 'date'].includes(name) }).parse(res.body).log;
    expect(log['@_xes.version']).toBe('1849.2016');
    expect(log.trace).toHaveLength(13);
    const events = log.trace.flatMap((tr: { event: unknown[] }) => tr.event) as { string: { '@_key': string; '@_value': string }[]; date: { '@_value': string }[] }[];
    // Steps: 13 intake + 1 again, 16 review, 3 fix, 13 approve (one returned) – 1 open intake without its end.
    const steps = 14 + 16 + 3 + 13;
    expect(events).toHaveLength(steps * 2 - 1);
    const attr = (e: (typeof events)[number], key: string) => e.string.find((s) => s['@_key'] === key)?.['@_value'];
    const resources = new Set(events.map((e) => attr(e, 'org:resource')).filter((r) => r !== undefined));
    expect([...resources].sort()).toEqual([ids.clerkA, ids.clerkB, ids.reviewer].sort());
    expect(events.filter((e) => attr(e, 'lifecycle:transition') === 'ate_abort').map((e) => attr(e, 'elementId'))).toEqual(['approve']);
    expect(res.body).not.toContain('clerkA');
    const audit = await t.sql<{ actor_id: string; data: Record<string, unknown> }>("SELECT actor_id, data FROM audit.event WHERE action = 'analytics.event-log-exported'");
    expect(audit).toEqual([{ actor_id: ids.headAnalyst, data: expect.objectContaining({ processKey: 'mined-complaint', format: 'xes', instances: 13 }) }]);
  });

  it('streams CSV with a header, one line per event, only the branch’s for a branch supervisor', async () => {
    const res = await api(tokens.branchB!, 'GET', `/analytics/event-log?processKey=mined-complaint&format=csv&from=${FROM}&to=${TO}`);
    expect(res.statusCode).toBe(200);
    const lines = res.body.trimEnd().split('\n');
    expect(lines[0]).toBe('case_id,docket_case_id,activity,activity_id,lifecycle,timestamp,resource');
    expect(lines).toHaveLength(1 + 4 * 3 * 2);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(4);
  });

  it('refuses a reader without analytics:export (403) and records nothing', async () => {
    const before = await t.sql("SELECT 1 FROM audit.event WHERE action = 'analytics.event-log-exported'");
    expectProblem(await api(tokens.clerkA!, 'GET', '/analytics/event-log?processKey=mined-complaint&format=xes'), 403, 'forbidden');
    expectProblem(await api(tokens.headAnalyst!, 'GET', '/analytics/event-log?processKey=mined-complaint&format=pdf'), 400, 'validation-failed');
    expect(await t.sql("SELECT 1 FROM audit.event WHERE action = 'analytics.event-log-exported'")).toHaveLength(before.length);
  });
});
