import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';

// Issue 15: the to-do list and the approval screen. Two approvers each approve their part of a
// countersign (会签, all must approve) from their own 待办, signed in as themselves; a reviewer
// returns (退回) an application to the step before. Screenshots of both screens in zh-CN.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
  // Two shared cores: a screen may take longer than 15 s.
  page.setDefaultTimeout(60_000);
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 768 };

/**
 * An application (填写申请, by the applicant) → a countersign of every approver (会签审批) →
 * approved or rejected by the countersign's outcome.
 */
const COUNTERSIGN_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:docket="https://docket.dev/schema/bpmn/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="defs_e2e_countersign" targetNamespace="http://docket.example/e2e">
  <bpmn:process id="e2e-countersign" name="E2E 会签审批" isExecutable="true">
    <bpmn:startEvent id="start" name="申请" />
    <bpmn:sequenceFlow id="toFill" sourceRef="start" targetRef="fill" />
    <bpmn:userTask id="fill" name="填写申请">
      <bpmn:extensionElements><docket:assignment assignee="=applicant" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="toSign" sourceRef="fill" targetRef="sign" />
    <bpmn:userTask id="sign" name="会签审批">
      <bpmn:extensionElements>
        <docket:assignment assignee="=approver" />
        <docket:countersign mode="all" />
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements><docket:loop collection="=approvers" elementVariable="approver" /></bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="toDecide" sourceRef="sign" targetRef="decide" />
    <bpmn:exclusiveGateway id="decide" name="结果?" default="toRejected" />
    <bpmn:sequenceFlow id="toApproved" sourceRef="decide" targetRef="approvedEnd">
      <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=outcome = "approved"</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="toRejected" sourceRef="decide" targetRef="rejectedEnd" />
    <bpmn:endEvent id="approvedEnd" name="已批准" />
    <bpmn:endEvent id="rejectedEnd" name="未批准" />
  </bpmn:process>
</bpmn:definitions>`;

/** An application (填写申请) → one review (复核) → end: the reviewer may return it to the applicant. */
const RETURN_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:docket="https://docket.dev/schema/bpmn/1.0" id="defs_e2e_return" targetNamespace="http://docket.example/e2e">
  <bpmn:process id="e2e-return" name="E2E 退回" isExecutable="true">
    <bpmn:startEvent id="start" name="申请" />
    <bpmn:sequenceFlow id="toFill" sourceRef="start" targetRef="fill" />
    <bpmn:userTask id="fill" name="填写申请">
      <bpmn:extensionElements><docket:assignment assignee="=applicant" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="toReview" sourceRef="fill" targetRef="review" />
    <bpmn:userTask id="review" name="复核">
      <bpmn:extensionElements><docket:assignment assignee="=reviewer" /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="toEnd" sourceRef="review" targetRef="end" />
    <bpmn:endEvent id="end" name="完成" />
  </bpmn:process>
</bpmn:definitions>`;

interface TaskRow {
  id: string;
  elementId: string;
  name: string | null;
  state: string;
  assignee: string | null;
  processInstanceId: string;
  countersign?: { approved: number; rejected: number; total: number } | null;
}
interface ActionRow {
  action: string;
  actorName: string | null;
  reason: string | null;
  comment: string | null;
}

const signIn = (username: string, password = DEMO_PASSWORD) => signInThroughConsole(page, docket.url, username, password);

