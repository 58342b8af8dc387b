import { createHmac } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, CHROMIUM_ARGS, DEMO_PASSWORD, screenshot, useDocketInChromium, watchConsole, type ConsoleWatch } from './docket-under-test.ts';
import { apiGetWithSessionCookie } from './console-steps.ts';
import { sidewaysOverflow } from './accessibility.ts';

// The console as its other users see it: an administrator, a branch agent, an auditor, a user
// enrolling a second factor; then every key screen at 1024×768 on a touch screen.

let caseId = '';
const NEW_USER = 'e2e.totp';
const NEW_USER_PASSWORD = 'correct horse battery 2026';

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
});

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) from a base32 secret, as an authenticator app computes it. */
export function totp(secretBase32: string, step = Math.floor(Date.now() / 30_000)): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of secretBase32.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map((b) => parseInt(b, 2)));
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', key).update(message).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  const value = (digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

async function signIn(username: string, password: string, target = page) {
  // Start signed out even when an earlier step failed before signing out.
  await target.context().clearCookies();
  await target.goto(`${docket.url}/sign-in`);
  await target.getByLabel('用户名').fill(username);
  await target.getByLabel('密码').fill(password);
  await target.getByRole('button', { name: /登\s*录/ }).click();
}

async function signOut() {
  await page.getByRole('button', { name: '退出登录' }).click();
  await page.waitForURL(/\/sign-in/);
}

/** Signs in over the API (no browser) and answers a GET as that user: tests find their own data with it. */
const apiGet = <T>(username: string, password: string, path: string) => apiGetWithSessionCookie<T>(docket, username, password, path);

/** The Beijing branch and every department below it (Haidian sub-branch), read as the administrator. */
async function beijingDepartments(): Promise<string[]> {
  const { items } = await apiGet<{ items: { id: string; code: string; parentId: string | null }[] }>('admin', ADMIN_PASSWORD, '/api/v1/departments');
  const ids = [items.find((d) => d.code === 'BJ')!.id];
  for (const d of items) if (d.parentId && ids.includes(d.parentId) && !ids.includes(d.id)) ids.push(d.id);
  return ids;
}

/**
 * The newest complaint agent.bj can see that holds a resident id (the masked field the branch
 * user unmasks): the branch user's and the auditor's case. The demo's analytics history adds
 * newer complaints told by phone, without one.
 */
async function complaintOfAgentBj(): Promise<string> {
  if (!caseId) {
    const { items } = await apiGet<{ items: { id: string; fields: Record<string, unknown> }[] }>('agent.bj', DEMO_PASSWORD, '/api/v1/cases?type=complaint&limit=100');
    caseId = items.find((c) => c.fields.residentId !== undefined && c.fields.residentId !== null)!.id;
  }
  return caseId;
}

/**
 * Picks an option of an Ant Design select found by its accessible label, typing to search, and
 * waits until the select shows it. The option list re-renders while it opens and filters; a
 * click that lands on an option being replaced is lost, and is made again.
 */
async function choose(scope: Page | ReturnType<Page['locator']>, label: string, option: string, search?: string) {
  const input = scope.getByLabel(label, { exact: true });
  const select = input.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]');
  // A multiple select shows each choice as a selection item, a single one its value in its content.
  const chosen = select.locator('.ant-select-selection-item, .ant-select-content-has-value').filter({ hasText: option });
  await select.click();
  if (search) await input.fill(search);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await expect
    .poll(
      async () => {
        if ((await chosen.count()) > 0) return true;
        if (!(await item.isVisible())) await select.click();
        await item.click({ timeout: 2_000 }).catch(() => undefined);
        return (await chosen.count()) > 0;
      },
      { timeout: 15_000 },
    )
    .toBe(true);
}

