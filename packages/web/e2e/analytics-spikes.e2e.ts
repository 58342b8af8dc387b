import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apiAsUser, DESKTOP, PHONE } from './console-steps.ts';
import type { DocketProcess } from './docket-under-test.ts';
import { ADMIN_PASSWORD, screenshot, signInThroughConsole, useDocketInChromium, type ConsoleWatch } from './docket-under-test.ts';
import { sidewaysOverflow } from './accessibility.ts';

// Issue 20, part D: an analytics administrator runs the shipped spike rule after a burst of fee
// complaints today, sees the risk case it opened, and reads the spike's chart (same weekday, week by
// week, against the baseline and the threshold) on a desktop and a phone. The complaints are made
// through the API; the read model is rebuilt from the domain tables (the projector is part A's).

const dataDir = await mkdtemp(path.join(tmpdir(), 'docket-e2e-spikes-'));
const pgPort = 20_000 + Math.floor(Math.random() * 20_000);
const session = useDocketInChromium({ env: () => ({ DOCKET_DATA_DIR: dataDir, DOCKET_EMBEDDED_PG_PORT: String(pgPort) }), seed: 'copy' });
let docket: DocketProcess;
let page: Page;
let watch: ConsoleWatch;

beforeAll(async () => {
  ({ docket, page, watch } = session);
  page.setDefaultTimeout(45_000);
  const admin = await apiAsUser(docket, 'admin', ADMIN_PASSWORD);
  const departments = await admin<{ items: { id: string; code: string }[] }>('GET', '/api/v1/departments');
  const bj = departments.items.find((d) => d.code === 'BJ')!.id;
  for (let i = 0; i < 12; i++) {
    await admin('POST', '/api/v1/cases', {
      type: 'complaint',
      title: `客户投诉不明扣费（${i + 1}）`,
      channel: 'phone',
      departmentId: bj,
      fields: { customerName: '张三', phone: '13812345678', category: 'fees', description: '账户被收取不明费用' },
    });
  }
  const password = (await readFile(path.join(dataDir, 'postgres-owner.password'), 'utf8')).trim();
  // The server's own rebuild, from its sources (by a path the console's typecheck does not follow:
  // it does not compile the server, whose Fastify plugins' types it lacks).
  const server = path.resolve(import.meta.dirname, '../../server/src');
  const { rebuildReadModel } = (await import(`${server}/modules/analytics/read-model/index.ts`)) as { rebuildReadModel(db: unknown): Promise<number> };
  const { openDatabase } = (await import(`${server}/platform/db/database.ts`)) as { openDatabase(url: string, size: number): { db: unknown; close(): Promise<void> } };
  const database = openDatabase(`postgres://docket_owner:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/docket`, 2);
  try {
    expect(await rebuildReadModel(database.db)).toBeGreaterThan(200);
  } finally {
    await database.close();
  }
});

describe('spike warnings', () => {
  it('runs the shipped rule, opens one risk case for the burst, and shows its chart and figures', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'admin', ADMIN_PASSWORD);
    await page.goto(`${docket.url}/analytics/spikes`);
    await page.getByRole('tab', { name: '预警规则' }).click();
    const rules = page.getByTestId('spike-rules');
    await expect.poll(() => rules.getByText('complaint-category-daily').count()).toBe(1);
    // From the keyboard: the run button of the shipped rule, focused and pressed.
    const run = page.getByRole('button', { name: /立即运行「投诉类别日激增/ });
    await run.focus();
    await page.keyboard.press('Enter');
    const evaluation = page.getByTestId('spike-evaluation');
    await expect.poll(() => evaluation.getByText(/已开立 SPK-/).count()).toBe(1);
    await expect.poll(() => evaluation.getByText('收费 Fees').count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');

    await page.getByRole('tab', { name: '已发现的激增' }).click();
    const card = page.getByTestId('spike-card').first();
    await expect.poll(() => card.getByText(/共|件，基线均值/).count()).toBeGreaterThan(0);
    await expect.poll(() => card.getByText('收费 Fees').count()).toBe(1);
    await card.getByTestId('spike-chart').waitFor();
    await expect.poll(() => card.getByRole('link', { name: /^SPK-/ }).count()).toBe(1);
    await page.mouse.move(1, 1);
    await screenshot(page, 'analytics-spikes');

    // Run again: the same spike, no second case.
    await page.getByRole('tab', { name: '预警规则' }).click();
    await page.getByRole('button', { name: /立即运行「投诉类别日激增/ }).click();
    await expect
      .poll(() =>
        page
          .getByTestId('spike-evaluation')
          .getByText(/此前已开立 SPK-/)
          .count(),
      )
      .toBe(1);
    await page.keyboard.press('Escape');
    const spikes = await (await apiAsUser(docket, 'admin', ADMIN_PASSWORD))<{ items: unknown[] }>('GET', '/api/v1/analytics/spikes');
    expect(spikes.items).toHaveLength(1);

    await page.setViewportSize(PHONE);
    await page.getByRole('tab', { name: '已发现的激增' }).click();
    await page.getByTestId('spike-chart').first().waitFor();
    expect(await sidewaysOverflow(page)).toEqual([]);
    await screenshot(page, 'analytics-spikes-phone');
    expect(watch.errors).toEqual([]);
  });

  it('offers an agent the spikes screen without rule changes', async () => {
    await page.setViewportSize(DESKTOP);
    await signInThroughConsole(page, docket.url, 'agent.bj', 'docket-demo-2026');
    await page.goto(`${docket.url}/analytics/spikes`);
    await page.getByRole('tab', { name: '预警规则' }).click();
    await expect.poll(() => page.getByTestId('spike-rules').getByText('complaint-category-daily').count()).toBe(1);
    expect(await page.getByTestId('new-spike-rule').count()).toBe(0);
    expect(await page.getByRole('button', { name: /立即运行/ }).count()).toBe(0);
  });
});
