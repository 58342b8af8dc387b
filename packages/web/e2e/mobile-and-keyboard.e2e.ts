import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { DESKTOP, PHONE, apiGetWithSessionCookie } from './console-steps.ts';
import { seriousViolations, sidewaysOverflow } from './accessibility.ts';

// Issue 12, item 24 and 25: the console on a phone (390 px) and from the keyboard, checked with
// axe-core on the key screens at 1366 px and 390 px; and its JavaScript served compressed.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(async () => {
  ({ docket, page, watch } = session);
  // Two shared cores: a screen may take longer than the shared 15 s to render.
  page.setDefaultTimeout(60_000);
});

const signIn = (username: string, password: string) => signInThroughConsole(page, docket.url, username, password);

/** Signs in over the API (no browser) and answers a GET as that user: tests find their own data with it. */
const apiGet = <T>(username: string, password: string, path: string) => apiGetWithSessionCookie<T>(docket, username, password, path);

let complaintId = '';
/** The newest complaint agent.bj can see, which the administrator and the auditor can see too. */
async function complaint(): Promise<string> {
  complaintId ||= (await apiGet<{ items: { id: string }[] }>('agent.bj', DEMO_PASSWORD, '/api/v1/cases?type=complaint&limit=1')).items[0]!.id;
  return complaintId;
}

/** The element that has keyboard focus, described for a failure message. */
const focused = () =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLElement | null;
    return e ? `${e.tagName.toLowerCase()}[${e.getAttribute('aria-label') ?? e.getAttribute('placeholder') ?? e.textContent?.trim().slice(0, 30) ?? ''}]` : 'nothing';
  });

describe('the console JavaScript is served compressed', () => {
  it('sends every script of the sign-in and workspace screens brotli-compressed to Chromium', async () => {
    await page.setViewportSize(DESKTOP);
    const encodings = new Map<string, string>();
    const pending: Promise<void>[] = [];
    const onResponse = (response: import('playwright-core').Response) => {
      if (response.request().resourceType() !== 'script') return;
      // Scripts under 1 KB are sent as they are: compressing them saves less than it costs.
      pending.push(
        Promise.all([response.allHeaders(), response.body()]).then(([h, body]) => {
          if (body.length >= 1024) encodings.set(response.url(), `${h['content-encoding'] ?? 'none'} vary=${h.vary ?? ''}`);
        }),
      );
    };
    page.on('response', onResponse);
    await signIn('agent.bj', DEMO_PASSWORD);
    await page.locator('.ant-table-row').first().waitFor();
    await page.waitForLoadState('networkidle');
    page.off('response', onResponse);
    await Promise.all(pending);
    expect(encodings.size).toBeGreaterThan(2);
    for (const [url, encoding] of encodings) expect(encoding, url).toMatch(/^br vary=.*accept-encoding/i);
  });
});

describe('axe-core finds no serious or critical violations on the key screens', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    it(`at ${viewport.width} px: sign-in, workspace, case view, administration, audit`, async () => {
      await page.setViewportSize(viewport);
      const found: string[] = [];
      const check = async (screen: string) => {
        for (const v of await seriousViolations(page)) found.push(`${screen} @${viewport.width}: ${v}`);
        expect(await sidewaysOverflow(page), `${screen} at ${viewport.width} px scrolls sideways`).toEqual([]);
      };
      const caseId = await complaint();

      await page.context().clearCookies();
      await page.goto(`${docket.url}/sign-in`);
      await page.getByLabel('用户名').waitFor();
      await check('sign-in');

      await signIn('agent.bj', DEMO_PASSWORD);
      await page
        .locator(viewport === PHONE ? '[data-testid=case-card]' : '.ant-table-row')
        .first()
        .waitFor();
      await check('workspace');
      await page.goto(`${docket.url}/cases/${caseId}`);
      await page.getByTestId('case-form').locator('.fjs-form-field').first().waitFor();
      await page.getByTestId('sensitive-fields').waitFor();
      await check('case view');

      await signIn('admin', ADMIN_PASSWORD);
      await page.goto(`${docket.url}/admin`);
      await page.locator('.ant-table-row').first().waitFor();
      await check('administration');

      await signIn('auditor', DEMO_PASSWORD);
      await page.goto(`${docket.url}/audit`);
      await page.getByText('按工单编号查找工单', { exact: false }).waitFor();
      await check('audit');
      await page.goto(`${docket.url}/audit/cases/${caseId}`);
      await page.getByTestId('tree-head').waitFor();
      await check('case audit');
      expect(found).toEqual([]);
    }, 600_000);
  }
});

