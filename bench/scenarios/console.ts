// The web console in the same Debian Chromium the browser tests drive (playwright-core):
//   - the workspace's first meaningful paint: navigation to "/" until the cases table has rows;
//   - the case view's load for a case with 500 timeline events (500 comments added through the
//     API, each an audit event): navigation until header, form and conversation are rendered, and
//     the timeline tab until all its events are on screen;
//   - the gzip size of the JavaScript the sign-in and the workspace screens load (every script
//     response, gzipped here at level 9 so the figure does not depend on the server's encoding),
//     and the bytes that actually crossed the network for them (the server's br/gzip, issue 12).
//
// Call it from bench/run.ts (or alone):
//   import { measureConsole } from './scenarios/console.ts';
//   await measureConsole();                                  // starts its own Docket (embedded PostgreSQL, demo data)
//   await measureConsole({ url, adminPassword });            // against a running Docket with the console built
// Alone: node --import tsx bench/scenarios/console.ts
// The console must be built first (npm run build -w @docket/web). Results: bench/results/console.json.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const CONSOLE_RESULTS = path.resolve(here, '../results/console.json');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ConsoleOptions {
  /** A running Docket serving the built console; without it one is started (embedded PostgreSQL, demo data). */
  url?: string;
  adminPassword?: string;
  chromiumPath?: string;
  /** Repetitions of each timing; the median is reported. @default 5 */
  runs?: number;
  timelineEvents?: number;
  resultsPath?: string;
}

export interface ConsoleResults {
  at: string;
  chromium: string;
  viewport: { width: number; height: number };
  workspaceFirstMeaningfulPaintMs: { median: number; runs: number[] };
  caseViewLoadMs: { median: number; runs: number[]; timelineEvents: number };
  caseTimelineRenderMs: { median: number; runs: number[]; timelineEvents: number };
  javascriptGzipBytes: { signIn: number; workspace: number; signInFiles: number; workspaceFiles: number; workspaceAdditional: number };
  /** Response body bytes on the wire, as the server encoded them (Content-Encoding br when precompressed). */
  javascriptTransferBytes?: { signIn: number; workspace: number };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Signs in through the API and returns a fetch carrying the session cookie and CSRF token. */
async function apiSession(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('docket_csrf='))?.split('=')[1] ?? '');
  return (p: string, init: RequestInit = {}) =>
    fetch(`${url}${p}`, { ...init, headers: { cookie: cookies.join('; '), 'x-csrf-token': csrf, 'content-type': 'application/json', ...(init.headers ?? {}) } });
}