describe('administration, as the administrator', () => {
  it('creates a role with a record scope and a field rule', async () => {
    await signIn('admin', ADMIN_PASSWORD);
    await page.getByTestId('current-user').waitFor();
    await page.getByRole('menuitem', { name: /系统管理/ }).click();
    await page.waitForURL(/\/admin/);
    await page.locator('.ant-table-row').first().waitFor();
    await screenshot(page, 'admin-users');

    await page.getByRole('tab', { name: '角色' }).click();
    await page.getByTestId('new-role').click();
    const drawer = page.getByRole('dialog').filter({ hasText: '新建角色' });
    await drawer.getByLabel('标识').fill('bj-unmask');
    await drawer.getByLabel('名称').fill('北京脱敏查看 Unmask (BJ)');
    await choose(drawer, '操作', 'case:unmask', 'unmask');
    await drawer.getByRole('button', { name: /添加字段规则/ }).click();
    await drawer.getByLabel('字段键或 class:数据分类').fill('class:phone');
    await screenshot(page, 'admin-role-editor');
    await page.getByTestId('save-role').click();
    await page.locator('.ant-table-row').filter({ hasText: 'bj-unmask' }).waitFor();
  });

  it('creates a user with a password and gives agent.bj the new role', async () => {
    await page.getByRole('tab', { name: '用户' }).click();
    await page.getByTestId('new-user').click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新建用户' });
    await dialog.getByLabel('用户名').fill(NEW_USER);
    await dialog.getByLabel('初始密码').fill(NEW_USER_PASSWORD);
    await dialog.getByLabel('姓名').fill('测试用户 TOTP');
    await choose(dialog, '角色', 'agent', 'agent');
    await dialog.locator('.ant-select-selection-item').filter({ hasText: '(agent)' }).waitFor();
    await dialog.locator('.ant-modal-title, .ant-modal-header').first().click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-modal-wrap:visible').waitFor({ state: 'detached' });
    await page.locator('.ant-table-row').filter({ hasText: NEW_USER }).filter({ hasText: '坐席/经办' }).waitFor();

    const agentBjRow = page.locator('.ant-table-row').filter({ has: page.getByRole('cell', { name: 'agent.bj', exact: true }) });
    await agentBjRow.getByRole('button', { name: /编辑/ }).click();
    const edit = page.getByRole('dialog').filter({ hasText: '编辑用户 agent.bj' });
    // The form holds agent.bj's current roles before one is added.
    await edit.locator('.ant-select-selection-item').filter({ hasText: '(agent)' }).waitFor();
    await choose(edit, '角色', 'bj-unmask', 'bj-unmask');
    await edit.locator('.ant-select-selection-item').filter({ hasText: '(bj-unmask)' }).waitFor();
    await edit.locator('.ant-modal-title, .ant-modal-header').first().click();
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-modal-wrap:visible').waitFor({ state: 'detached' });
    await agentBjRow.locator('.ant-tag').filter({ hasText: '北京脱敏查看' }).waitFor();
    await agentBjRow.locator('.ant-tag').filter({ hasText: '坐席/经办' }).waitFor();

    await page.getByRole('tab', { name: '机构' }).click();
    await page.getByTestId('department-tree').locator('.ant-tree-treenode').first().waitFor();
    await page.getByTestId('department-tree').getByText(/北京/).first().click();
    await screenshot(page, 'admin-departments');
    await signOut();
  });
});

describe('second factor', () => {
  it('enrols TOTP for a user, then signs in with a code', async () => {
    await signIn(NEW_USER, NEW_USER_PASSWORD);
    await page.getByTestId('current-user').waitFor();
    await page.goto(`${docket.url}/account`);
    await page.getByTestId('start-totp').click();
    const secret = (await page.getByTestId('totp-secret').first().innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]+=*$/);
    await screenshot(page, 'mfa-enrol');
    await page.getByLabel('动态验证码').fill(totp(secret));
    await page.getByTestId('confirm-totp').click();
    await page.getByTestId('recovery-codes').waitFor();
    await expect.poll(() => page.getByTestId('mfa-status').innerText()).toContain('已启用');
    await signOut();

    await signIn(NEW_USER, NEW_USER_PASSWORD);
    await page.getByTestId('mfa-step').waitFor();
    await screenshot(page, 'sign-in-mfa');
    // The code just used for enrolment cannot be replayed; the next step is within the drift window.
    await page.getByLabel('动态验证码').fill(totp(secret, Math.floor(Date.now() / 30_000) + 1));
    await page.getByTestId('submit-code').click();
    await page.getByTestId('current-user').waitFor();
    expect(await page.getByTestId('current-user').innerText()).toContain('测试用户');
    await signOut();
  });
});

