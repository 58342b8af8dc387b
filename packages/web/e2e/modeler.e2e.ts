import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { DESKTOP, PHONE } from './console-steps.ts';
import { seriousViolations, sidewaysOverflow } from './accessibility.ts';

// Issue 15: the process designer, as a new user meets it. An administrator draws a two-step
// approval in the bpmn-js modeler with the palette's start event and the context pad, names the
// steps and assigns them to two people in the properties panel, sees a refused deploy marked on
// its element, deploys, attaches the process to a new case type, and opens a case of it. The two
// people complete their steps from their to-do lists, and the case's instance diagram marks the
// path taken. A second version is compared with the first, with its running instances.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(async () => {
  ({ docket, page, watch } = session);
  // Two shared cores: bpmn-js and the properties panel load on demand and may take a while.
  page.setDefaultTimeout(Number(process.env.E2E_TIMEOUT ?? 60_000));
});

const PROCESS_KEY = 'e2e-two-step';
const CASE_TYPE = 'e2e-two-step-case';

const signIn = (username: string, password: string) => signInThroughConsole(page, docket.url, username, password);

const shape = (id: string) => page.locator(`[data-testid="modeler-canvas"] .djs-element.djs-shape[data-element-id="${id}"]`);
const panelInput = (entryId: string) => page.locator(`[data-testid="properties-panel"] #bio-properties-panel-${entryId}`);
const contextPadEntry = (action: string) => page.locator(`.djs-context-pad.open [data-action="${action}"]`);

/** The id of the one selected shape on the canvas. */
const selectedId = () => page.locator('[data-testid="modeler-canvas"] .djs-element.djs-shape.selected').first().getAttribute('data-element-id');

/** Opens a properties panel group when it is closed (the panel remembers what the reader opened). */
async function openGroup(groupId: string) {
  const header = page.locator(`[data-testid="properties-panel"] [data-group-id="group-${groupId}"] .bio-properties-panel-group-header`);
  await header.waitFor();
  if (!/\bopen\b/.test((await header.getAttribute('class')) ?? '')) await header.click();
}

/** Types into a panel text field and leaves it, as a reader does: the panel writes on change. */
async function setField(entryId: string, value: string) {
  const input = panelInput(entryId);
  await input.fill(value);
  await input.press('Tab');
}

/** From the selected shape: append a task with the context pad, make it a user task, name it, give it an id. */
async function appendUserTask(id: string, name: string) {
  const from = await selectedId();
  await contextPadEntry('append.append-task').click();
  await expect.poll(selectedId).not.toBe(from);
  await contextPadEntry('replace').click();
  await page.locator('.djs-popup [data-id="replace-with-user-task"]').click();
  await page.locator('[data-testid="modeler-canvas"] .djs-element.djs-shape.selected').first().waitFor();
  await openGroup('general');
  await setField('id', id);
  await setField('name', name);
  await shape(id).waitFor();
}