/** The API as one user, with a bearer token. */
async function apiAs(username: string, password = DEMO_PASSWORD) {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(login.status, `API sign-in as ${username}`).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${docket.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(res.status, `${method} ${path} as ${username}: ${text.slice(0, 300)}`).toBeLessThan(300);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

type Api = Awaited<ReturnType<typeof apiAs>>;

async function userId(admin: Api, username: string): Promise<string> {
  const { items } = await admin<{ items: { id: string; username: string }[] }>('GET', `/api/v1/users?q=${encodeURIComponent(username)}`);
  const user = items.find((u) => u.username === username);
  expect(user, `user ${username}`).toBeTruthy();
  return user!.id;
}

/** The open tasks of one instance, as an administrator sees them. */
async function openTasks(admin: Api, instanceId: string): Promise<TaskRow[]> {
  return (await admin<{ items: TaskRow[] }>('GET', `/api/v1/tasks?processInstanceId=${instanceId}&state=open`)).items;
}

/** Horizontal overflow of the page (0 when everything fits the width). */
const horizontalOverflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** As the signed-in approver: 待办 → the countersign task → 同意 with a comment, back on the list. */
async function approveFromTodo(instanceTaskId: string, comment: string, shots?: { list: string; screen: string }) {
  await page.getByRole('menuitem', { name: /我的待办/ }).click();
  await page.waitForURL(/\/tasks$/);
  const list = page.getByTestId('tasks-todo');
  const link = list.locator(`a[href="/tasks/${instanceTaskId}"]`);
  await link.waitFor();
  if (shots) await screenshot(page, shots.list);
  // Keyboard: the task's link takes focus and opens it.
  await link.focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('task-page').waitFor();
  // A task offered to a group is claimed first.
  await page.getByTestId('action-approve').or(page.getByTestId('claim-task')).first().waitFor();
  if (await page.getByTestId('claim-task').count()) {
    await page.getByTestId('claim-task').click();
    await page.getByTestId('unclaim-task').waitFor();
  }
  await page.getByTestId('action-approve').waitFor();
  // The countersign's progress so far.
  expect(await page.getByTestId('task-countersign').textContent()).toMatch(/会签 · \d\/2 同意/);
  // Only what the task view allows: an approver of a countersign neither withdraws nor resolves here.
  expect(await page.getByTestId('action-withdraw').count()).toBe(0);
  expect(await page.getByTestId('action-resolve').count()).toBe(0);
  if (shots) {
    await page.getByTestId('action-log').waitFor();
    await screenshot(page, shots.screen);
  }
  await page.getByTestId('action-approve').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('action-text').fill(comment);
  await page.getByTestId('action-submit').click();
  await page.waitForURL(/\/tasks$/);
}

describe('a countersign (会签) approved by two approvers in the console', () => {
  let admin: Api;
  let approverA = '';
  let approverB = '';
  let applicant = '';
  let instanceId = '';

  it('deploys a countersign over two named approvers and starts it; the application step is done by the applicant', async () => {
    admin = await apiAs('admin', ADMIN_PASSWORD);
    [approverA, approverB, applicant] = await Promise.all([userId(admin, 'risk.analyst'), userId(admin, 'cp.officer'), userId(admin, 'agent.bj')]);
    await admin('POST', '/api/v1/processes', { xml: COUNTERSIGN_BPMN });
    await admin('POST', '/api/v1/processes', { xml: RETURN_BPMN });
    ({ id: instanceId } = await admin<{ id: string }>('POST', '/api/v1/process-instances', {
      processKey: 'e2e-countersign',
      variables: { applicant, approvers: [approverA, approverB], amount: 300000 },
    }));
    const [fill] = await openTasks(admin, instanceId);
    expect(fill?.elementId).toBe('fill');
    const agent = await apiAs('agent.bj');
    await agent('POST', `/api/v1/tasks/${fill!.id}/approve`, { comment: '申请材料已齐' });
    const signers = await openTasks(admin, instanceId);
    expect(signers.map((t) => t.assignee).sort()).toEqual([approverA, approverB].sort());
  });

  it('the first approver approves from 待办 on the desktop', async () => {
    await page.setViewportSize(DESKTOP);
    await signIn('risk.analyst');
    const mine = (await openTasks(admin, instanceId)).find((t) => t.assignee === approverA)!;
    await approveFromTodo(mine.id, '风险可控，同意');
    // One of two approved: the countersign is still open, with the other approver's task.
    const left = await openTasks(admin, instanceId);
    expect(left.map((t) => t.assignee)).toEqual([approverB]);
    const other = await admin<TaskRow>('GET', `/api/v1/tasks/${left[0]!.id}`);
    expect(other.countersign).toMatchObject({ approved: 1, total: 2 });
  });

  it('the second approver sees the list on a phone, then approves; the process ends approved', async () => {
    await signIn('cp.officer');
    const mine = (await openTasks(admin, instanceId)).find((t) => t.assignee === approverB)!;
    // A phone: cards, nothing wider than the screen.
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/tasks`);
    await page.getByTestId('tasks-todo').getByTestId('todo-card').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await horizontalOverflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'todo-list-390');

    await page.setViewportSize(DESKTOP);
    await approveFromTodo(mine.id, '合规审查通过', { list: 'todo-list', screen: 'approval-screen' });

    expect(await openTasks(admin, instanceId)).toEqual([]);
    const instance = await admin<{ state: string; variables?: Record<string, unknown> }>('GET', `/api/v1/process-instances/${instanceId}`);
    expect(instance.state).toBe('completed');
    const history = await admin<{ items: { elementId: string }[] }>('GET', `/api/v1/process-instances/${instanceId}/history`);
    expect(history.items.map((h) => h.elementId)).toContain('approvedEnd');

    // The record of the instance: both approvals, by name, with their comments.
    const { items: actions } = await admin<{ items: ActionRow[] }>('GET', `/api/v1/process-instances/${instanceId}/actions`);
    const approvals = actions.filter((a) => a.action === 'approve');
    expect(approvals.map((a) => a.comment)).toEqual(expect.arrayContaining(['风险可控，同意', '合规审查通过']));

    // 已办 lists the task the approver just approved; its page shows the record, in Chinese.
    await page.getByTestId('tab-done').click();
    await page.getByTestId('tasks-done').locator(`a[href="/tasks/${mine.id}"]`).click();
    const log = page.getByTestId('action-log');
    await log.getByText('合规审查通过', { exact: false }).waitFor();
    expect(await log.textContent()).toContain('同意');
    expect(await log.textContent()).not.toMatch(/\bapprove\b/);
    expect(watch.errors).toEqual([]);
  });
});

describe('退回 through the console', () => {
  it('a reviewer returns an application to the applicant, with a reason; the applicant has it again', async () => {
    const admin = await apiAs('admin', ADMIN_PASSWORD);
    const [reviewer, applicant] = await Promise.all([userId(admin, 'risk.analyst'), userId(admin, 'agent.bj')]);
    const { id: instanceId } = await admin<{ id: string }>('POST', '/api/v1/process-instances', { processKey: 'e2e-return', variables: { applicant, reviewer } });
    const agent = await apiAs('agent.bj');
    const [fill] = await openTasks(admin, instanceId);
    await agent('POST', `/api/v1/tasks/${fill!.id}/approve`, { comment: '已提交' });
    const [review] = await openTasks(admin, instanceId);
    expect(review?.elementId).toBe('review');

    await page.setViewportSize(DESKTOP);
    await signIn('risk.analyst');
    await page.goto(`${docket.url}/tasks/${review!.id}`);
    await page.getByTestId('action-return').click();
    // A reason is required: the dialog says so, in Chinese, and sends nothing.
    await page.getByTestId('return-target').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '填写申请' }).click();
    await page.getByTestId('action-submit').click();
    await page.getByText('请填写原因').waitFor();
    await page.getByTestId('action-text').fill('缺少收入证明，请补充');
    await page.getByTestId('action-submit').click();
    await page.waitForURL(/\/tasks$/);

    const [again] = await openTasks(admin, instanceId);
    expect(again).toMatchObject({ elementId: 'fill', assignee: applicant, state: 'open' });
    const { items: actions } = await admin<{ items: ActionRow[] }>('GET', `/api/v1/process-instances/${instanceId}/actions`);
    expect(actions.find((a) => a.action === 'return')?.reason).toBe('缺少收入证明，请补充');

    // The applicant finds it in 待办 and sees why on its page.
    await signIn('agent.bj');
    await page.getByRole('menuitem', { name: /我的待办/ }).click();
    await page.getByTestId('tasks-todo').locator(`a[href="/tasks/${again!.id}"]`).click();
    await page.getByTestId('action-log').getByText('缺少收入证明，请补充', { exact: false }).waitFor();
    expect(watch.errors).toEqual([]);
  });
});
