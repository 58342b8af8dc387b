import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import type { SlaPolicyDefinition } from '../../../../src/modules/sla/index.ts';
import { TestClock } from '../../../../src/platform/clock/index.ts';
import { complaint } from '../../../helpers/factories.ts';
import { createTestApp, type TestApp } from '../../../helpers/test-app.ts';
import { apiOf, insertPolicy, iso, slaAuditOf, targetOf, targetsOf, type Api } from './clock-fixtures.ts';

// A step target runs on a process task: started when the task is created, met when it is
// completed, canceled when the task is canceled or its process terminated.

const ANALYSIS_PROCESS = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs_sla_step" targetNamespace="https://docket.dev/test">
  <bpmn:process id="sla-analysis" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="analyse" />
    <bpmn:userTask id="analyse" name="分析 Analyse" />
    <bpmn:sequenceFlow id="f2" sourceRef="analyse" targetRef="reply" />
    <bpmn:userTask id="reply" name="答复 Reply" />
    <bpmn:sequenceFlow id="f3" sourceRef="reply" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const POLICY: SlaPolicyDefinition = {
  conditions: { caseTypes: ['analysed-complaint'] },
  targets: [
    { key: 'resolution', kind: 'resolution', duration: 'PT8H', calendar: 'always-open', levels: [] },
    {
      key: 'analysis',
      kind: 'step',
      label: '30 分钟内完成分析',
      step: { processKey: 'sla-analysis', elementId: 'analyse' },
      duration: 'PT30M',
      calendar: 'always-open',
      levels: [
        { at: { kind: 'share', share: 0.75 }, actions: [] },
        { at: { kind: 'breach' }, actions: [] },
      ],
    },
  ],
};

const START = new Date('2026-03-07T14:00:00Z'); // a Saturday night: the 24×7 calendar counts it
let t: TestApp;
let clock: TestClock;
let admin: string;
let api: Api;

beforeAll(async () => {
  clock = new TestClock(START);
  t = await createTestApp({ clock });
  admin = await t.login('admin');
  api = apiOf(t);
  const deployed = await api(admin, 'POST', '/processes', { xml: ANALYSIS_PROCESS });
  expect(deployed.statusCode, deployed.body).toBe(201);
  const seedComplaint = SEED_CASE_TYPES.find((type) => type.key === 'complaint')!;
  const type = await api(admin, 'POST', '/case-types', { key: 'analysed-complaint', name: 'Analysed complaint', prefix: 'ACP', schema: seedComplaint.schema, processKey: 'sla-analysis' });
  expect(type.statusCode, type.body).toBe(201);
  await insertPolicy(t, 'analysed', POLICY);
});
afterAll(async () => t?.close());

const openTaskOf = async (caseId: string, elementId: string) =>
  (await t.sql<{ id: string }>("SELECT id FROM process.task WHERE case_id = $1 AND element_id = $2 AND state = 'open'", [caseId, elementId]))[0]?.id;

describe('step clocks', () => {
  it('starts a step clock on the task its policy names, shows it with the task name, and meets it when the task is completed', async () => {
    const created = await api(admin, 'POST', '/cases', complaint({ type: 'analysed-complaint' }));
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    const taskId = await openTaskOf(c.id, 'analyse');
    expect(taskId).toBeDefined();
    const step = await targetOf(t, c.id, 'analysis');
    expect(step).toMatchObject({ kind: 'step', task_id: taskId, state: 'running', budget_seconds: 1800 });
    expect(iso(step.due_at)).toBe('2026-03-07T14:30:00.000Z');
    expect(iso(step.next_fire_at)).toBe('2026-03-07T14:22:30.000Z');
    // A step's clock belongs to its task: the case follows its resolution clock.
    expect(c.dueAt).toBe('2026-03-07T22:00:00.000Z');

    const view = (await api(admin, 'GET', `/cases/${c.id}/sla`)).json();
    expect(view.items.find((i: { key: string }) => i.key === 'analysis')).toMatchObject({ taskId, taskName: '分析 Analyse', label: '30 分钟内完成分析', kind: 'step', state: 'running' });

    clock.moveTo(new Date('2026-03-07T14:20:00Z'));
    const done = await api(admin, 'POST', `/tasks/${taskId}/complete`, { variables: {} });
    expect(done.statusCode, done.body).toBe(200);
    expect(await targetOf(t, c.id, 'analysis')).toMatchObject({ state: 'met', elapsed_seconds: 1200, breached_at: null });
    // The next task (reply) has no step target: no clock for it.
    expect((await targetsOf(t, c.id)).map((r) => r.key).sort()).toEqual(['analysis', 'resolution']);
    expect((await slaAuditOf(t, c.id)).map((e) => e.action)).toEqual(['sla.target-started', 'sla.target-started', 'sla.target-met']);
  });

  it('cancels the step clock when its process is terminated', async () => {
    const c = (await api(admin, 'POST', '/cases', complaint({ type: 'analysed-complaint' }))).json();
    const [instance] = await t.sql<{ id: string }>('SELECT id FROM process.instance WHERE case_id = $1', [c.id]);
    const res = await api(admin, 'POST', `/process-instances/${instance!.id}/terminate`, { reason: '客户撤诉' });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(await targetOf(t, c.id, 'analysis')).toMatchObject({ state: 'canceled' });
    expect((await slaAuditOf(t, c.id)).find((e) => e.action === 'sla.target-canceled')?.data).toMatchObject({ key: 'analysis', reason: expect.any(String) });
  });
});