describe('on a phone (390 px)', () => {
  it('opens the drawer menu, navigates, opens a case from the card list and signs out', async () => {
    await page.setViewportSize(PHONE);
    await signIn('agent.bj', DEMO_PASSWORD);
    // The workspace shows cards, not the 1,400 px table, and nothing is off screen.
    await page.getByTestId('case-card').first().waitFor();
    expect(await page.locator('.ant-table').count()).toBe(0);
    expect(await sidewaysOverflow(page)).toEqual([]);
    const header = (await page.locator('.ant-layout-header').boundingBox())!;
    expect(header.x + header.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'workspace-390');

    // The drawer offers every entry the agent has, the language switch and sign-out.
    const hamburger = page.getByRole('button', { name: '打开菜单' });
    await hamburger.click();
    const drawer = page.locator('#docket-menu-drawer');
    await drawer.getByRole('menuitem', { name: /新建工单/ }).waitFor();
    for (const entry of [/工作台/, /新建工单/, /账户安全/]) expect(await drawer.getByRole('menuitem', { name: entry }).isVisible()).toBe(true);
    expect(await drawer.getByLabel('语言').isVisible()).toBe(true);
    expect(await drawer.getByRole('button', { name: /退出登录/ }).isVisible()).toBe(true);
    const panel = (await drawer.boundingBox())!;
    expect(panel.x + panel.width).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'menu-drawer-390');

    // Navigate to the new-case form: the drawer closes, the form fits the width.
    await drawer.getByRole('menuitem', { name: /新建工单/ }).click();
    await page.waitForURL(/\/cases\/new/);
    await drawer.waitFor({ state: 'hidden' });
    await page.getByTestId('case-type-select').waitFor();
    expect(await sidewaysOverflow(page), 'new-case type choice').toEqual([]);
    await page.goto(`${docket.url}/cases/new?type=complaint`);
    await page.getByLabel('标题').waitFor();
    await page.locator('.fjs-form-field').first().waitFor();
    expect(await sidewaysOverflow(page), 'new-case form').toEqual([]);
    await screenshot(page, 'new-case-390');

    // Back to the workspace through the drawer, open a case from its card.
    await hamburger.click();
    await drawer.getByRole('menuitem', { name: /工作台/ }).click();
    await page.waitForURL(`${docket.url}/`);
    const card = page.getByTestId('case-card').first();
    const number = (await card.getByRole('link').first().textContent())!.trim();
    await card.getByRole('link', { name: number }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByTestId('case-form').locator('.fjs-form-field').first().waitFor();
    expect(await page.getByTestId('case-number').textContent()).toContain(number);
    expect(await sidewaysOverflow(page), 'case view').toEqual([]);
    await screenshot(page, 'case-view-390');

    // Sign out from the drawer.
    await hamburger.click();
    await drawer.getByRole('button', { name: /退出登录/ }).click();
    await page.waitForURL(/\/sign-in/);
    expect(await sidewaysOverflow(page), 'sign-in').toEqual([]);
  }, 300_000);

  it('closes the drawer with Escape and gives focus back to the menu button', async () => {
    await signIn('agent.bj', DEMO_PASSWORD);
    const hamburger = page.getByRole('button', { name: '打开菜单' });
    await hamburger.focus();
    await page.keyboard.press('Enter');
    await page
      .locator('#docket-menu-drawer')
      .getByRole('menuitem', { name: /工作台/ })
      .waitFor();
    expect(await hamburger.getAttribute('aria-expanded')).toBe('true');
    // Focus moves into the drawer (a modal dialog), so Escape reaches it.
    await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('.ant-drawer'))).toBe(true);
    await page.keyboard.press('Escape');
    await page.locator('#docket-menu-drawer').waitFor({ state: 'hidden' });
    await expect.poll(() => hamburger.evaluate((e) => e === document.activeElement)).toBe(true);
  });
});

describe('from the keyboard', () => {
  it('Tabs from the text filter through every filter, the date filters included, to the cases table', async () => {
    await page.setViewportSize(DESKTOP);
    await signIn('agent.bj', DEMO_PASSWORD);
    await page.locator('.ant-table-row').first().waitFor();
    await page.getByLabel('标题或编号').focus();
    const path: string[] = [];
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      path.push(await focused());
      reached = await page.evaluate(() => !!document.activeElement?.closest('.ant-table-tbody'));
    }
    expect(reached, `focus went: ${path.join(' → ')}`).toBe(true);
    for (const filter of ['创建时间', '创建截止', '到期时间', '到期截止'])
      expect(
        path.some((p) => p.includes(`[${filter}]`)),
        `${filter} in ${path.join(' → ')}`,
      ).toBe(true);
  });

  it('at 390 px Tabs from the filters to the card list', async () => {
    await page.setViewportSize(PHONE);
    await page.reload();
    await page.getByTestId('case-card').first().waitFor();
    await page.getByLabel('到期截止').focus();
    const path: string[] = [];
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      path.push(await focused());
      reached = await page.evaluate(() => !!document.activeElement?.closest('[data-testid=case-cards]'));
    }
    expect(reached, `focus went: ${path.join(' → ')}`).toBe(true);
    await page.setViewportSize(DESKTOP);
  });

  it('offers a skip link first, which moves focus to the content, and shows where focus is', async () => {
    await page.goto(`${docket.url}/`);
    await page.locator('.ant-table-row').first().waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: '跳到主要内容' });
    expect(await skip.evaluate((e) => e === document.activeElement)).toBe(true);
    const box = (await skip.boundingBox())!;
    expect(box.y, 'the focused skip link is on screen').toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    // The next Tab lands inside the content, not back in the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main') && !document.activeElement?.closest('header'))).toBe(true);
    // A keyboard-focused button has a visible focus ring.
    const ring = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement;
      const style = getComputedStyle(e);
      return { outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(ring.outline).not.toBe('none');
    expect(ring.width).toBeGreaterThan(0);
  });

  it('returns focus to the button that opened a dialog when it closes', async () => {
    const save = page.getByTestId('save-filter');
    await save.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('filter-name').waitFor();
    await expect.poll(() => page.getByTestId('filter-name').evaluate((e) => e === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('filter-name').waitFor({ state: 'hidden' });
    await expect.poll(() => save.evaluate((e) => e === document.activeElement)).toBe(true);
  });

  it('logged no browser console errors', () => {
    expect(watch.errors).toEqual([]);
  });
});