describe('a branch user', () => {
  it('sees only the branch’s cases, saves a filter with its count and bulk-changes two cases after a confirmation', async () => {
    await signIn('agent.bj', DEMO_PASSWORD);
    await page.getByTestId('current-user').waitFor();
    const beijing = await beijingDepartments();
    expect(beijing.length).toBeGreaterThan(1);
    await page.locator('.ant-table-row').first().waitFor();
    const departments = await page.locator('.ant-table-row td:nth-child(8)').allInnerTexts();
    expect(departments.length).toBeGreaterThan(5);
    // Every department by its name, never by a piece of its id.
    const { items: allDepartments } = await apiGet<{ items: { id: string; name: string }[] }>('admin', ADMIN_PASSWORD, '/api/v1/departments');
    const names = allDepartments.map((d) => d.name);
    for (const shown of departments) expect(names).toContain(shown);
    expect(departments.some((shown) => allDepartments.find((d) => d.name === shown && beijing.includes(d.id)))).toBe(true);
    // The agent role reads its department's cases and the agent's own (assigned or created):
    // a Shanghai case the demo data assigned to agent.bj is hers to see; no other is.
    const { me, listed } = await page.evaluate(async () => ({
      me: ((await (await fetch('/api/v1/me')).json()) as { id: string }).id,
      listed: ((await (await fetch('/api/v1/cases?limit=200')).json()) as { items: { departmentId: string; assigneeId: string | null; createdBy: string }[] }).items,
    }));
    expect(listed.length).toBeGreaterThan(5);
    for (const c of listed) if (!beijing.includes(c.departmentId)) expect([c.assigneeId, c.createdBy]).toContain(me);

    await page.getByTestId('save-filter').click();
    await page.getByTestId('filter-name').fill('北京全部');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /保\s*存/ })
      .click();
    await expect.poll(() => page.getByTestId('saved-filter-count').innerText()).toMatch(/^\d+\+?$/);

    await page.locator('.ant-table-row').nth(0).locator('.ant-checkbox-input').check();
    await page.locator('.ant-table-row').nth(1).locator('.ant-checkbox-input').check();
    expect(await page.getByTestId('selected-count').innerText()).toContain('2');
    // An agent may change these cases but not assign them: bulk assignment is not offered.
    await page.getByTestId('bulk-status').waitFor();
    expect(await page.getByTestId('bulk-assign').count()).toBe(0);

    // The branch supervisor may assign: two cases to himself, after a confirmation.
    await signIn('supervisor.bj', DEMO_PASSWORD);
    await page.getByTestId('current-user').waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await page.locator('.ant-table-row').nth(0).locator('.ant-checkbox-input').check();
    await page.locator('.ant-table-row').nth(1).locator('.ant-checkbox-input').check();
    expect(await page.getByTestId('selected-count').innerText()).toContain('2');
    await page.getByTestId('bulk-assign').click();
    await choose(page.getByRole('dialog').filter({ hasText: '批量分配' }), '分派给', '刘伟');
    await page.getByRole('button', { name: '下一步' }).click();
    // The confirmation names the count and the change; its title is also kept, hidden, for the dialog's name.
    const confirmation = page.locator('.ant-modal-confirm').filter({ visible: true });
    await confirmation.locator('.ant-modal-confirm-title').filter({ hasText: '将修改 2 个工单' }).waitFor();
    expect(await confirmation.locator('.ant-modal-confirm-content').innerText()).toContain('确定要对 2 个工单执行：分配给');
    await screenshot(page, 'workspace-bulk-confirm');
    await confirmation.getByRole('button', { name: '修改 2 个工单' }).click();
    await page.getByTestId('bulk-outcome').getByText('成功修改 2 个工单').waitFor();
    await page
      .getByRole('dialog')
      .filter({ has: page.getByTestId('bulk-outcome') })
      .getByRole('button', { name: /完\s*成/ })
      .click();
    await page.getByTestId('bulk-outcome').waitFor({ state: 'hidden' });
    await screenshot(page, 'workspace-saved-filters');
  });

  it('sees sensitive fields masked, unmasks one with a reason and sees the unmask in the timeline', async () => {
    // Signed in as agent.bj whatever the previous test left behind.
    await signIn('agent.bj', DEMO_PASSWORD);
    await page.getByTestId('current-user').waitFor();
    await complaintOfAgentBj();
    await page.goto(`${docket.url}/cases/${caseId}`);
    const masked = page.getByTestId('masked-residentId');
    await masked.waitFor();
    expect(await masked.innerText()).toMatch(/\*{4,}/);
    await screenshot(page, 'case-view-masked');

    await page.getByTestId('unmask-residentId').click();
    await page.getByTestId('unmask-reason').fill('客户来电核实身份');
    await page.getByRole('button', { name: '查看明文' }).last().click();
    const revealed = page.getByTestId('revealed-residentId');
    await revealed.waitFor();
    expect(await revealed.innerText()).toMatch(/^\d{17}[\dX]$/);

    await page.getByRole('tab', { name: '时间线' }).click();
    await page.getByTestId('timeline-unmask').filter({ hasText: 'residentId' }).waitFor();
    await page.getByText('客户来电核实身份').first().waitFor();
    await screenshot(page, 'case-view-unmasked');
    await signOut();
  });
});

