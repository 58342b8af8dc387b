import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';

let caseNumber = '';

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
});

/** A form-js field's wrapper, found by its label. */
const formField = (label: string) => page.locator('.fjs-form-field').filter({ has: page.locator('label', { hasText: label }) });

/**
 * Clicks a button and waits for the URL. form-js commits typed text after a short debounce, and
 * flushes it when the field loses focus, which pressing the button does first.
 */
async function clickUntilUrl(testId: string, url: RegExp) {
  await page.getByTestId(testId).click();
  await page.waitForURL(url);
}

/** Opens an Ant Design select by its accessible label. */
const openSelect = (label: string) => page.getByLabel(label).locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]').click();

async function signIn(username: string, password: string) {
  await page.goto(`${docket.url}/sign-in`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByTestId('current-user').waitFor();
}

describe('the agent console, as a new agent uses it', () => {
  it('signs in as agent.bj', async () => {
    await page.goto(`${docket.url}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('用户名').fill('agent.bj');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await screenshot(page, 'sign-in');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByTestId('current-user').waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    expect(await page.getByTestId('current-user').textContent()).toContain('王芳');
    await screenshot(page, 'workspace');
  });

  it('creates a complaint: a wrong resident-id check digit shows on that field, the fixed one is accepted', async () => {
    await page.goto(`${docket.url}/cases/new?type=complaint`);
    await page.getByLabel('标题').fill('E2E 客户投诉不明扣费');
    await formField('客户姓名 Customer name').locator('input').fill('张三');
    await formField('身份证号 Resident id').locator('input').fill('110105194912310021');
    await formField('联系电话 Phone').locator('input').fill('13812345678');
    await formField('投诉类别 Category').locator('input, .fjs-select-display, .fjs-input-group').first().click();
    await page.getByText('收费 Fees', { exact: true }).click();
    await formField('投诉内容 What happened').locator('textarea').fill('账户被收取不明费用，要求解释。');
    watch.expectErrorResponse('/api/v1/cases', 400);
    await page.getByTestId('create-case').click();
    const residentIdError = formField('身份证号 Resident id').locator('.fjs-form-field-error');
    await residentIdError.waitFor();
    // The server's reason arrives as a code and is shown in the reader's language, never in English.
    expect(await residentIdError.textContent()).toContain('校验位不正确（GB 11643）');
    expect(await page.locator('body').innerText()).not.toMatch(/check digit|Some fields are invalid/);
    await screenshot(page, 'new-case-field-error');

    await formField('身份证号 Resident id').locator('input').fill('11010519491231002X');
    await clickUntilUrl('create-case', /\/cases\/[0-9a-f-]{36}$/);
    caseNumber = (await page.getByTestId('case-number').textContent())!.trim();
    expect(caseNumber).toMatch(/^CMP-\d{4}-\d{6}$/);
  });

  it('finds the case in the workspace and opens it', async () => {
    await page.goto(`${docket.url}/`);
    await page.getByLabel('标题或编号').fill(caseNumber);
    await page.getByTestId('apply-filters').click();
    const link = page.locator('.ant-table-row').getByRole('link', { name: caseNumber });
    await link.waitFor();
    expect(await page.locator('.ant-table-row').count()).toBe(1);
    await link.click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByTestId('case-form').locator('.fjs-form-field').first().waitFor();
    expect(await page.getByTestId('case-number').textContent()).toContain(caseNumber);
  });

  it('adds an internal note and a public reply, changes the status and sees the timeline grow', async () => {
    const timelineTab = page.getByRole('tab', { name: '时间线' });
    await timelineTab.click();
    await page.getByTestId('timeline-event').first().waitFor();
    const eventsAtStart = await page.getByTestId('timeline-event').count();

    await page.getByRole('tab', { name: '沟通记录' }).click();
    await page.getByPlaceholder('输入内容…').fill('已致电客户核实扣费明细。');
    await page.getByTestId('add-comment').click();
    await page.getByTestId('comment').filter({ hasText: '已致电客户核实扣费明细。' }).waitFor();
    await page.getByText('客户可见回复', { exact: true }).click();
    await page.getByPlaceholder('输入内容…').fill('您好，我们已收到您的投诉，将在48小时内答复。');
    await page.getByTestId('add-comment').click();
    await page.getByTestId('comment').filter({ hasText: '48小时内答复' }).waitFor();
    expect(await page.getByTestId('comment').filter({ hasText: '内部备注' }).count()).toBe(1);
    expect(await page.getByTestId('comment').filter({ hasText: '客户可见回复' }).count()).toBe(1);

    await openSelect('新状态');
    await page.locator('.ant-select-item-option').filter({ hasText: '处理中' }).click();
    await page.getByLabel('原因').fill('已受理，开始调查');
    await page.getByTestId('change-status').click();
    await page.getByTestId('case-status').filter({ hasText: '处理中' }).waitFor();

    await timelineTab.click();
    await expect.poll(() => page.getByTestId('timeline-event').count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(eventsAtStart + 3);
    await page.getByText('已受理，开始调查', { exact: false }).first().waitFor();
    await screenshot(page, 'case-view');
  });

  it('designs a new case type in the form editor and creates a case of it', async () => {
    // Case types belong to administrators (case-type:admin), not agents.
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL(/\/sign-in/);
    await signIn('admin', ADMIN_PASSWORD);
    await page.goto(`${docket.url}/designer`);
    await page.getByTestId('new-case-type').click();
    await page.getByLabel('标识').fill('e2e-feedback');
    await page.getByLabel('名称').fill('客户反馈 Feedback');
    await page.getByLabel('编号前缀').fill('FBK');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    await page.waitForURL(/\/designer\/e2e-feedback$/);
    const editor = page.getByTestId('form-editor');
    await page.locator('[data-testid=form-editor][data-ready=true]').waitFor();
    await editor.locator('.fjs-palette-field').first().waitFor();
    await editor.locator('.fjs-empty-editor').waitFor();

    // Drag "Text field" from the palette onto the empty canvas, as a designer does: press, wait for
    // the drag to start, move over the canvas until it shows where the field will land, release.
    const source = editor.locator('.fjs-palette-field[data-field-type="textfield"]');
    const target = editor.locator('.fjs-drop-container-vertical').first();
    const from = (await source.boundingBox())!;
    const to = (await target.boundingBox())!;
    const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
    const end = { x: to.x + to.width / 2, y: to.y + 40 };
    /** One press-move-release; true when the canvas showed where the field would land before the release. */
    const dragOnce = async () => {
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move(end.x, end.y, { steps: 10 });
      // The drag starts after a few moves; keep the pointer moving over the canvas until the
      // field's placeholder shows in it (a busy machine may need more moves than an idle one).
      let landed = false;
      for (let wiggle = 1; wiggle <= 25 && !landed; wiggle++) {
        landed = await target
          .locator('.gu-transit')
          .first()
          .waitFor({ state: 'attached', timeout: 200 })
          .then(
            () => true,
            () => false,
          );
        if (!landed) await page.mouse.move(end.x + (wiggle % 2 ? 6 : -6), end.y + (wiggle % 3) * 4, { steps: 2 });
      }
      await page.mouse.up();
      return landed;
    };
    // A drag pressed while the editor was still wiring its drop targets does not start: press again.
    let dropped = false;
    for (let attempt = 1; attempt <= 3 && !dropped; attempt++) dropped = await dragOnce();
    expect(dropped, 'the canvas accepted the dragged text field').toBe(true);
    // The new field is on the canvas and selected: the properties panel shows it, groups collapsed.
    await editor.locator('.fjs-editor-container .fjs-form-field-textfield').waitFor();
    await editor
      .locator('.bio-properties-panel-header-type')
      .filter({ hasText: /text field/i })
      .waitFor();
    const general = editor.locator('.bio-properties-panel-group-header').filter({ hasText: 'General' });
    if (!/\bopen\b/.test((await general.getAttribute('class')) ?? '')) await general.click();
    await editor.locator('#bio-properties-panel-label').waitFor();

    await editor.locator('#bio-properties-panel-label').fill('反馈内容 Feedback');
    await editor.locator('#bio-properties-panel-key').fill('feedback');
    await openSelect('数据分类（敏感字段）');
    await page.locator('.ant-select-item-option').filter({ hasText: '电话号码' }).click();
    await screenshot(page, 'form-designer');
    await page.getByTestId('save-case-type').click();
    await page.getByText('已保存版本 2').waitFor();
    await page.locator('.ant-table-row').nth(1).waitFor();

    await page.goto(`${docket.url}/cases/new?type=e2e-feedback`);
    await page.getByLabel('标题').fill('E2E 反馈');
    await formField('反馈内容 Feedback').locator('input').fill('13900001111');
    await clickUntilUrl('create-case', /\/cases\/[0-9a-f-]{36}$/);
    expect(await page.getByTestId('case-number').textContent()).toMatch(/^FBK-\d{4}-\d{6}/);
    await formField('反馈内容 Feedback').waitFor();
  });

  it('switches to English and remembers it', async () => {
    await openSelect('语言');
    await page.locator('.ant-select-item-option').filter({ hasText: 'English' }).click();
    await page.getByRole('menuitem', { name: /Workspace/ }).waitFor();
    await page.reload();
    await page.getByRole('menuitem', { name: /Workspace/ }).waitFor();
    await screenshot(page, 'case-view-en');
  });

  it('logged no browser console errors', () => {
    expect(watch.errors).toEqual([]);
  });
});
