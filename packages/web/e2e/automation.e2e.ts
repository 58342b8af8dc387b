import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAsUser, DESKTOP, PHONE, type ApiAs } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 21, part G: an administrator builds the birthday rule in the console — "7 days before a
// customer's birthday, create a follow-up task for their relationship manager" — dry-runs it (the
// customers whose birthday is a week away, and what it would do for each), enables it, and sees
// it listed as enabled; on a desktop and a phone. The customers are made through the API.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
let admin: ApiAs;
let typeKey = '';
let typeName = '';
let birthdayLabel = '';
let managerLabel = '';
const due: string[] = [];

interface ObjectType {
  key: string;
  role: string;
  name: { 'zh-CN': string; 'en-US': string };
  displayField: string;
  fields: { key: string; type: string; label: { 'zh-CN': string } }[];
}

/**
 * A birthday `days` from today in 1980 or so: the month and day are what a yearly trigger follows.
 * Today in Asia/Shanghai, the zone the rule's days are in (no zone or calendar of its own): from
 * 16:00 to midnight UTC it is already tomorrow there, and a birthday counted from the UTC date was a
 * day short (the fresh-clone CI on 3f75dd8, at 16:1x UTC, dry-ran no customer).
 */
function birthdayInDays(days: number, year: number): string {
  const inShanghai = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', month: '2-digit', day: '2-digit' }).formatToParts(new Date(Date.now() + days * 86_400_000));
  const mmdd = `${inShanghai.find((part) => part.type === 'month')!.value}-${inShanghai.find((part) => part.type === 'day')!.value}`;
  // 29 February only in a leap year of birth.
  return mmdd === '02-29' ? `1980-${mmdd}` : `${year}-${mmdd}`;
}

beforeAll(async () => {
  ({ docket, page, watch } = session);
  page.setDefaultTimeout(30_000);
  admin = await apiAsUser(docket, 'admin', ADMIN_PASSWORD);
  const manager = await apiAsUser(docket, 'agent.bj', DEMO_PASSWORD);
  // A client type of the spec's own: the demo's customers (and their birthdays) would change what the dry-run lists.
  const type = await admin<ObjectType>('POST', '/api/v1/object-types', {
    key: 'e2e-client',
    name: { 'zh-CN': '贵宾客户', 'en-US': 'Premier client' },
    numberPrefix: 'VIP',
    displayField: 'name',
    fields: [
      { key: 'name', type: 'text', label: { 'zh-CN': '姓名', 'en-US': 'Name' }, required: true },
      { key: 'birthday', type: 'date', label: { 'zh-CN': '生日', 'en-US': 'Birthday' } },
      { key: 'relationshipManager', type: 'user', label: { 'zh-CN': '客户经理', 'en-US': 'Relationship manager' } },
    ],
  });
  typeKey = type.key;
  typeName = type.name['zh-CN'];
  const managerField = type.fields.find((f) => f.key === 'relationshipManager') ?? type.fields.find((f) => f.type === 'user')!;
  birthdayLabel = type.fields.find((f) => f.key === 'birthday')!.label['zh-CN'];
  managerLabel = managerField.label['zh-CN'];
  const departmentId = manager.user.departmentId;
  const customers = [
    { name: '王秀英', birthday: birthdayInDays(7, 1956), due: true },
    { name: '陈建国', birthday: birthdayInDays(7, 1978), due: true },
    { name: '刘芳', birthday: birthdayInDays(40, 1990), due: false },
  ];
  for (const c of customers) {
    const record = await admin<{ id: string; number: string }>('POST', `/api/v1/object-types/${typeKey}/records`, {
      departmentId,
      fields: { [type.displayField]: c.name, birthday: c.birthday, [managerField.key]: manager.user.id },
    });
    if (c.due) due.push(c.name);
    expect(record.number).toBeTruthy();
  }
});

