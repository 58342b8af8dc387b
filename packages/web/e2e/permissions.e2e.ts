import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { apiAsUser } from './console-steps.ts';

// The console offers each role exactly what the server then accepts, names people instead of
// showing ids, and speaks zh-CN even when the server's problem texts are English.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
});

const UUID_PIECE = /\b[0-9a-f]{8}\b/;

const signIn = (username: string, password = DEMO_PASSWORD) => signInThroughConsole(page, docket.url, username, password);

/** The API as one user, with a bearer token (no browser): tests find and make their own data with it. */
async function apiAs(username: string, password = DEMO_PASSWORD) {
  const call = await apiAsUser(docket, username, password);
  return { user: call.user, call };
}

interface CaseView {
  id: string;
  assigneeId: string | null;
  departmentId: string | null;
  allowed: Record<string, unknown>;
}

/** A new, unassigned complaint in agent.bj's department, created by the branch supervisor. */
async function unassignedComplaintInBeijing(): Promise<CaseView> {
  const agent = await apiAs('agent.bj');
  const supervisor = await apiAs('supervisor.bj');
  return supervisor.call<CaseView>('POST', '/api/v1/cases', {
    type: 'complaint',
    title: 'E2E 未分配的投诉',
    departmentId: agent.user.departmentId,
    fields: { customerName: '张三', phone: '13812345678', category: 'fees', description: '等待领取', residentId: '11010519491231002X' },
  });
}

describe('marketing, who may only read complaints', () => {
  it('is offered no new case, edit, status, comment, upload or unmask, and sees no access to administration', async () => {
    const c = await unassignedComplaintInBeijing();
    await signIn('marketing');
    // The first screen of a fresh server on a shared machine may take a while.
    await page.locator('.ant-table-row').first().waitFor({ timeout: 60_000 });
    expect(await page.getByRole('menuitem', { name: /新建工单/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /新建工单/ }).count()).toBe(0);
    // Selecting cases offers no bulk change: marketing may change none of them.
    await page.locator('.ant-table-row').nth(0).locator('.ant-checkbox-input').check();
    await page.getByTestId('selected-count').waitFor();
    expect(await page.getByTestId('bulk-assign').count()).toBe(0);
    expect(await page.getByTestId('bulk-status').count()).toBe(0);

    await page.goto(`${docket.url}/cases/${c.id}`);
    await page.getByTestId('case-form').locator('.fjs-form-field').first().waitFor();
    await page.getByTestId('no-status-change').waitFor();
    expect(await page.getByTestId('edit-fields').count()).toBe(0);
    expect(await page.getByTestId('status-select').count()).toBe(0);
    expect(await page.getByTestId('take-case').count()).toBe(0);
    expect(await page.locator('[data-testid^="unmask-"]').count()).toBe(0);
    await page.getByTestId('comments-read-only').waitFor();
    expect(await page.getByTestId('add-comment').count()).toBe(0);
    await page.getByRole('tab', { name: '附件' }).click();
    await page.getByTestId('attachments-read-only').waitFor();
    expect(await page.getByRole('button', { name: /上传文件/ }).count()).toBe(0);
    await screenshot(page, 'case-view-marketing');

    for (const guarded of ['/admin', '/cases/new', '/designer', '/audit']) {
      await page.goto(`${docket.url}${guarded}`);
      await page.getByTestId('no-access').waitFor();
      // The screen itself never rendered: no tabs, tables or forms of administration.
      expect(await page.locator('main .ant-tabs, main .ant-table, main form').count(), guarded).toBe(0);
    }
    await screenshot(page, 'no-access-marketing');
  });
});

