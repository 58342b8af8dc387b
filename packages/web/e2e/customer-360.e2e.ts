import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiAsUser, DESKTOP, PHONE, type ApiAs } from './console-steps.ts';
import { ADMIN_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch, type DocketProcess } from './docket-under-test.ts';

// Issue 21, part C: from a case, the customer panel (tier, tags, open and past cases, products),
// then the customer's 360° page with its timeline; in zh-CN, and at 390 px. The spec brings its
// own customer: it uses the demo's customer type when there is one (only one type may have the
// customer role) and creates one otherwise, then a customer record, a product and a holding of it,
// and a complaint by that customer's id.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
let admin: ApiAs;
let caseId = '';
let customerId = '';
let shownName = '王建国';
const EXTERNAL_ID = `E2E-C360-${Date.now()}`;

interface FieldDefinition {
  key: string;
  dataClass?: string | null;
  type: string;
  required?: boolean;
  options?: { value: string }[];
  referenceTo?: string;
}
interface ObjectType {
  key: string;
  role: string;
  displayField: string;
  fields: FieldDefinition[];
}
const label = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en });

/** A value for every required field the spec does not set itself (a demo type may require more). */
function fill(type: ObjectType, given: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = { ...given };
  for (const f of type.fields) {
    if (values[f.key] !== undefined || !f.required) continue;
    if (f.type === 'select') values[f.key] = f.options?.[0]?.value;
    else if (f.type === 'multi-select') values[f.key] = [f.options?.[0]?.value];
    else if (f.type === 'date') values[f.key] = '1952-06-18';
    else if (f.type === 'number') values[f.key] = 1;
    else if (f.type === 'money') values[f.key] = '1.00';
    else if (f.type === 'boolean') values[f.key] = true;
    else if (f.type === 'text' || f.type === 'long-text') values[f.key] = f.key === type.displayField ? '王建国' : 'E2E';
  }
  return values;
}

async function findOrCreateCustomerType(): Promise<ObjectType> {
  const types = await admin<{ items: ObjectType[] }>('GET', '/api/v1/object-types');
  const existing = types.items.find((t) => t.role === 'customer');
  if (existing) return existing;
  return admin<ObjectType>('POST', '/api/v1/object-types', {
    key: 'customer',
    role: 'customer',
    name: label('客户', 'Customer'),
    numberPrefix: 'CUS',
    displayField: 'name',
    fields: [
      { key: 'name', type: 'text', label: label('客户姓名', 'Name'), required: true },
      { key: 'phone', type: 'text', label: label('手机号', 'Mobile'), dataClass: 'phone' },
      {
        key: 'tier',
        type: 'select',
        label: label('等级', 'Tier'),
        options: [
          { value: 'gold', label: label('金卡', 'Gold') },
          { value: 'standard', label: label('普通', 'Standard') },
        ],
      },
    ],
  });
}