/** Picks an Ant Design select's option by its label, until the select shows it (a re-rendered list can lose a click). */
async function choose(label: string, option: string) {
  const input = page.getByLabel(label, { exact: true });
  const select = input.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " ant-select ")][1]');
  const chosen = select.locator('.ant-select-selection-item, .ant-select-content-has-value').filter({ hasText: option });
  await select.click();
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

describe('automation rules in the console', () => {
  it('builds the birthday rule, dry-runs it, enables it and lists it as enabled', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'admin', ADMIN_PASSWORD);
    // From administration to the rules.
    await page.goto(`${docket.url}/admin`);
    await page.getByTestId('automation-rules-link').click();
    await page.getByTestId('automation-rules-page').waitFor();
    await page.getByTestId('new-automation-rule').click();
    await page.getByTestId('rule-designer').waitFor();

    await page.getByTestId('rule-key').fill('vip-birthday-follow-up');
    await page.getByTestId('rule-name').fill('客户生日关怀');
    // Step 1: a date trigger (the default) — 7 days before the customer's birthday, every year, at 09:00.
    await choose('对象类型', typeName);
    await choose('日期字段', birthdayLabel);
    await expect.poll(() => page.getByTestId('trigger-preview').innerText()).toContain(`${birthdayLabel}前 7 天`);
    // Step 3: a follow-up task for the relationship manager, due in 3 days.
    await page.getByTestId('action-0-title').fill('生日关怀回访：{{record.number}}');
    await choose('人员字段', managerLabel);
    await page.getByTestId('save-automation-rule').click();
    await page.waitForURL(/\/admin\/automation\/rules\/vip-birthday-follow-up/);
    await page.getByTestId('rule-state-disabled').waitFor();

    // Dry-run: the two customers whose birthday is a week away, and the task for each; nothing changes.
    await page.getByTestId('dry-run').click();
    const result = page.getByTestId('dry-run-result');
    await result.waitFor();
    await expect.poll(() => result.getByTestId('dry-run-subject').count()).toBe(2);
    for (const name of due) await expect.poll(() => result.getByText(name).count()).toBeGreaterThan(0);
    expect(await result.getByText('刘芳').count()).toBe(0);
    await expect.poll(() => result.getByText(/创建任务“生日关怀回访：[A-Z][A-Z0-9]*-\d+”/).count()).toBe(2);
    await page.mouse.move(1, 1);
    await page
      .locator('.ant-message-notice')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
    await screenshot(page, 'automation-designer');
    const tasksBefore = await admin<{ items: unknown[] }>('GET', `/api/v1/automation/rules/vip-birthday-follow-up/runs`);
    expect(tasksBefore.items).toHaveLength(0);

    // Enable, from the keyboard: every department.
    const enable = page.getByTestId('enable-rule');
    await enable.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('enable-rule-confirm').click();
    await page.getByTestId('rule-state-enabled').first().waitFor();

    // Listed as enabled, the trigger in words.
    await page.getByRole('link', { name: '自动化规则' }).first().click();
    const row = page.getByTestId('automation-rule-list').locator('tr', { hasText: '客户生日关怀' });
    await row.getByTestId('rule-state-enabled').waitFor();
    await expect.poll(() => row.innerText()).toContain(`${birthdayLabel}前 7 天`);
    await page
      .locator('.ant-message-notice')
      .first()
      .waitFor({ state: 'detached', timeout: 10_000 })
      .catch(() => undefined);
    await screenshot(page, 'automation-rules');

    await page.setViewportSize(PHONE);
    await row.getByTestId('rule-state-enabled').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'automation-rules-phone');
    expect(watch.errors).toEqual([]);
  });

  it('shows a supervisor the rules without designing them', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'supervisor.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/admin/automation/rules`);
    await page.getByTestId('automation-read-only').waitFor();
    expect(await page.getByTestId('new-automation-rule').count()).toBe(0);
  });
});
