import type { LightMyRequestResponse } from 'fastify';
import { SEED_CASE_TYPES } from '../../../../seed/case-types.ts';
import { complaint } from '../../../helpers/factories.ts';
import { bearer, type TestApp } from '../../../helpers/test-app.ts';

// What the 抄送, 催办 and out-of-office tests share: a two-step process of a case type, users in
// two branches, and shortcuts for the API.

export type Api = (token: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) => Promise<LightMyRequestResponse>;

export function apiOf(t: TestApp): Api {
  return (token, method, url, payload) => t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** review (given to `reviewer`, or by candidate group `reviewers`) → approve (given to `approver`) → end. */
export function twoStepProcess(key: string, users: { reviewer?: string; approver: string }): string {
  const review = users.reviewer ? `camunda:assignee="${users.reviewer}"` : 'camunda:candidateGroups="reviewers"';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs_${key}" targetNamespace="https://docket.dev/test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" name="Review" ${review} />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve" camunda:assignee="${users.approver}" />
    <bpmn:sequenceFlow id="f3" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

export async function deployProcess(api: Api, admin: string, xml: string): Promise<void> {
  const res = await api(admin, 'POST', '/processes', { xml });
  if (res.statusCode !== 201) throw new Error(`deploy: ${res.statusCode} ${res.body}`);
}

/** A complaint case type whose cases start `processKey`. */
export async function createProcessCaseType(api: Api, admin: string, key: string, prefix: string, processKey: string): Promise<void> {
  const seedComplaint = SEED_CASE_TYPES.find((type) => type.key === 'complaint')!;
  const res = await api(admin, 'POST', '/case-types', { key, name: 'Complaint with a process', prefix, schema: seedComplaint.schema, processKey });
  if (res.statusCode !== 201) throw new Error(`case type: ${res.statusCode} ${res.body}`);
}

/** Creates a case as `token` and answers it with its process instance. */
export async function createCaseWithProcess(
  t: TestApp,
  api: Api,
  token: string,
  type: string,
  departmentId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ caseId: string; instanceId: string }> {
  const res = await api(token, 'POST', '/cases', complaint({ type, departmentId, ...overrides }));
  if (res.statusCode !== 201) throw new Error(`case: ${res.statusCode} ${res.body}`);
  const caseId = res.json().id as string;
  const instance = (await t.sql<{ id: string }>('SELECT id FROM process.instance WHERE case_id = $1', [caseId]))[0]!;
  return { caseId, instanceId: instance.id };
}

/** The open task of an element in an instance. */
export async function openTaskOf(t: TestApp, instanceId: string, elementId: string): Promise<string> {
  const rows = await t.sql<{ id: string }>("SELECT id FROM process.task WHERE instance_id = $1 AND element_id = $2 AND state = 'open'", [instanceId, elementId]);
  if (rows.length !== 1) throw new Error(`expected one open ${elementId} task, found ${rows.length}`);
  return rows[0]!.id;
}

/** A head office and two branches under it, codes prefixed `code`. */
export async function createBranches(api: Api, admin: string, code: string): Promise<{ branch: string; otherBranch: string }> {
  const make = async (payload: Record<string, unknown>) => {
    const res = await api(admin, 'POST', '/departments', payload);
    if (res.statusCode !== 201) throw new Error(`department: ${res.statusCode} ${res.body}`);
    return res.json().id as string;
  };
  const hq = await make({ code: `HQ-${code}`, name: `Head office ${code}`, kind: 'head-office' });
  return {
    branch: await make({ code: `BR-${code}`, name: `Branch ${code}`, kind: 'branch', parentId: hq }),
    otherBranch: await make({ code: `BR2-${code}`, name: `Other branch ${code}`, kind: 'branch', parentId: hq }),
  };
}

/** The caller's notifications of one kind about one task. */
export async function notificationsOf(api: Api, token: string, kind: string, taskId: string): Promise<{ kind: string; caseId: string | null; params: Record<string, string | number> }[]> {
  const res = await api(token, 'GET', '/notifications?limit=100');
  if (res.statusCode !== 200) throw new Error(`notifications: ${res.statusCode} ${res.body}`);
  return res.json().items.filter((n: { kind: string; taskId: string | null }) => n.kind === kind && n.taskId === taskId);
}
