import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, signInThroughConsole } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 20, part B: the management cockpit and the drill-down, on the demo's data (the read
// model is rebuilt at start). The Beijing supervisor sees Beijing and its sub-branch side by
// side, clicks a figure and lands on the cases behind it, then opens one; on a phone the cockpit
// has no sideways scroll; marketing (no analytics:read) has no analytics menu entry.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(async () => {
  ({ docket, page, watch } = session);
  // Two shared cores: a screen may take longer than the shared 15 s to render.
  page.setDefaultTimeout(45_000);
});

const signIn = (username: string) => signInThroughConsole(page, docket.url, username, DEMO_PASSWORD);

/** Opens the cockpit over a whole year, so the demo's cases all count. */
async function openCockpit() {
  const to = new Date();
  const from = new Date(to.getTime() - 364 * 86_400_000);
  await page.goto(`${docket.url}/analytics?from=${from.toISOString().slice(0, 10)}&to=${to.toISOString().slice(0, 10)}`);
  await page.getByTestId('dash-kpis').waitFor();
  await page.getByTestId('dash-charts').waitFor();
}

describe('the cockpit and its drill-down', () => {
  it('shows the Beijing supervisor the branch with its sub-branch side by side, KPIs with the previous period, charts with tables', async () => {
    await page.setViewportSize(DESKTOP);
    await signIn('supervisor.bj');
    // The analytics entry fits the 1366 px header beside the others.
    await expect.poll(() => page.getByRole('menuitem', { name: '分析' }).isVisible()).toBe(true);
    await openCockpit();
    await expect.poll(() => page.getByTestId('cockpit-name').textContent()).toContain('北京');
    const units = page.getByTestId('cockpit-unit');
    await expect.poll(() => units.count()).toBeGreaterThan(0);
    expect(await units.first().textContent()).toContain('海淀');
    const created = Number(await page.getByTestId('kpi-created-value').textContent());
    expect(created).toBeGreaterThan(0);
    // Every chart has its table.
    for (const id of ['dash-volume', 'dash-by-type', 'dash-by-channel', 'dash-backlog-age']) {
      await expect.poll(() => page.getByTestId(`${id}-table`).count()).toBe(1);
    }
    await page.mouse.move(1, 1);
    await screenshot(page, 'analytics-cockpit');
  });

  it('opens the cases behind the created figure from the keyboard, as case cards linking to the cases', async () => {
    const created = Number(await page.getByTestId('kpi-created-value').textContent());
    await page.getByTestId('kpi-created-value').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/analytics\/drill\?/);
    expect(page.url()).toContain('metric=created');
    await page.getByTestId('drill-list').waitFor();
    await expect.poll(() => page.getByTestId('case-card').count()).toBe(Math.min(created, 50));
    await screenshot(page, 'analytics-drill');
    await page.getByTestId('case-card').first().getByRole('link').first().click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
  });

  it('fits a phone: no sideways scroll on the cockpit or the drill page', async () => {
    await page.setViewportSize(PHONE);
    await openCockpit();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.getByTestId('dash-backlog-age-table').getByRole('link').first().click();
    await page.waitForURL(/metric=backlog/);
    await page.getByTestId('drill-list').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
  });

  it('offers marketing, who may not read analytics, no analytics entry', async () => {
    await signIn('marketing');
    await page.getByRole('menu').first().waitFor();
    expect(await page.getByRole('menuitem', { name: '分析' }).count()).toBe(0);
    expect(watch.errors).toEqual([]);
  });
});
