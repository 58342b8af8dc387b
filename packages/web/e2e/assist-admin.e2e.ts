import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, signInThroughConsole } from './console-steps.ts';
import { ADMIN_PASSWORD, DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch, type DocketProcess } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 22, part H: the administrator reads the assistance settings and the report, in Chinese,
// on a desk and on a phone without sideways scroll, reaching the save button by keyboard; a
// supervisor reads the report but is offered no settings; an agent is offered neither.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
const bodyText = () => page.evaluate(() => document.body.innerText);

beforeAll(() => {
  ({ docket, page, watch } = session);
  page.setDefaultTimeout(45_000);
});

describe('assistance settings and report', () => {
  it('shows the administrator each case type’s settings and the models, in words, and fits a phone', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${docket.url}/admin/assist`);
    await page.getByTestId('assist-models').waitFor();
    // The models are named by what they suggest, not by their label keys.
    await page.getByTestId('assist-models').getByText('工单类型', { exact: true }).waitFor();
    const labels = await page.getByTestId('assist-models').locator('tbody tr td:first-child').allInnerTexts();
    expect(labels).toContain('风险等级');
    expect(labels.filter((label) => /^[A-Za-z]+$/.test(label))).toEqual([]);
    // Each case type's settings fold out from its header, by keyboard.
    const complaintHeader = page.getByTestId('assist-settings').getByRole('button', { name: /^投诉 Complaint/ });
    await complaintHeader.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('assist-settings-complaint').waitFor();
    const text = await bodyText();
    expect(text).toContain('智能辅助设置');
    // No raw i18n keys or API codes on the screen.
    expect(text).not.toMatch(/assistAdmin\.|assist-off|below-threshold/);
    // The save button is reached by keyboard.
    const save = page.getByTestId('assist-settings-save-complaint');
    await save.focus();
    expect(await save.evaluate((el) => el === document.activeElement)).toBe(true);
    await screenshot(page, 'assist-settings');
    await page.setViewportSize(PHONE);
    await page.getByTestId('assist-settings-complaint').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(watch.errors).toEqual([]);
  });

  it('shows the report with its figures in words, and fits a phone', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${docket.url}/analytics/assist`);
    await page.getByTestId('assist-report-kpis').waitFor();
    const text = await bodyText();
    expect(text).toContain('智能辅助报表');
    expect(text).not.toMatch(/assistAdmin\./);
    await screenshot(page, 'assist-report');
    await page.setViewportSize(PHONE);
    await page.getByTestId('assist-report-kpis').waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    expect(watch.errors).toEqual([]);
  });

  it('lets a supervisor read the report without a way to the settings, and offers an agent neither', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'supervisor.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/analytics/assist`);
    await page.getByTestId('assist-report-kpis').waitFor();
    expect(await page.getByTestId('assist-settings-link').count()).toBe(0);
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    await page.goto(`${docket.url}/admin/assist`);
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('assist-settings').count()).toBe(0);
    await page.goto(`${docket.url}/analytics/assist`);
    await page.waitForLoadState('networkidle');
    expect(await page.getByTestId('assist-report-kpis').count()).toBe(0);
  });
});