beforeAll(async () => {
  ({ docket, page, watch } = session);
  page.setDefaultTimeout(60_000);
  admin = await apiAsUser(docket, 'admin', ADMIN_PASSWORD);
  const departments = await admin<{ items: { id: string; code: string }[] }>('GET', '/api/v1/departments');
  const bj = departments.items.find((d) => d.code === 'BJ')!.id;
  const customerType = await findOrCreateCustomerType();
  const tierField = customerType.fields.find((f) => f.key === 'tier');
  const customer = await admin<{ id: string }>('POST', `/api/v1/object-types/${customerType.key}/records`, {
    fields: fill(customerType, { [customerType.displayField]: '王建国', ...(tierField?.options?.[0] ? { tier: tierField.options[0].value } : {}) }),
    tags: ['elderly', 'foreign'],
    departmentId: bj,
    externalId: EXTERNAL_ID,
  });
  customerId = customer.id;
  // The demo's customer type keeps the name in data class 'name': masked even for the administrator.
  shownName = customerType.fields.find((f) => f.key === customerType.displayField)?.dataClass ? '王**' : '王建国';
  // A product and a holding of it, linked to the customer (types of the spec's own, so their fields are known).
  await admin('POST', '/api/v1/object-types', {
    key: 'e2e-product',
    name: label('理财产品（测试）', 'Wealth product (test)'),
    numberPrefix: 'EPRD',
    displayField: 'name',
    fields: [{ key: 'name', type: 'text', label: label('产品名称', 'Name'), required: true }],
  });
  await admin('POST', '/api/v1/object-types', {
    key: 'e2e-holding',
    name: label('持仓（测试）', 'Holding (test)'),
    numberPrefix: 'EHLD',
    displayField: 'title',
    fields: [
      { key: 'title', type: 'text', label: label('持仓', 'Holding'), required: true },
      { key: 'product', type: 'reference', referenceTo: 'e2e-product', label: label('产品', 'Product') },
    ],
  });
  await admin('POST', '/api/v1/relations', {
    key: 'e2e-customer-holdings',
    fromType: customerType.key,
    toType: 'e2e-holding',
    cardinality: 'one-to-many',
    name: label('持仓', 'Holdings'),
    inverseName: label('客户', 'Customer'),
  });
  const product = await admin<{ id: string }>('POST', '/api/v1/object-types/e2e-product/records', { fields: { name: '稳健理财 90 天' }, departmentId: bj });
  const holding = await admin<{ id: string }>('POST', '/api/v1/object-types/e2e-holding/records', { fields: { title: '持仓 稳健 90 天', product: product.id }, departmentId: bj });
  await admin('POST', `/api/v1/records/${customerId}/links`, { relation: 'e2e-customer-holdings', toRecordId: holding.id });
  // An earlier complaint, resolved (a past case), and the one the agent opens.
  const earlier = await admin<{ id: string; version: number }>('POST', '/api/v1/cases', {
    type: 'complaint',
    title: '理财赎回到账延迟',
    channel: 'phone',
    departmentId: bj,
    customer: { id: EXTERNAL_ID },
    fields: { customerName: '王建国', phone: '13812345678', category: 'fees', description: '赎回资金延迟到账' },
  });
  const { version } = await admin<{ version: number }>('GET', `/api/v1/cases/${earlier.id}`);
  const resolved = await fetch(`${docket.url}/api/v1/cases/${earlier.id}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${await tokenOf()}`, 'content-type': 'application/json', 'if-match': `"${version}"` },
    body: JSON.stringify({ status: 'resolved' }),
  });
  expect(resolved.status, await resolved.clone().text()).toBe(200);
  ({ id: caseId } = await admin<{ id: string }>('POST', '/api/v1/cases', {
    type: 'complaint',
    title: '客户投诉理财产品收费不透明',
    channel: 'web',
    departmentId: bj,
    customer: { id: EXTERNAL_ID },
    fields: { customerName: '王建国', phone: '13812345678', category: 'fees', description: '理财产品管理费收取不透明' },
  }));
}, 120_000);

async function tokenOf(): Promise<string> {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  return ((await login.json()) as { token: string }).token;
}

describe('the customer 360° view, from a case', () => {
  it('shows the customer panel on the case and opens the 360° page with the timeline', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${docket.url}/cases/${caseId}`);
    const panel = page.getByTestId('case-customer-panel');
    await panel.getByTestId('case-customer-name').waitFor();
    await expect.poll(() => panel.getByTestId('customer-tag').count()).toBe(2);
    expect(await panel.getByTestId('customer-tag').first().innerText()).toBe('老年客户');
    expect(await panel.getByTestId('open-cases-count').getAttribute('data-count')).toBe('1');
    expect(await panel.getByTestId('past-cases-count').getAttribute('data-count')).toBe('1');
    await panel.getByTestId('case-customer-products').first().waitFor();
    expect(await panel.getByTestId('case-customer-products').first().innerText()).toContain('稳健理财 90 天');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'customer-360-case-panel');

    // By keyboard: the link to the 360° page is reachable and opens it with Enter.
    await panel.getByTestId('open-customer-360').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/customers/${customerId}`);
    await page.getByTestId('customer-profile').waitFor();
    expect(await page.getByTestId('customer-name').innerText()).toBe(shownName);
    await page.getByTestId('related-record').first().waitFor();
    expect(await page.getByTestId('related-reference').first().innerText()).toContain('稳健理财 90 天');
    await page.getByTestId('timeline-item').first().waitFor();
    const types = await page.getByTestId('timeline-item').evaluateAll((items) => items.map((i) => i.getAttribute('data-type')));
    expect(types).toContain('case-created');
    expect(types).toContain('case-status-changed');
    await screenshot(page, 'customer-360-page');
    expect(watch.errors).toEqual([]);
  });

  it('fits a 390 px phone', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/customers/${customerId}`);
    await page.getByTestId('customer-profile').waitFor();
    await page.getByTestId('timeline-item').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await screenshot(page, 'customer-360-phone');
    await page.setViewportSize(DESKTOP);
    expect(watch.errors).toEqual([]);
  });
});