/** The user id of a username, as the administrator's API sees it (to check what the panel wrote). */
async function userIdOf(username: string): Promise<string> {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${docket.url}/api/v1/users?q=${encodeURIComponent(username)}`, { headers: { authorization: `Bearer ${token}` } });
  const { items } = (await res.json()) as { items: { id: string; username: string }[] };
  return items.find((u) => u.username === username)!.id;
}

/**
 * Picks the case type on the new-case page until the select shows it: in CI under load a click on
 * the dropdown's option was lost (the option highlighted, nothing chosen), as was the approve
 * dialog's first click (completeFromTodo).
 */
async function chooseCaseType(name: string) {
  const select = page.getByLabel('工单类型');
  // A single select shows its value in its content (as roles.e2e.ts's choose() reads it).
  const shown = page.locator('.ant-select-selection-item, .ant-select-content-has-value').filter({ hasText: name });
  for (let attempt = 0; attempt < 3 && !(await shown.isVisible()); attempt++) {
    if (!(await page.locator('.ant-select-dropdown:visible').isVisible())) await select.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).click();
    await shown.waitFor({ timeout: 5_000 }).catch(() => undefined);
  }
  await shown.waitFor();
}

/** Completes the named task from the to-do list of whoever is signed in. */
/** Opens the step from 待办 (the to-do list) and approves it on the approval screen, back on the list. */
async function completeFromTodo(taskName: string) {
  await page.getByRole('menuitem', { name: /我的待办/ }).click();
  await page.waitForURL(/\/tasks/);
  await page.getByTestId('tasks-todo').getByRole('link', { name: taskName }).first().click();
  await page.getByTestId('task-page').waitFor();
  await page.getByTestId('action-approve').click();
  const submit = page.getByTestId('action-submit');
  await submit.click();
  // In CI under load (two runs, on 491bd16 and bd3130f) the dialog stayed open for 60 s after this
  // click, with no error shown in the screenshot; alone it never did. Say what the page showed,
  // and click once more if the dialog is still open and idle, as a person would.
  const left = await page
    .waitForURL(/\/tasks$/, { timeout: 20_000 })
    .then(() => true)
    .catch(() => false);
  if (!left) {
    const errors = await page.locator('.ant-message-notice').allInnerTexts();
    console.warn(`approve dialog still open after 20 s; messages: ${JSON.stringify(errors)}`);
    if ((await submit.isVisible()) && !(await submit.getAttribute('class'))?.includes('loading')) await submit.click();
    await page.waitForURL(/\/tasks$/);
  }
}

/**
 * The browser's errors, but for one: the instance view asks for the instance's approval actions
 * (GET /process-instances/{id}/actions), a route of the approvals branch. Built without it, Docket
 * answers 404 (as often as the view refetches); once both are merged the answers are 200.
 */
const unexpectedErrors = () => watch.errors.filter((e) => !(/\/process-instances\/[0-9a-f-]+\/actions\b/.test(e) && e.includes('status of 404')));

describe('an administrator designs a two-step approval and two people run it', () => {
  let caseUrl = '';

  it('draws start → step 1 → step 2 → end with the palette and context pad and assigns each step in the properties panel', async () => {
    await page.setViewportSize(DESKTOP);
    await signIn('admin', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: /流程/ }).click();
    await page.waitForURL(/\/processes$/);
    await page.getByTestId('new-process').click();
    await page.waitForURL(/\/processes\/new$/);
    // The palette speaks Chinese.
    await page.locator('.djs-palette [aria-label="创建任务"]').waitFor();
    await shape('StartEvent_1').waitFor();

    // The process: key and name on the canvas's own properties (nothing selected).
    await page.locator('[data-testid="properties-panel"] .bio-properties-panel-header').waitFor();
    await openGroup('general');
    await setField('id', PROCESS_KEY);
    await setField('name', '两步审批');

    await shape('StartEvent_1').click();
    await appendUserTask('StepA', '部门初审');
    await openGroup('docket-assignment');
    await panelInput('docket-assignment-kind').selectOption('user');
    // The reader types a username; the panel writes the user's id and says who it is.
    await setField('docket-Assignment-assignee', 'agent.bj');
    const agentId = await userIdOf('agent.bj');
    await expect.poll(() => panelInput('docket-Assignment-assignee').inputValue()).toBe(agentId);
    await page.locator('[data-testid="properties-panel"]').getByText('即：王芳 (北京坐席) (agent.bj)').waitFor();

    await appendUserTask('StepB', '主管复核');
    await openGroup('docket-assignment');
    await panelInput('docket-assignment-kind').selectOption('user');
    await setField('docket-Assignment-assignee', 'supervisor.bj');
    await expect.poll(() => panelInput('docket-Assignment-assignee').inputValue()).toBe(await userIdOf('supervisor.bj'));

    await contextPadEntry('append.end-event').click();
    await page.locator('[data-testid="modeler-canvas"] .djs-element.djs-shape.selected[data-element-id^="Event_"]').waitFor();

    // Keyboard: from a panel input, Tab goes on to the next input of the panel.
    await shape('StepB').click();
    await openGroup('general');
    await panelInput('name').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="properties-panel"]') !== null)).toBe(true);
    await screenshot(page, 'modeler');
  });

  it('is refused with a wrong due date, the problem marked on its step and picked from the list; then deploys', async () => {
    await shape('StepA').click();
    await openGroup('docket-schedule');
    await setField('docket-Schedule-dueDate', '三天后');
    watch.expectErrorResponse('/api/v1/processes', 422);
    await page.getByTestId('modeler-deploy').click();
    await page.getByTestId('modeler-refused').waitFor();
    await page.locator('[data-testid="modeler-canvas"] .djs-element[data-element-id="StepA"].docket-problem').waitFor();
    const problems = page.getByTestId('modeler-problem-list');
    expect(await problems.textContent()).not.toMatch(/neither an ISO|invalid-extension/);
    // Another element selected, then the problem picked: its step is selected again.
    await shape('StepB').click();
    await problems.getByRole('button', { name: /StepA/ }).click();
    await expect.poll(selectedId).toBe('StepA');

    await openGroup('docket-schedule');
    await setField('docket-Schedule-dueDate', 'P3D');
    await page.getByTestId('modeler-deploy').click();
    const deployed = page.getByTestId('modeler-deployed');
    await deployed.waitFor();
    expect(await deployed.textContent()).toContain(`${PROCESS_KEY} 第 1 版`);
    // The refusal's marker is gone with the problem.
    expect(await page.locator('[data-testid="modeler-canvas"] .docket-problem').count()).toBe(0);
  });

  it('attaches the process to a new case type and opens a case of it: the process starts with step 1', async () => {
    await page.getByRole('menuitem', { name: /表单设计器/ }).click();
    await page.getByTestId('new-case-type').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('标识').fill(CASE_TYPE);
    await dialog.getByLabel('名称').fill('两步审批申请');
    await dialog.getByLabel('编号前缀').fill('TWO');
    await dialog.getByRole('button', { name: /创\s*建/ }).click();
    await page.waitForURL(new RegExp(`/designer/${CASE_TYPE}$`));
    await page.getByLabel('新工单启动的流程').click();
    await page.locator('.ant-select-item-option').filter({ hasText: PROCESS_KEY }).click();
    await page.getByTestId('save-case-type').click();
    await page.getByText('已保存', { exact: false }).first().waitFor();

    await page.getByRole('menuitem', { name: /新建工单/ }).click();
    await chooseCaseType('两步审批申请');
    await page.getByLabel('标题').fill('E2E 两步审批');
    await page.getByTestId('create-case').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();
    // The case's process waits in step 1.
    await page.locator('[data-testid="case-processes"] [data-element-id="StepA"].docket-active').waitFor();
  });

  it('step 1 is done by its assignee and step 2 by its own, each from their to-do list', async () => {
    await signIn('agent.bj', DEMO_PASSWORD);
    await completeFromTodo('部门初审');
    await signIn('supervisor.bj', DEMO_PASSWORD);
    await completeFromTodo('主管复核');
  });

  it("the case's instance diagram marks the path taken", async () => {
    await signIn('admin', ADMIN_PASSWORD);
    await page.goto(caseUrl);
    const view = page.getByTestId('case-processes');
    for (const id of ['StartEvent_1', 'StepA', 'StepB']) await view.locator(`[data-element-id="${id}"].docket-done`).waitFor();
    // The end event and every flow of the path are marked too.
    expect(await view.locator('.djs-shape.docket-done[data-element-id^="Event_"]').count()).toBe(1);
    expect(await view.locator('.djs-connection.docket-taken').count()).toBe(3);
    expect(unexpectedErrors()).toEqual([]);
  });
});

describe('versions of the designed process', () => {
  it('edits the process into version 2, counts running instances per version and shows what changed', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${docket.url}/processes/${PROCESS_KEY}`);
    await page.getByTestId('edit-process').click();
    await page.waitForURL(new RegExp(`/processes/${PROCESS_KEY}/edit`));
    await shape('StepB').click();
    await openGroup('general');
    await setField('name', '主管审批');
    await page.getByTestId('modeler-deploy').click();
    await page.getByTestId('modeler-deployed').filter({ hasText: '第 2 版' }).waitFor();

    // A new case starts the latest version: one running instance of version 2, none of version 1.
    await page.getByRole('menuitem', { name: /新建工单/ }).click();
    await chooseCaseType('两步审批申请');
    await page.getByLabel('标题').fill('E2E 第二版');
    await page.getByTestId('create-case').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);

    await page.goto(`${docket.url}/processes/${PROCESS_KEY}`);
    const versions = page.getByTestId('process-versions');
    await versions.getByTestId('active-count-2').filter({ hasText: '1' }).waitFor();
    expect(await versions.getByTestId('active-count-1').textContent()).toBe('0');
    await versions.getByTestId('active-count-2').click();
    expect(await page.getByTestId('version-instances').locator('.ant-table-row').count()).toBe(1);

    await page.getByTestId('diff-compare').click();
    const diff = page.getByTestId('version-diff');
    await diff.locator('[data-testid="diff-new"] [data-element-id="StepB"].docket-changed').waitFor();
    const changes = diff.getByTestId('diff-changes');
    await changes.waitFor();
    expect(await changes.textContent()).toContain('主管审批');
    expect(await changes.textContent()).toContain('修改');
    await diff.getByRole('tab', { name: /XML 文本差异/ }).click();
    expect(await diff.getByTestId('diff-text').textContent()).toContain('主管审批');
    expect(unexpectedErrors()).toEqual([]);
  });

  it('on a phone the properties panel sits under the canvas and nothing scrolls sideways', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/processes/${PROCESS_KEY}/edit`);
    await shape('StepA').waitFor();
    const canvas = await page.getByTestId('modeler-canvas').boundingBox();
    const panel = await page.getByTestId('properties-panel').boundingBox();
    expect(panel!.y).toBeGreaterThanOrEqual(canvas!.y + canvas!.height - 1);
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(await seriousViolations(page), 'the designer').toEqual([]);
    // The process page with its versions and a diff drawn.
    await page.goto(`${docket.url}/processes/${PROCESS_KEY}`);
    await page.getByTestId('diff-compare').click();
    await page.getByTestId('diff-changes').waitFor();
    await page.waitForLoadState('networkidle');
    // Away from the button just pressed: its hover colour is Ant Design's, not the page's.
    await page.mouse.move(1, 1);
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(await seriousViolations(page), 'the process page').toEqual([]);
    await page.setViewportSize(DESKTOP);
  });
});

describe('who may design', () => {
  it('a supervisor, who may read processes but not deploy them, is offered neither New process nor Edit, and no designer by address', async () => {
    await page.setViewportSize(DESKTOP);
    await signIn('supervisor.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/processes/${PROCESS_KEY}`);
    await page.getByTestId('process-versions').waitFor();
    expect(await page.getByTestId('edit-process').count()).toBe(0);
    await page.goto(`${docket.url}/processes`);
    await page.getByTestId('process-list').waitFor();
    expect(await page.getByTestId('new-process').count()).toBe(0);
    await page.goto(`${docket.url}/processes/new`);
    await page.getByTestId('no-access').waitFor();
    await page.goto(`${docket.url}/processes/${PROCESS_KEY}/edit`);
    await page.getByTestId('no-access').waitFor();
    expect(unexpectedErrors()).toEqual([]);
  });
});
