import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { DESKTOP, PHONE, apiAsUser } from './console-steps.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 15: the to-do list and the approval screen. On the demo's credit process, the risk and
// the compliance reviewer each approve their part of its countersign (会签, all must approve) from
// their own 待办, signed in as themselves; on a small process of the spec's own, a reviewer
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
const apiAs = (username: string, password = DEMO_PASSWORD) => apiAsUser(docket, username, password);

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

/** As the signed-in approver: 待办 → the countersign task → 同意 with a comment, back on the list. */
async function approveFromTodo(instanceTaskId: string, comment: string, search: string, shots?: { list: string; screen: string }) {
  await page.getByRole('menuitem', { name: /我的待办/ }).click();
  await page.waitForURL(/\/tasks$/);
  const list = page.getByTestId('tasks-todo');
  const link = list.locator(`a[href="/tasks/${instanceTaskId}"]`);
  await list.locator('a[href^="/tasks/"]').first().waitFor();
  if (shots) await screenshot(page, shots.list);
  // The demo fills the list: find the application by its case number.
  await page.getByTestId('todo-search').locator('input').fill(search);
  await page.keyboard.press('Enter');
  await link.waitFor();
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

describe('a countersign (会签) on the demo credit process, approved by two approvers in the console', () => {
  let admin: Api;
  let instanceId = '';
  let caseId = '';
  let caseNumber = '';

  it('opens a credit application; the branch review is done by its agent, and the risk and compliance reviews open', async () => {
    admin = await apiAs('admin', ADMIN_PASSWORD);
    await admin('POST', '/api/v1/processes', { xml: RETURN_BPMN });
    const { items: departments } = await admin<{ items: { id: string; code: string }[] }>('GET', '/api/v1/departments');
    const bj = departments.find((d) => d.code === 'BJ')!.id;
    // Opened by the administrator: its maker may not approve a step of it (separation of duties).
    ({ id: caseId } = await admin<{ id: string }>('POST', '/api/v1/cases', {
      type: 'credit-approval',
      title: '经营贷申请（浏览器测试）',
      departmentId: bj,
      fields: { applicantName: '李四', residentId: '11010519491231002X', product: 'small-business', amount: 200000, termMonths: 36 },
    }));
    const { items } = await admin<{ items: { id: string }[] }>('GET', `/api/v1/process-instances?processKey=credit-approval&state=active`);
    for (const candidate of items) {
      const detail = await admin<{ id: string; caseId: string | null }>('GET', `/api/v1/process-instances/${candidate.id}`);
      if (detail.caseId === caseId) instanceId = detail.id;
    }
    expect(instanceId, 'the credit case started its process').not.toBe('');
    ({ number: caseNumber } = await admin<{ number: string }>('GET', `/api/v1/cases/${caseId}`));
    const [review] = await openTasks(admin, instanceId);
    expect(review?.elementId).toBe('creditReview');
    const agent = await apiAs('agent.bj');
    await agent('POST', `/api/v1/tasks/${review!.id}/approve`, { comment: '材料齐全，建议通过' });
    const reviews = await openTasks(admin, instanceId);
    expect(reviews.map((t) => t.elementId)).toEqual(['reviews', 'reviews']);
  });

  it('the risk reviewer claims and approves from 待办 on the desktop', async () => {
    await page.setViewportSize(DESKTOP);
    await signIn('risk.analyst');
    const mine = (await openTasks(admin, instanceId)).find((t) => (t as TaskRow & { candidateGroups: string[] }).candidateGroups.includes('risk-review'))!;
    await approveFromTodo(mine.id, '风险可控，同意', caseNumber);
    // One of two approved: the countersign still waits for compliance.
    const left = await openTasks(admin, instanceId);
    expect(left.map((t) => t.elementId)).toEqual(['reviews']);
    const other = await admin<TaskRow>('GET', `/api/v1/tasks/${left[0]!.id}`);
    expect(other.countersign).toMatchObject({ approved: 1, total: 2 });
  });

  it('the compliance reviewer sees the list on a phone, then approves; the application is approved', async () => {
    await signIn('cp.officer');
    const mine = (await openTasks(admin, instanceId))[0]!;
    // A phone: cards, nothing wider than the screen.
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/tasks`);
    await page.getByTestId('tasks-todo').getByTestId('todo-card').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'todo-list-390');

    await page.setViewportSize(DESKTOP);
    await approveFromTodo(mine.id, '合规审查通过', caseNumber, { list: 'todo-list', screen: 'approval-screen' });

    expect(await openTasks(admin, instanceId)).toEqual([]);
    const instance = await admin<{ state: string }>('GET', `/api/v1/process-instances/${instanceId}`);
    expect(instance.state).toBe('completed');
    const history = await admin<{ items: { elementId: string }[] }>('GET', `/api/v1/process-instances/${instanceId}/history`);
    expect(history.items.map((h) => h.elementId)).toContain('approved');

    // The record of the instance: the branch review and both countersign approvals, with their comments.
    const { items: actions } = await admin<{ items: ActionRow[] }>('GET', `/api/v1/process-instances/${instanceId}/actions`);
    expect(actions.filter((a) => a.action === 'approve').map((a) => a.comment)).toEqual(expect.arrayContaining(['材料齐全，建议通过', '风险可控，同意', '合规审查通过']));

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
