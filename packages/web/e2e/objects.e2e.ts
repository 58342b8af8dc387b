import { beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { apiAsUser, DESKTOP, PHONE, signInThroughConsole, type ApiAs } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 21, part F: custom objects in the console, in Chinese. The administrator designs an
// object type (客户) with a sensitive field (手机号, data class phone), a select and a relation to
// an account type; imports customers from a CSV with one bad row — the preview shows the row and
// its reason, and "valid rows only" imports the rest; opens a record, whose phone number shows
// masked until he gives a reason, and links an account to it. The top menu still shows every
// entry at 1366 px; the record list and the record fit a 390 px phone.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
let admin: ApiAs;

const suffix = Math.random().toString(36).slice(2, 7);
const TYPE_KEY = `client-${suffix}`;
const ACCOUNT_KEY = `account-${suffix}`;
const RELATION_KEY = `client-accounts-${suffix}`;
const TYPE_NAME = `私行客户${suffix}`;

/** Picks an option of the Ant Design select labelled `label` until the select shows it (as roles.e2e.ts does). */
async function choose(scope: Page | Locator, label: string, option: string) {
  const input = scope.getByLabel(label, { exact: true });
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

/** Adds one field through the field drawer. */
async function addField(field: { key: string; labelZh: string; labelEn: string; type?: string; dataClass?: string; required?: boolean; options?: [string, string][] }) {
  await page.getByTestId('add-field').click();
  const drawer = page.getByTestId('field-form');
  await drawer.getByTestId('field-key').fill(field.key);
  await drawer.getByTestId('field-label-zh').fill(field.labelZh);
  await drawer.getByTestId('field-label-en').fill(field.labelEn);
  if (field.type) await choose(drawer, '类型', field.type);
  if (field.required) await drawer.getByTestId('field-required').check();
  if (field.dataClass) await choose(drawer, '敏感数据类别', field.dataClass);
  for (const [index, [value, label]] of (field.options ?? []).entries()) {
    await drawer.getByRole('button', { name: /添加选项/ }).click();
    await drawer.getByLabel(`选项值 ${index + 1}`).fill(value);
    await drawer.getByLabel(`中文名称 ${index + 1}`).fill(label);
  }
  await page.getByTestId('field-ok').click();
  await drawer.waitFor({ state: 'detached' });
}

beforeAll(async () => {
  ({ docket, page, watch } = session);
  // Two shared cores: a screen may take longer than the shared 15 s to render.
  page.setDefaultTimeout(45_000);
  admin = await apiAsUser(docket, 'admin', ADMIN_PASSWORD);
  // The other end of the relation the designer adds, with one account to link.
  await admin('POST', '/api/v1/object-types', {
    key: ACCOUNT_KEY,
    name: { 'zh-CN': `账户${suffix}`, 'en-US': `Account ${suffix}` },
    numberPrefix: 'XAC',
    displayField: 'accountName',
    fields: [{ key: 'accountName', type: 'text', label: { 'zh-CN': '账户名称', 'en-US': 'Account name' }, required: true, searchable: true }],
  });
  await admin('POST', `/api/v1/object-types/${ACCOUNT_KEY}/records`, { fields: { accountName: `工资卡账户${suffix}` } });
});

describe('designing an object type', () => {
  it('shows every top menu entry at 1366 px', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'admin', ADMIN_PASSWORD);
    await page.getByRole('menuitem', { name: /客户与记录/ }).waitFor();
    // Ant Design folds entries that do not fit into a "…" entry; it must stay hidden.
    const rest = page.locator('header .ant-menu-overflow-item-rest');
    expect((await rest.count()) === 0 || !(await rest.first().isVisible())).toBe(true);
    expect(watch.errors).toEqual([]);
  });

  it('lets the administrator design a type with a sensitive field, a select and a relation', async () => {
    await page.getByRole('menuitem', { name: /系统管理/ }).click();
    await page.getByTestId('object-types-link').click();
    await page.waitForURL(/\/admin\/object-types$/);
    await page.getByTestId('new-object-type').click();
    await page.waitForURL(/\/admin\/object-types\/new$/);

    await page.getByTestId('type-key').fill(TYPE_KEY);
    await page.getByTestId('type-name-zh').fill(TYPE_NAME);
    await page.getByTestId('type-name-en').fill(`Private client ${suffix}`);
    await page.getByTestId('type-prefix').fill('PC');
    // The starter field 名称 is the display field; rename it to 客户姓名.
    await page.getByTestId('edit-field-name').click();
    const drawer = page.getByTestId('field-form');
    await drawer.getByTestId('field-label-zh').fill('客户姓名');
    await page.getByTestId('field-ok').click();
    await drawer.waitFor({ state: 'detached' });
    await addField({ key: 'mobile', labelZh: '手机号', labelEn: 'Mobile', dataClass: '电话号码' });
    await addField({
      key: 'tier',
      labelZh: '客户等级',
      labelEn: 'Tier',
      type: '单选',
      options: [
        ['gold', '金卡'],
        ['private', '私行'],
      ],
    });
    await expect.poll(() => page.getByTestId('fields-table').locator('tbody tr.ant-table-row').count()).toBe(3);
    await page.getByTestId('save-object-type').click();
    await page.waitForURL(new RegExp(`/admin/object-types/${TYPE_KEY}$`));
    await page.getByText('当前版本 v1').waitFor();

    // A relation to accounts, named both ways.
    await page.getByRole('tab', { name: '关系' }).click();
    await page.getByTestId('add-relation').click();
    const relation = page.getByTestId('relation-form');
    await relation.getByTestId('relation-key').fill(RELATION_KEY);
    await choose(relation, '关联到', `账户${suffix}`);
    await relation.getByTestId('relation-name-zh').fill('名下账户');
    await relation.getByTestId('relation-inverse-zh').fill('所属客户');
    await page.getByTestId('relation-ok').click();
    await relation.waitFor({ state: 'detached' });
    await page.getByTestId('relations-table').getByText('名下账户').waitFor();

    // The permissions tab reads the roles: the administrator's sees 手机号 masked (unmask with a reason).
    await page.getByRole('tab', { name: '权限' }).click();
    await page.getByTestId('type-permissions').getByText('手机号: 脱敏').first().waitFor();
    await page.getByRole('tab', { name: '字段' }).click();
    await page.mouse.move(1, 1);
    await screenshot(page, 'objects-designer');
    expect(watch.errors).toEqual([]);
  });
});

