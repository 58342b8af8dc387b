import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { DESKTOP, PHONE, apiAsUser } from './console-steps.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 15: the decision designer and the process instance on the case. An administrator
// designs a decision table in the browser (dmn-js), is told which rule a refused deployment is
// about, deploys, and evaluates it with a form of the decision's inputs; on a credit case of the
// demo the process is drawn with its completed and active steps marked, and a step's history
// opens from the diagram or by keyboard.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(async () => {
  ({ docket, page, watch } = session);
  // Two shared cores: dmn-js and bpmn-js load on demand and may take longer than 15 s.
  page.setDefaultTimeout(60_000);
});

const signIn = (username: string, password: string) => signInThroughConsole(page, docket.url, username, password);

/** The API as one user: GET a path, or POST a body to it. */
async function apiAs(username: string, password: string) {
  const api = await apiAsUser(docket, username, password);
  return <T>(path: string, body?: unknown) => api<T>(body === undefined ? 'GET' : 'POST', path, body);
}

/** Replaces a decision-table cell's FEEL text the way a person does: click it, select all, type, leave. */
async function editCell(cell: Locator, text: string) {
  await cell.click();
  const editor = cell.locator('[contenteditable="true"]').first();
  await editor.waitFor();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
  // Leaving the cell commits the edit.
  await page.getByTestId('decision-designer').locator('.ant-card-head').click();
}

describe('the decision designer', () => {
  it('designs a decision table, is told which rule is wrong, deploys, and evaluates it with sample inputs', async () => {
    await page.setViewportSize(DESKTOP);
    await signIn('admin', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: /决策/ }).click();
    await page.getByTestId('new-decision').click();
    await page.waitForURL(/\/decisions\/new$/);
    await page.getByTestId('new-decision-key').fill('e2e-limit');
    await page.getByTestId('new-decision-name').fill('额度决策');
    await page.getByTestId('new-decision-start').click();

    // The table of the new decision opens for editing.
    const modeler = page.getByTestId('dmn-modeler');
    const inputCell = modeler.locator('td.input-cell[data-row-id="Rule_1"]').first();
    const outputCell = modeler.locator('td.output-cell[data-row-id="Rule_1"]').first();
    await inputCell.waitFor();

    // A rule with FEEL that does not parse: refused, and the problem names the decision and the rule.
    await editCell(inputCell, '>= 1000 <');
    await page.getByText('有未部署的修改').waitFor();
    watch.expectErrorResponse('/api/v1/decisions', 422);
    await page.getByTestId('designer-deploy').click();
    const problems = page.getByTestId('designer-problem-list');
    await problems.waitFor();
    const problemText = (await problems.textContent()) ?? '';
    expect(problemText).toContain('额度决策');
    expect(problemText).toContain('规则 1');
    expect(problemText).not.toMatch(/not valid FEEL|InputEntry/);

    // Fixed, and the rule's output changed: deployed as version 1.
    await editCell(inputCell, '>= 1000');
    await editCell(outputCell, '"manager"');
    await page.getByTestId('designer-deploy').click();
    const deployed = page.getByTestId('designer-deploy-result');
    await deployed.waitFor();
    expect(await deployed.textContent()).toContain('第 1 版');

    // Evaluate with a form of the decision's inputs: the amount column.
    await page.getByTestId('designer-input-amount').fill('5000');
    await page.getByTestId('designer-evaluate-submit').click();
    const result = page.getByTestId('designer-evaluate-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('manager');
    expect(await page.getByTestId('designer-matched-rules').textContent()).toContain('规则 1');
    await modeler.locator('.docket-matched[data-row-id="Rule_1"]').first().waitFor();

    // An edit not deployed yet is what the evaluation uses: the designer tries the model in the editor.
    await editCell(outputCell, '"director"');
    await page.getByText('有未部署的修改').waitFor();
    await page.getByTestId('designer-evaluate-submit').click();
    await result.getByText('director').waitFor();

    // Below the rule's threshold nothing matches.
    await page.getByTestId('designer-input-amount').fill('10');
    await page.getByTestId('designer-evaluate-submit').click();
    await result.getByText('没有规则命中').waitFor();

    // The deployed decision opens in the designer again from its page.
    await page.goto(`${docket.url}/decisions/e2e-limit`);
    await page.getByTestId('edit-decision').click();
    await page.waitForURL(/\/decisions\/e2e-limit\/edit$/);
    await modeler.locator('td.output-cell[data-row-id="Rule_1"]').first().waitFor();
    // The deployed version, not the later draft.
    expect(await modeler.locator('td.output-cell[data-row-id="Rule_1"]').first().textContent()).toContain('"manager"');
    expect(watch.errors).toEqual([]);
  });

  it('fits a phone (390 px)', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/decisions/e2e-limit/edit`);
    await page.getByTestId('dmn-modeler').locator('td.output-cell').first().waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
  });

  it('is not offered to whoever may not deploy decisions', async () => {
    await signIn('agent.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/decisions/new`);
    await page.getByTestId('no-access').waitFor();
    expect(await page.getByTestId('dmn-modeler').count()).toBe(0);
  });
});

