// Issue 17: a process task is routed when it is created — a rule that applies to tasks puts it in
// its queue and, in a push queue, gives it to the selected member.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { createCase, createRoutingWorld, createRule, demoCase, insertQueueWithSql, makeAvailable, type RoutingWorld } from './routing-world.ts';

const REVIEW_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs_routing_review" targetNamespace="https://docket.dev/test">
  <bpmn:process id="routing-review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="复核 Review" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

let w: RoutingWorld;
let reviewQueue: string;

beforeAll(async () => {
  w = await createRoutingWorld();
  reviewQueue = await insertQueueWithSql(w.t, { key: 'reviewers', name: '复核组', departmentId: w.dept.HQ, memberIds: [w.users['qian.credit']!] });
  await makeAvailable(w.t, w.users['qian.credit']!);
  const deployed = await w.api(w.admin, 'POST', '/processes', { xml: REVIEW_PROCESS });
  expect(deployed.statusCode, deployed.body).toBe(201);
  const seedComplaint = SEED_CASE_TYPES.find((type) => type.key === 'complaint')!;
  const type = await w.api(w.admin, 'POST', '/case-types', { key: 'reviewed-complaint', name: 'Reviewed complaint', prefix: 'RCP', schema: seedComplaint.schema, processKey: 'routing-review' });
  expect(type.statusCode, type.body).toBe(201);
});
afterAll(() => w.t.close());

const taskOf = async (caseId: string) =>
  (await w.t.sql<{ id: string; queue_id: string | null; assignee: string | null }>("SELECT id, queue_id, assignee FROM process.task WHERE case_id = $1 AND element_id = 'review'", [caseId]))[0]!;

describe('task routing', () => {
  it('leaves a task alone while no rule applies to tasks', async () => {
    const created = await createCase(w, demoCase.complaint({ type: 'reviewed-complaint' }));
    expect(await taskOf(created.id)).toMatchObject({ queue_id: null, assignee: null });
  });

  it("puts a new task in its rule's queue and gives it to the queue's agent, explained and audited", async () => {
    // given
    await createRule(w, {
      key: 'review-tasks',
      name: '复核任务 → 复核组',
      appliesTo: 'task',
      conditions: { processKeys: ['routing-review'], taskElementIds: ['review'] },
      actions: { queueId: reviewQueue },
    });
    // when
    const created = await createCase(w, demoCase.complaint({ type: 'reviewed-complaint' }));
    // then
    const task = await taskOf(created.id);
    expect(task).toMatchObject({ queue_id: reviewQueue, assignee: w.users['qian.credit'] });
    const routing = (await w.api(w.admin, 'GET', `/cases/${created.id}/routing`)).json();
    const taskDecision = routing.decisions.find((d: { taskId: string | null }) => d.taskId === task.id);
    expect(taskDecision).toMatchObject({ trigger: 'task-created', outcome: 'assigned', rule: { key: 'review-tasks' }, queue: { key: 'reviewers' }, assignee: { displayName: '钱信贷' } });
    const audit = await w.t.sql("SELECT 1 FROM audit.event WHERE action = 'routing.task-routed' AND target_id = $1", [task.id]);
    expect(audit).toHaveLength(1);
  });
});