describe('importing and reading records', () => {
  it('previews a CSV with a bad row, then imports the valid rows', async () => {
    await page.goto(`${docket.url}/records`);
    await page.getByTestId(`record-type-${TYPE_KEY}`).click();
    await page.waitForURL(new RegExp(`/records/${TYPE_KEY}$`));
    await page.getByTestId('import-records').click();
    await page.waitForURL(new RegExp(`/records/${TYPE_KEY}/import$`));

    // Row 4 (the header is row 1) has no name, which the type requires.
    const csv = ['name,mobile,tier', '王建国,13800138001,gold', '李秀英,13900139002,private', ',13700137003,gold', '张伟,13600136004,gold'].join('\n');
    await page.locator('input[type=file]').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByTestId('import-mode').getByText('只导入正确的行').click();
    await page.getByTestId('import-preview').click();
    const report = page.getByTestId('import-preview-report');
    await report.waitFor();
    const errors = page.getByTestId('import-errors');
    await expect.poll(() => errors.locator('tbody tr.ant-table-row').count()).toBe(1);
    expect(await errors.locator('tbody tr.ant-table-row td').first().textContent()).toBe('4');
    expect(await errors.locator('tbody tr.ant-table-row').textContent()).toContain('客户姓名');
    // The preview shows the first rows as they would be stored.
    await page.getByTestId('import-preview-rows').getByText('王建国').waitFor();
    await page.mouse.move(1, 1);
    await screenshot(page, 'objects-import-preview');

    await page.getByTestId('import-run').click();
    await page.getByTestId('import-result').getByText('已导入 3 / 4 行').waitFor();
    await page.getByTestId('download-errors').waitFor();
    expect(watch.errors).toEqual([]);
  });

  it('opens a record: the phone masked until a reason is given, and an account linked', async () => {
    await page.goto(`${docket.url}/records/${TYPE_KEY}?q=${encodeURIComponent('李秀英')}`);
    await page.getByTestId('records').getByRole('link', { name: '李秀英' }).click();
    await page.waitForURL(new RegExp(`/records/${TYPE_KEY}/[0-9a-f-]{36}$`));
    const mobile = page.getByTestId('record-value-mobile');
    await mobile.waitFor();
    expect(await mobile.textContent()).not.toContain('13900139002');
    await page.mouse.move(1, 1);
    await screenshot(page, 'objects-record');
    await page.getByTestId('unmask-mobile').click();
    await page.getByTestId('unmask-reason').fill('客户来电核实身份');
    await page.getByTestId('unmask-ok').click();
    await expect.poll(() => mobile.textContent()).toBe('13900139002');

    await page.getByRole('tab', { name: '关联' }).click();
    const links = page.getByTestId(`links-${RELATION_KEY}-outgoing`);
    await choose(links, '选择要关联的“名下账户”', `工资卡账户${suffix}`);
    await page.getByTestId(`add-link-${RELATION_KEY}`).click();
    await links.getByRole('link', { name: new RegExp(`工资卡账户${suffix}`) }).waitFor();
    expect(watch.errors).toEqual([]);
  });

  it('fits a phone: the record list and the record without sideways scroll', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/records/${TYPE_KEY}`);
    await page.getByTestId('records').getByRole('link', { name: '王建国' }).waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.getByTestId('records').getByRole('link', { name: '王建国' }).click();
    await page.getByTestId('record-value-mobile').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
    expect(watch.errors).toEqual([]);
  });
});