describe('a branch agent', () => {
  it('takes an unassigned case, is not offered assignment to others, and sees people by name', async () => {
    const c = await unassignedComplaintInBeijing();
    await signIn('agent.bj');
    await page.goto(`${docket.url}/cases/${c.id}`);
    await page.getByTestId('case-assignee').filter({ hasText: '未分配' }).waitFor();
    expect(await page.getByTestId('assign-case').count()).toBe(0);
    // Creator and department by name.
    expect(await page.getByTestId('case-creator').innerText()).toContain('刘伟');
    expect(await page.getByTestId('case-department').innerText()).not.toMatch(UUID_PIECE);
    await page.getByTestId('take-case').click();
    await page.getByTestId('case-assignee').filter({ hasText: '王芳' }).waitFor();
    await page.getByTestId('take-case').waitFor({ state: 'detached' });

    await page.getByPlaceholder('输入内容…').fill('已领取，联系客户中。');
    await page.getByTestId('add-comment').click();
    await page.getByTestId('comment').filter({ hasText: '已领取' }).getByTestId('comment-author').filter({ hasText: '王芳' }).waitFor();

    await page.getByRole('tab', { name: '时间线' }).click();
    await page.getByTestId('timeline-action').filter({ hasText: '领取了工单' }).waitFor();
    const timeline = await page.getByTestId('timeline').innerText();
    expect(timeline).toContain('创建了工单');
    expect(timeline).not.toMatch(/case\.(created|taken|noted|status-changed)/);
    const actors = await page.getByTestId('timeline-actor').allInnerTexts();
    expect(actors).toContain('王芳 (北京坐席)');
    expect(actors).toContain('刘伟 (北京主管)');
    await screenshot(page, 'case-view-taken');

    // In the workspace: assignees by name, and no bulk assignment for an agent.
    await page.goto(`${docket.url}/`);
    await page.locator('.ant-table-row').first().waitFor();
    for (const shown of await page.getByTestId('row-assignee').allInnerTexts()) expect(shown).not.toMatch(UUID_PIECE);
    await page.locator('.ant-table-row').nth(0).locator('.ant-checkbox-input').check();
    await page.getByTestId('bulk-status').waitFor();
    expect(await page.getByTestId('bulk-assign').count()).toBe(0);
  });

  it('lets the supervisor assign through a picker of people who may work the case', async () => {
    const c = await unassignedComplaintInBeijing();
    await signIn('supervisor.bj');
    await page.goto(`${docket.url}/cases/${c.id}`);
    const picker = page.getByTestId('assignee-picker');
    await picker.click();
    await page.getByLabel('分派给').fill('王');
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'agent.bj' });
    await option.waitFor();
    // Shanghai's agent may not work a Beijing case and is not offered.
    expect(await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'agent.sh' }).count()).toBe(0);
    await option.click();
    await page.getByTestId('assign-case').click();
    await page.getByTestId('case-assignee').filter({ hasText: '王芳' }).waitFor();
  });
});

describe('zh-CN never shows the server English', () => {
  it('translates a wrong password and a wrong resident id check digit', async () => {
    await page.context().clearCookies();
    await page.goto(`${docket.url}/sign-in`);
    await page.getByLabel('用户名').fill('agent.bj');
    await page.getByLabel('密码').fill('not the password');
    watch.expectErrorResponse('/api/v1/auth/login', 401);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.locator('.ant-message').getByText('用户名或密码错误').waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/Wrong username or password/);

    await signIn('agent.bj');
    await page.goto(`${docket.url}/cases/new?type=complaint`);
    const field = (label: string) => page.locator('.fjs-form-field').filter({ has: page.locator('label', { hasText: label }) });
    await field('客户姓名 Customer name').locator('input').waitFor();
    // The department defaults to the agent's own, the only one an agent may create cases in.
    await page.getByTestId('new-case-department').filter({ hasText: '北京' }).waitFor();
    await page.getByLabel('标题').fill('E2E 身份证号校验');
    await field('客户姓名 Customer name').locator('input').fill('张三');
    await field('身份证号 Resident id').locator('input').fill('110105194912310021');
    await field('联系电话 Phone').locator('input').fill('13812345678');
    await field('投诉类别 Category').locator('input, .fjs-select-display, .fjs-input-group').first().click();
    await page.getByText('收费 Fees', { exact: true }).click();
    await field('投诉内容 What happened').locator('textarea').fill('校验位测试');
    watch.expectErrorResponse('/api/v1/cases', 400);
    await page.getByTestId('create-case').click();
    await field('身份证号 Resident id').locator('.fjs-form-field-error').filter({ hasText: '校验位不正确（GB 11643）' }).waitFor();
    await page.locator('.ant-message').getByText('有字段填写不正确').waitFor();
    expect(await page.locator('body').innerText()).not.toMatch(/check digit|Some fields are invalid/);
  });

  it('logged no browser console errors (nothing offered was refused)', () => {
    expect(watch.errors).toEqual([]);
  });
});

describe('an administrator', () => {
  it('still reaches administration', async () => {
    await signIn('admin', ADMIN_PASSWORD);
    await page.goto(`${docket.url}/admin`);
    await page.locator('main .ant-tabs').first().waitFor();
    expect(await page.getByTestId('no-access').count()).toBe(0);
  });
});
