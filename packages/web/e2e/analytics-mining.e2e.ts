import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DESKTOP, PHONE, apiAsUser, signInThroughConsole } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { DEMO_PASSWORD, screenshot, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 20, process mining: a Beijing agent works a few demo complaints through classify and
// handle; the Beijing supervisor opens the process map of complaint handling, switches it to
// time, reads the steps and variants tables, and downloads the XES event log. On a phone the page
// does not scroll sideways; an agent (analytics:read, not analytics:export) gets no export buttons.

const session = useDocketInChromium();
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;
beforeAll(async () => {
  ({ docket, page, watch } = session);
  // Two shared cores: a screen may take longer than the shared 15 s to render.
  page.setDefaultTimeout(45_000);
});

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const MINING_URL = () => `${docket.url}/analytics/process-mining?processKey=complaint-handling&from=${day(-89)}&to=${day(1)}`;

describe('process mining', () => {
  it('a Beijing agent works three demo complaints through classify and handle', async () => {
    const agent = await apiAsUser(docket, 'agent.bj', DEMO_PASSWORD);
    const { items } = await agent<{ items: { id: string; elementId: string; processKey: string; assignee: string | null }[] }>('GET', '/api/v1/tasks?assignee=me&limit=100');
    const classify = items.filter((task) => task.processKey === 'complaint-handling' && task.elementId === 'classify').slice(0, 3);
    expect(classify.length).toBeGreaterThan(0);
    for (const task of classify) {
      if (task.assignee === null) await agent('POST', `/api/v1/tasks/${task.id}/claim`);
      const done = await agent<{ id: string; processInstanceId: string }>('POST', `/api/v1/tasks/${task.id}/complete`, {});
      const next = await agent<{ items: { id: string; elementId: string; assignee: string | null }[] }>('GET', `/api/v1/tasks?processInstanceId=${done.processInstanceId}`);
      const handle = next.items.find((t) => t.elementId === 'handle');
      if (!handle) continue;
      if (handle.assignee === null) await agent('POST', `/api/v1/tasks/${handle.id}/claim`);
      await agent('POST', `/api/v1/tasks/${handle.id}/complete`, { variables: { resolution: 'resolved' } });
    }
  });

  it('the supervisor reads the process map, its steps and variants, switches to time, and exports XES', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'supervisor.bj', DEMO_PASSWORD);
    await page.goto(MINING_URL());
    const result = page.getByTestId('mining-result');
    await result.waitFor();
    await page.getByTestId('mining-map').locator('canvas').first().waitFor();
    // The projector catches up after commit: the step the agent completed appears within seconds.
    await expect
      .poll(
        async () => {
          await page.reload();
          await page.getByTestId('mining-steps').waitFor();
          return (await page.getByTestId('mining-steps').textContent()) ?? '';
        },
        { timeout: 60_000, interval: 2000 },
      )
      .toContain('投诉处理');
    expect(await page.getByTestId('mining-variants').locator('tbody tr').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('mining-conformance').textContent()).toContain('符合已部署的模型');
    await screenshot(page, 'analytics-process-mining');

    // Time instead of frequency.
    await page.getByTestId('mining-measure').getByText('时长').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('measure')).toBe('time');

    // The export link downloads an XES log with the session cookie.
    const href = await page.getByTestId('mining-export-xes').getAttribute('href');
    expect(href).toContain('format=xes');
    const xes = await page.evaluate(async (url) => {
      const res = await fetch(url!);
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    }, href);
    expect(xes.status).toBe(200);
    expect(xes.type).toContain('application/xml');
    expect(xes.body).toContain('<trace>');
    expect(xes.body).toContain('xes.version="1849.2016"');
  });

  it('on a phone the page does not scroll sideways and the map stays inside it', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(MINING_URL());
    await page.getByTestId('mining-result').waitFor();
    await page.getByTestId('mining-map').locator('canvas').first().waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize(DESKTOP);
  });

  it('an agent may read the map but is offered no export', async () => {
    await signInThroughConsole(page, docket.url, 'agent.bj', DEMO_PASSWORD);
    await page.goto(MINING_URL());
    await page.getByTestId('mining-result').waitFor();
    expect(await page.getByTestId('mining-export-xes').count()).toBe(0);
    expect(watch.errors).toEqual([]);
  });
});
