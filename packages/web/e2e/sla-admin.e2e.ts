import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 16: the SLA settings an administrator keeps, in Chinese. A branch calendar created in the
// console gets a holiday marked in its month view and saved as a correction; a regulatory pack is
// applied; a policy's duration is changed into a new version; the tester says which policy a
// 12378 complaint matches and why the others do not. Each screen also fits a 390 px phone.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(() => {
  ({ docket, page, watch } = session);
  page.setDefaultTimeout(60_000);
});

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

/** The API as the administrator, with a bearer token. */
async function adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const res = await fetch(`${docket.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  expect(res.status, `${method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(300);
  return (text ? JSON.parse(text) : undefined) as T;
}

describe('SLA settings as an administrator', () => {
  it('creates a branch calendar, marks a holiday in its month view and saves it as a correction', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'admin', ADMIN_PASSWORD);
    // The menu entry leads to the policies; the calendars sit beside them.
    await page.getByRole('link', { name: '服务时限' }).click();
    await page.waitForURL(/\/admin\/sla-policies$/);
    await page.getByTestId('sla-admin-nav').getByText('工作日历').click();
    await page.waitForURL(/\/admin\/calendars$/);
    await page.getByTestId('calendar-list').getByText('cn-mainland', { exact: true }).waitFor();

    await page.getByTestId('new-calendar').click();
    const form = page.getByTestId('new-calendar-form');
    await form.getByLabel('标识').fill('shenzhen-branch');
    await form.getByLabel('名称').fill('深圳分行日历');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    await page.waitForURL(/\/admin\/calendars\/shenzhen-branch$/);

    // A working day of the month shown (the 3rd one, well inside the month) becomes a holiday.
    const month = new Date().toISOString().slice(0, 7);
    const workday = page.locator(`[data-testid="calendar-month"] button[data-kind="workday"][data-date^="${month}"]`).nth(2);
    const date = (await workday.getAttribute('data-date'))!;
    await workday.click();
    const dialog = page.getByTestId('day-dialog');
    // Under load the first click on the choice can be lost: click until the holiday's name field shows.
    await expect
      .poll(
        async () => {
          if (await page.getByTestId('day-name').isVisible()) return true;
          await dialog
            .getByText('节假日', { exact: true })
            .click({ timeout: 2_000 })
            .catch(() => undefined);
          return page.getByTestId('day-name').isVisible();
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    await page.getByTestId('day-name').fill('分行成立纪念日');
    await page.getByTestId('day-apply').click();
    const marked = page.locator(`[data-testid="calendar-month"] button[data-date="${date}"]`);
    expect(await marked.getAttribute('data-kind')).toBe('holiday');
    expect(await marked.getAttribute('data-edited')).toBe('true');
    await page.getByTestId('calendar-unsaved').waitFor();
    await screenshot(page, 'sla-calendar-marked');

    await page.getByTestId('save-calendar').click();
    await page.getByTestId('save-reason').fill('分行成立纪念日放假，总行批复');
    await page.getByTestId('save-calendar-confirm').click();
    // Saved: the month view now shows the server's day, and the versions list the correction.
    await expect.poll(() => marked.getAttribute('data-edited'), { timeout: 20_000 }).toBeNull();
    expect(await marked.getAttribute('data-kind')).toBe('holiday');
    expect(await marked.getAttribute('aria-label')).toContain('分行成立纪念日');
    await page.getByTestId('calendar-versions').getByText('更正').first().waitFor();
    const saved = await adminApi<{ definition: { days?: { date: string; kind: string; name?: string }[] }; versions: { correction: boolean; reason: string | null }[] }>(
      'GET',
      '/api/v1/calendars/shenzhen-branch',
    );
    expect(saved.definition.days).toContainEqual({ date, kind: 'holiday', name: '分行成立纪念日' });
    expect(saved.versions.some((v) => v.correction && v.reason === '分行成立纪念日放假，总行批复')).toBe(true);
    await screenshot(page, 'sla-calendar');

    // By keyboard: a day of the month view takes focus, Enter opens its dialog, Escape closes it.
    const next = page.locator(`[data-testid="calendar-month"] button[data-kind="workday"][data-date^="${month}"]`).nth(4);
    await next.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('day-dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('day-dialog').waitFor({ state: 'hidden' });

    await page.setViewportSize(PHONE);
    await page.getByTestId('calendar-month').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'sla-calendar-phone');
    expect(watch.errors).toEqual([]);
  });

  it('applies a regulatory pack after confirming it', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${docket.url}/admin/sla-policies`);
    const apply = page.getByTestId('apply-pack-cn-consumer-complaints');
    await apply.click();
    await page.getByTestId('apply-pack-confirm').click();
    await page.getByText('已应用规则包「消费投诉处理时限（中国大陆）」').waitFor();
    const list = page.getByTestId('policy-list');
    await list.getByText('12378 热线投诉 Regulator-hotline complaint').waitFor();
    await list.getByText('消费投诉 Consumer complaint', { exact: true }).waitFor();
    const policies = await adminApi<{ items: { key: string }[] }>('GET', '/api/v1/sla/policies');
    const keys = policies.items.map((p) => p.key);
    // The tighter 12378 rule comes before the general complaint rule.
    expect(keys.indexOf('cn-complaint-12378')).toBeLessThan(keys.indexOf('cn-complaint'));
    await page.getByTestId('packs').getByText('已应用').first().waitFor();
    await screenshot(page, 'sla-policy-list');
    expect(watch.errors).toEqual([]);
  });

  it('changes a policy’s duration into a new version', async () => {
    await page.goto(`${docket.url}/admin/sla-policies`);
    await page.getByTestId('policy-list').getByRole('link', { name: '消费投诉 Consumer complaint', exact: true }).click();
    await page.waitForURL(/\/admin\/sla-policies\/cn-complaint$/);
    const before = await adminApi<{ currentVersion: number; definition: { targets: { key: string; duration: string }[] } }>('GET', '/api/v1/sla/policies/cn-complaint');
    const index = before.definition.targets.findIndex((t) => t.key === 'resolution');
    const duration = page.getByTestId(`target-${index}-duration`);
    await duration.fill('PT60H');
    await page.getByText('2 天 12 小时').first().waitFor();
    await screenshot(page, 'sla-policy-editor');
    await page.getByTestId('save-policy').click();
    await page.getByTestId('policy-reason').fill('消保部要求投诉 60 小时内办结');
    await page.getByTestId('save-policy-confirm').click();
    await page.getByTestId('policy-versions').getByText('消保部要求投诉 60 小时内办结').waitFor();
    const after = await adminApi<{ currentVersion: number; definition: { targets: { key: string; duration: string }[] } }>('GET', '/api/v1/sla/policies/cn-complaint');
    expect(after.currentVersion).toBe(before.currentVersion + 1);
    expect(after.definition.targets[index]!.duration).toBe('PT60H');
    expect(watch.errors).toEqual([]);
  });

  it('shows a server validation problem on the field it names', async () => {
    const duration = page.getByTestId('target-0-duration');
    await duration.fill('PT0S');
    await page.getByTestId('save-policy').click();
    await page.getByTestId('policy-reason').fill('试一个无效的时长');
    watch.expectErrorResponse('/api/v1/sla/policies/cn-complaint', 400);
    await page.getByTestId('save-policy-confirm').click();
    const errors = page.getByTestId('policy-errors');
    await errors.waitFor();
    expect(await errors.textContent()).toContain('目标 1 · 时长');
    expect(watch.errors).toEqual([]);
  });

  it('says which policy a 12378 complaint matches, and why the others do not', async () => {
    await page.goto(`${docket.url}/admin/sla-policies`);
    const tester = page.getByTestId('policy-tester');
    await tester.getByRole('tab', { name: '按工单属性' }).click();
    await page.getByTestId('tester-type').click();
    await page.locator('.ant-select-dropdown:visible').getByText('投诉 Complaint', { exact: true }).click();
    await page.getByTestId('tester-channel').fill('12378');
    await page.getByTestId('tester-run').click();
    const matched = page.getByTestId('tester-matched');
    await matched.waitFor();
    expect(await matched.textContent()).toContain('12378 热线投诉 Regulator-hotline complaint');
    const evaluated = page.getByTestId('tester-evaluated');
    expect(await evaluated.textContent()).toContain('工单类型不符');
    expect(await page.getByTestId('tester-result').textContent()).toContain('首次响应');
    await screenshot(page, 'sla-policy-tester');

    await page.setViewportSize(PHONE);
    await page.getByTestId('policy-list').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'sla-policy-phone');
    expect(watch.errors).toEqual([]);
  });

  it('offers an agent the calendars to read and nothing to change', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    // No SLA settings in the menu; the policies screen says "no access" and asks the API nothing.
    expect(await page.getByRole('link', { name: '服务时限' }).count()).toBe(0);
    const slaRequests: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/v1/sla/')) slaRequests.push(request.url());
    });
    await page.goto(`${docket.url}/admin/sla-policies`);
    await page.getByTestId('no-access').waitFor();
    // Calendars are readable (calendar:read): the list without "new", a calendar without save or clickable days.
    await page.goto(`${docket.url}/admin/calendars`);
    // cn-mainland is a key, and the parent of the branch calendar created above.
    await page.getByTestId('calendar-list').getByText('cn-mainland', { exact: true }).first().waitFor();
    expect(await page.getByTestId('new-calendar').count()).toBe(0);
    expect(await page.getByTestId('sla-admin-nav').count()).toBe(0);
    await page.goto(`${docket.url}/admin/calendars/cn-mainland`);
    await page.locator('[data-testid="calendar-month"] button[data-kind="holiday"], [data-testid="calendar-month"] button[data-kind="workday"]').first().waitFor();
    expect(await page.getByTestId('save-calendar').count()).toBe(0);
    expect(await page.locator('[data-testid="calendar-month"] button[data-date]:not([disabled])').count()).toBe(0);
    expect(slaRequests).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
