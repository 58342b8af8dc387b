import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, signInThroughConsole } from './console-steps.ts';
import { DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch, type DocketProcess } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 22, part F: a wealth complaint answered with a promise of 保本保收益 and no risk disclosure
// is resolved; the job inspects it. The Beijing supervisor reads the findings on the case, asks
// for another inspection from the keyboard, and finds the case in the quality list on a phone. An
// agent sees no quality panel.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
let caseId = '';
let caseNumber = '';

/** The API as one demo user, with headers (If-Match) when a call needs them. */
async function apiAs(username: string) {
  const login = await fetch(`${docket.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(`${docket.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    expect(res.status, `${method} ${path}: ${text.slice(0, 300)}`).toBeLessThan(300);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

beforeAll(async () => {
  ({ docket, page, watch } = session);
  page.setDefaultTimeout(45_000);
  const supervisor = await apiAs('supervisor.bj');
  const me = await supervisor<{ departmentId: string }>('GET', '/api/v1/me');
  const created = await supervisor<{ id: string; number: string }>('POST', '/api/v1/cases', {
    type: 'complaint',
    title: '理财产品收益咨询',
    channel: 'phone',
    departmentId: me.departmentId,
    fields: { customerName: '张三', phone: '13812345678', category: 'wealth', product: 'wealth', description: '我购买的理财产品到期收益低于预期，想了解原因和赎回安排' },
  });
  ({ id: caseId, number: caseNumber } = created);
  await supervisor('POST', `/api/v1/cases/${caseId}/comments`, { body: '您好，这款理财产品保本保收益，请放心持有，到期赎回即可。', visibility: 'public' });
  const current = await supervisor<{ version: number }>('GET', `/api/v1/cases/${caseId}`);
  await supervisor('PATCH', `/api/v1/cases/${caseId}`, { status: 'resolved' }, { 'if-match': `"${current.version}"` });
  // The job runner inspects it after the closing command committed.
  for (let tries = 0; ; tries++) {
    if ((await supervisor<{ inspection: unknown }>('GET', `/api/v1/cases/${caseId}/quality`)).inspection !== null) break;
    if (tries > 120) throw new Error('the case was not inspected within 60 s of being resolved');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
});

describe('quality inspection', () => {
  it('shows the findings on the case in words, and inspects again from the keyboard', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'supervisor.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/cases/${caseId}`);
    const panel = page.getByTestId('quality-panel');
    await expect.poll(() => panel.getByTestId('quality-finding').count()).toBe(3);
    await expect.poll(() => panel.getByText('缺少风险提示').count()).toBe(1);
    await expect.poll(() => panel.getByText('对客回复承诺保本（“保本”）。').count()).toBe(1);
    const again = panel.getByTestId('quality-inspect');
    await again.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => panel.getByText(/^手动 · /).count()).toBe(1);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'assist-quality-case');
  });

  it('lists the case for the supervisor with the weekly chart, usable at 390 px', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(`${docket.url}/analytics/quality`);
    const card = page.locator(`[data-testid="quality-case"][data-case-id="${caseId}"]`);
    await expect.poll(() => card.getByRole('link', { name: caseNumber }).count()).toBe(1);
    await expect.poll(() => card.getByText('违规承诺').count()).toBeGreaterThan(0);
    await page.getByTestId('quality-chart').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.mouse.move(1, 1);
    await screenshot(page, 'assist-quality-list-phone');
    expect(watch.errors).toEqual([]);
  });

  it('offers no quality panel to an agent', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/cases/${caseId}`);
    await page.getByText(caseNumber).first().waitFor();
    expect(await page.getByTestId('quality-panel').count()).toBe(0);
  });
});