/** A demo case with `events` more audit events: comments, added a few at a time. */
async function caseWithTimeline(call: Awaited<ReturnType<typeof apiSession>>, events: number): Promise<string> {
  const list = (await (await call('/api/v1/cases?limit=1&type=complaint')).json()) as { items: { id: string }[] };
  const id = list.items[0]?.id;
  if (!id) throw new Error('no case to add a timeline to: seed the demo data');
  let next = 0;
  const worker = async () => {
    while (next < events) {
      const i = next++;
      const res = await call(`/api/v1/cases/${id}/comments`, { method: 'POST', body: JSON.stringify({ body: `基准测试备注 ${i + 1}`, visibility: i % 2 ? 'public' : 'internal' }) });
      if (!res.ok) throw new Error(`comment ${i}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return id;
}

/** Records every script the page loads while `action` runs, and their gzip sizes (and in `wire`, the bytes transferred). */
async function scriptsDuring(page: Page, action: () => Promise<void>, wire = new Map<string, number>()): Promise<Map<string, number>> {
  const scripts = new Map<string, number>();
  const pending: Promise<void>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    if (response.request().resourceType() !== 'script') return;
    pending.push(
      response.body().then(
        (body) => void scripts.set(response.url(), gzipSync(body, { level: 9 }).length),
        () => undefined,
      ),
      response
        .request()
        .sizes()
        .then(
          (sizes) => void wire.set(response.url(), sizes.responseBodySize),
          () => undefined,
        ),
    );
  };
  page.on('response', onResponse);
  await action();
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  page.off('response', onResponse);
  return scripts;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

export async function measureConsole(options: ConsoleOptions = {}): Promise<ConsoleResults> {
  const runs = options.runs ?? 5;
  const timelineEvents = options.timelineEvents ?? 500;
  let stop: (() => Promise<void>) | undefined;
  let url = options.url;
  let adminPassword = options.adminPassword ?? process.env.DOCKET_ADMIN_PASSWORD ?? '';
  if (!url) {
    const { startDocketUnderTest, ADMIN_PASSWORD } = await import('../../packages/web/e2e/docket-under-test.ts');
    const { docket, dataDir } = await startDocketUnderTest();
    url = docket.url;
    adminPassword = ADMIN_PASSWORD;
    stop = async () => {
      await docket.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const browser = await chromium.launch({ executablePath: options.chromiumPath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  const viewport = { width: 1366, height: 768 };
  try {
    const call = await apiSession(url, 'admin', adminPassword);
    const caseId = await caseWithTimeline(call, timelineEvents);

    // JavaScript of sign-in, then of the workspace (a fresh context: nothing cached).
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    const signInWire = new Map<string, number>();
    const workspaceWire = new Map<string, number>();
    const signInScripts = await scriptsDuring(
      page,
      async () => {
        await page.goto(`${url}/sign-in`);
        await page.getByLabel('用户名').waitFor();
      },
      signInWire,
    );
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(adminPassword);
    const workspaceScripts = await scriptsDuring(
      page,
      async () => {
        await page.getByRole('button', { name: /登\s*录/ }).click();
        await page.locator('.ant-table-row').first().waitFor();
      },
      workspaceWire,
    );
    const allWorkspace = new Map([...signInScripts, ...workspaceScripts]);

    // Timings, each after a full reload with a warm HTTP cache, as an agent opens the console each morning.
    const fmp: number[] = [];
    const caseLoad: number[] = [];
    const timeline: number[] = [];
    for (let i = 0; i < runs; i++) {
      let start = Date.now();
      await page.goto(`${url}/`, { waitUntil: 'commit' });
      await page.locator('.ant-table-row').first().waitFor();
      fmp.push(Date.now() - start);

      start = Date.now();
      await page.goto(`${url}/cases/${caseId}`, { waitUntil: 'commit' });
      await page.getByTestId('case-number').waitFor();
      await page.getByTestId('case-form').locator('.fjs-form-field').first().waitFor();
      await page.getByTestId('comment').first().waitFor();
      caseLoad.push(Date.now() - start);

      start = Date.now();
      await page.getByRole('tab', { name: '时间线' }).click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=timeline-event]').length >= n, timelineEvents);
      timeline.push(Date.now() - start);
    }
    await context.close();

    const results: ConsoleResults = {
      at: new Date().toISOString(),
      chromium: browser.version(),
      viewport,
      workspaceFirstMeaningfulPaintMs: { median: median(fmp), runs: fmp },
      caseViewLoadMs: { median: median(caseLoad), runs: caseLoad, timelineEvents },
      caseTimelineRenderMs: { median: median(timeline), runs: timeline, timelineEvents },
      javascriptGzipBytes: {
        signIn: sum(signInScripts),
        signInFiles: signInScripts.size,
        workspace: sum(allWorkspace),
        workspaceFiles: allWorkspace.size,
        workspaceAdditional: sum(workspaceScripts),
      },
      javascriptTransferBytes: { signIn: sum(signInWire), workspace: sum(new Map([...signInWire, ...workspaceWire])) },
    };
    const out = options.resultsPath ?? CONSOLE_RESULTS;
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
    return results;
  } finally {
    await browser.close();
    await stop?.();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  measureConsole()
    .then((r) => {
      process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
      process.exit(0);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    });
}