describe('the auditor', () => {
  it('downloads a case’s evidence bundle, sees it verify in the browser, and sees a tampered copy fail', async () => {
    await signIn('auditor', DEMO_PASSWORD);
    await page.getByTestId('current-user').waitFor();
    await page.goto(`${docket.url}/audit/cases/${await complaintOfAgentBj()}`);
    await page.getByTestId('tree-head').getByText('签名有效').waitFor();
    await page.getByTestId('audit-timeline').locator('.ant-table-row').first().waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-evidence').click()]);
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor();
    expect(await verdict.getAttribute('data-verdict')).toBe('valid');
    await screenshot(page, 'audit-verified');
    const bundle = await readFile((await download.path())!);

    // One byte flipped inside an event's action: the leaf no longer leads to the signed root.
    const tampered = Buffer.from(bundle);
    const at = tampered.indexOf('"action": "case.');
    expect(at).toBeGreaterThan(0);
    const flip = at + '"action": "case.'.length;
    tampered[flip] = tampered[flip]! ^ 0x01;
    await page.locator('input[type=file]').setInputFiles({ name: 'tampered.json', mimeType: 'application/json', buffer: tampered });
    await page.locator('[data-testid=verdict][data-verdict=invalid]').waitFor();
    expect(await verdict.innerText()).toContain('tampered.json');
    expect(await verdict.innerText()).toMatch(/inclusion proof does not lead to the signed root/);
    await screenshot(page, 'audit-tampered');

    await page.locator('input[type=file]').setInputFiles({ name: 'original.json', mimeType: 'application/json', buffer: bundle });
    await page.locator('[data-testid=verdict][data-verdict=valid]').waitFor();
    await signOut();
  });

  it('logged no browser console errors', () => {
    expect(watch.errors).toEqual([]);
  });
});

describe('every key screen at 1366×768 and at 1024×768 on a touch screen', () => {
  let browser: Browser;
  afterAll(async () => browser?.close());

  it('fits the width without page-level horizontal scrolling', async () => {
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    for (const size of [
      { width: 1366, height: 768, touch: false },
      { width: 1024, height: 768, touch: true },
    ]) {
      const ctx = await browser.newContext({ viewport: { width: size.width, height: size.height }, hasTouch: size.touch, locale: 'zh-CN' });
      const p = await ctx.newPage();
      p.setDefaultTimeout(15_000);
      const w = watchConsole(p);
      await signIn('admin', ADMIN_PASSWORD, p);
      await p.getByTestId('current-user').waitFor();
      const caseId = await complaintOfAgentBj();
      const screens: [string, string, () => Promise<unknown>][] = [
        ['workspace', '/', () => p.locator('.ant-table-row').first().waitFor()],
        ['case-view', `/cases/${caseId}`, () => p.getByTestId('sensitive-fields').waitFor()],
        ['admin-roles', '/admin?tab=roles', () => p.locator('.ant-table-row').first().waitFor()],
        ['admin-groups', '/admin?tab=groups', () => p.locator('.ant-table').first().waitFor()],
        ['audit', `/audit/cases/${caseId}`, () => p.getByTestId('tree-head').waitFor()],
        ['account', '/account?tab=sessions', () => p.locator('.ant-table-row').first().waitFor()],
      ];
      for (const [name, path, ready] of screens) {
        await p.goto(`${docket.url}${path}`);
        await ready();
        expect(await sidewaysOverflow(p), `${name} at ${size.width}`).toEqual([]);
        if (size.touch) await screenshot(p, `${name}-1024-touch`);
        else if (name === 'admin-roles' || name === 'admin-groups' || name === 'account' || name === 'audit') await screenshot(p, name);
      }
      expect(w.errors).toEqual([]);
      await ctx.close();
    }
  });
});