/** Start → a review for the admin role → end, with its diagram. */
const REVIEW_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="Definitions_views" targetNamespace="http://docket.example/e2e">
  <bpmn:process id="e2e-case-review" name="E2E 工单复核" isExecutable="true">
    <bpmn:startEvent id="Start" name="提交" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Review" />
    <bpmn:userTask id="Review" name="复核工单" camunda:candidateGroups="admin" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Review" targetRef="End" />
    <bpmn:endEvent id="End" name="复核完成" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="Diagram_1">
    <bpmndi:BPMNPlane id="Plane_1" bpmnElement="e2e-case-review">
      <bpmndi:BPMNShape id="Start_di" bpmnElement="Start"><dc:Bounds x="152" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Review_di" bpmnElement="Review"><dc:Bounds x="240" y="80" width="100" height="80" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="End_di" bpmnElement="End"><dc:Bounds x="392" y="102" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNEdge id="Flow_1_di" bpmnElement="Flow_1"><di:waypoint x="188" y="120" /><di:waypoint x="240" y="120" /></bpmndi:BPMNEdge>
      <bpmndi:BPMNEdge id="Flow_2_di" bpmnElement="Flow_2"><di:waypoint x="340" y="120" /><di:waypoint x="392" y="120" /></bpmndi:BPMNEdge>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

describe('the process on the case', () => {
  it('marks the active step of a demo credit case, shows a step history, and is usable by keyboard and at 390 px', async () => {
    await page.setViewportSize(DESKTOP);
    const admin = await apiAs('admin', ADMIN_PASSWORD);
    const { items } = await admin<{ items: { id: string; caseId: string | null }[] }>('/api/v1/process-instances?processKey=credit-approval&state=active&limit=50');
    const instance = items.find((i) => i.caseId);
    expect(instance, 'the demo has an active credit approval on a case').toBeDefined();
    const detail = await admin<{ activeElements: { elementId: string }[] }>(`/api/v1/process-instances/${instance!.id}`);
    const activeId = detail.activeElements[0]!.elementId;

    await signIn('admin', ADMIN_PASSWORD);
    await page.goto(`${docket.url}/cases/${instance!.caseId}`);
    const section = page.getByTestId('case-process-section');
    await section.scrollIntoViewIfNeeded();
    const view = section.locator(`[data-testid="instance-view"][data-instance-id="${instance!.id}"]`);
    await view.locator(`[data-element-id="${activeId}"].docket-active`).waitFor();
    // The start event is done, and the flow out of it was taken.
    await view.locator('.djs-shape.docket-done').first().waitFor();
    await view.locator('.djs-connection.docket-taken').first().waitFor({ state: 'attached' });
    expect(await view.getByTestId('instance-legend').textContent()).toContain('进行中');

    // Clicking the active step shows its history, by name, not by id.
    await view.locator(`.djs-element[data-element-id="${activeId}"]`).click();
    const history = view.getByTestId('element-history');
    await history.waitFor();
    expect(await history.getByTestId('element-state').textContent()).toBe('进行中');
    expect(await history.textContent()).not.toContain(activeId);
    await screenshot(page, 'instance-view');

    // The same by keyboard: the step list.
    await view.getByTestId('instance-step-select').locator('input').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await history.waitFor();

    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/cases/${instance!.caseId}`);
    await page.locator(`[data-element-id="${activeId}"].docket-active`).waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.getByTestId('case-process-section').scrollIntoViewIfNeeded();
    await screenshot(page, 'instance-view-390');
    await page.setViewportSize(DESKTOP);

    // A task of the caller's on the case: approved right there, with a comment; the step and the end are then done.
    await admin('/api/v1/processes', { xml: REVIEW_BPMN });
    const { id: reviewId } = await admin<{ id: string }>('/api/v1/process-instances', { processKey: 'e2e-case-review', caseId: instance!.caseId });
    const { items: reviewTasks } = await admin<{ items: { id: string }[] }>(`/api/v1/tasks?processInstanceId=${reviewId}`);
    await admin(`/api/v1/tasks/${reviewTasks[0]!.id}/claim`, {});
    await page.goto(`${docket.url}/cases/${instance!.caseId}`);
    const review = page.locator(`[data-testid="instance-view"][data-instance-id="${reviewId}"]`);
    await review.locator('[data-element-id="Review"].docket-active').waitFor();
    await review.getByTestId('instance-my-tasks').getByTestId('inline-approve').click();
    await page.getByTestId('inline-decide-text').fill('材料齐全，同意');
    await page.getByTestId('inline-decide-submit').click();
    await review.locator('[data-element-id="End"].docket-done').waitFor();
    await review.locator('[data-element-id="Flow_2"].docket-taken').waitFor({ state: 'attached' });
    expect(await review.getByTestId('instance-my-tasks').count()).toBe(0);
    await review.locator('.djs-element[data-element-id="Review"]').click();
    const reviewHistory = review.getByTestId('element-history');
    await reviewHistory.getByTestId('element-actions').waitFor();
    const who = (await reviewHistory.textContent()) ?? '';
    expect(who).toContain('同意');
    expect(who).toContain('材料齐全，同意');

    // The instance page shares the view.
    await page.goto(`${docket.url}/process-instances/${instance!.id}`);
    await page.locator(`[data-testid="instance-view"] [data-element-id="${activeId}"].docket-active`).waitFor();
    expect(watch.errors).toEqual([]);
  });
});
