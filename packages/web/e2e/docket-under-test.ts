import { afterAll, beforeAll, beforeEach, inject, onTestFailed } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
export const DEMO_PASSWORD = 'docket-demo-2026';
export const ADMIN_PASSWORD = 'admin-password-for-e2e';

/** What `npm start` runs: the compiled server (tools/build.mjs; `npm run test:e2e` builds it first). */
const BUILT_SERVER = fileURLToPath(new URL('../../server/dist/src/main.js', import.meta.url));

const START_TIMEOUT_MS = Number(process.env.DOCKET_E2E_START_TIMEOUT_MS ?? 420_000);

/** The built Docket as its own process on a random port over a fresh embedded PostgreSQL with the demo data. */
/** A Docket process the specs drive: where it listens, and how to stop it (SIGTERM, as an operator would). */
export interface DocketProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * `env`: more settings for this Docket (a spec's test SMTP server: DOCKET_SMTP_URL).
 * `copyOf`: the data directory of a stopped Docket (e2e/global-setup.ts) to start from a copy of,
 * instead of an empty one: the same seeded database without initdb, migrations and the seed again.
 */
export async function startDocketUnderTest(env: Record<string, string> = {}, options: { copyOf?: string } = {}): Promise<{ docket: DocketProcess; dataDir: string }> {
  if (!existsSync(BUILT_SERVER)) throw new Error(`${BUILT_SERVER} is missing: run \`node tools/build.mjs\``);
  // A spec that reaches the embedded database names the data directory itself (DOCKET_DATA_DIR).
  const dataDir = env.DOCKET_DATA_DIR ?? (await mkdtemp(path.join(tmpdir(), 'docket-e2e-')));
  if (options.copyOf) copyDataDir(options.copyOf, dataDir);
  const child = spawn(process.execPath, [BUILT_SERVER], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DOCKET_DATA_DIR: dataDir,
      DOCKET_EMBEDDED_PG_PORT: String(await freePort()),
      DOCKET_SEED_DEMO: 'true',
      // Demo users get a random password unless one is set: the specs sign in with this one.
      DOCKET_DEMO_PASSWORD: DEMO_PASSWORD,
      DOCKET_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DOCKET_AUDIT_WITNESS_FILE: path.join(dataDir, 'tree-heads.jsonl'),
      LOG_LEVEL: 'warn',
      // A spec signs in (console and API) more than the default 20 times a minute from one address,
      // more so the faster it runs; the limit itself is the server tests' (sign-in-throttle).
      DOCKET_LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // The server prints its address once it listens (main.ts).
  const url = await new Promise<string>((resolve, reject) => {
    // A first start seeds the demo data: at a load of 20 on the two shared cores that took more
    // than 180 s (issue 16), a start on a seeded copy far less.
    const timer = setTimeout(() => reject(new Error(`Docket did not start within ${START_TIMEOUT_MS / 1000} s: ${output}`)), START_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const running = /Docket is running at (http:\/\/\S+)/.exec(output);
      if (running) {
        clearTimeout(timer);
        resolve(running[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Docket exited (${code}) before it was ready: ${output}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
  };
  return { docket: { url, stop }, dataDir };
}

/**
 * A port the OS says is free now, for the Docket's embedded PostgreSQL: with two specs at a time a
 * random one could be the other's, or one the kernel had just given an outgoing connection.
 */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Copies a stopped Docket's data directory. `cp -a`, not fs.cp: as root the embedded cluster's
 * files belong to the postgres user, and PostgreSQL refuses a data directory it does not own.
 */
function copyDataDir(from: string, to: string): void {
  const copied = spawnSync('cp', ['-a', `${from}/.`, to], { encoding: 'utf8' });
  if (copied.status !== 0) throw new Error(`could not copy ${from} to ${to}: ${copied.stderr}`);
  // The source's PostgreSQL is stopped, so a postmaster.pid left in it is stale; PostgreSQL refuses
  // to start over one whose PID has since been reused by another process (seen in a run).
  rmSync(path.join(to, 'postgres', 'postmaster.pid'), { force: true });
}

/**
 * Starts Docket on an empty data directory (initdb, migrations, demo seed), stops it and returns
 * the directory: the e2e global setup does this once per run, and each spec without settings of
 * its own starts its own Docket on a copy (useDocketInChromium).
 */
export async function prepareSeededDataDir(): Promise<string> {
  const { docket, dataDir } = await startDocketUnderTest();
  await docket.stop();
  return dataDir;
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's Chromium with a fresh, empty profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; profileDir: string }> {
  const profileDir = await mkdtemp(path.join(tmpdir(), 'docket-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
  });
  return { context, profileDir };
}

export interface ConsoleWatch {
  errors: string[];
  /** Declares that the next error answer to a URL containing `urlPart` is provoked on purpose. */
  expectErrorResponse(urlPart: string, status: number): void;
}

/**
 * Collects browser console errors and page errors. Chromium logs every 4xx answer as
 * "Failed to load resource"; those count unless the test provoked that answer on purpose.
 */
export function watchConsole(page: Page): ConsoleWatch {
  const errors: string[] = [];
  const expected: { urlPart: string; status: number }[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const at = message.location().url;
    const index = expected.findIndex((e) => at.includes(e.urlPart) && message.text().includes(`status of ${e.status}`));
    if (message.text().startsWith('Failed to load resource') && index >= 0) {
      expected.splice(index, 1);
      return;
    }
    errors.push(`${message.text()} (${at})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return { errors, expectErrorResponse: (urlPart, status) => expected.push({ urlPart, status }) };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(() => undefined);
}

export interface DocketInChromium {
  docket: DocketProcess;
  page: Page;
  watch: ConsoleWatch;
}

/**
 * Registers the hooks every spec needs: Docket on its own embedded database with the demo data
 * (a copy of the one the global setup seeded, or seeded afresh under the spec's env), one Chromium page with its console watched, a picture of the page when a test fails, and
 * everything removed afterwards. The returned object is filled in by the time tests run.
 */
export function useDocketInChromium(options: { env?: () => Record<string, string>; seed?: 'copy' | 'own' } = {}): DocketInChromium {
  const session = {} as DocketInChromium;
  let dataDir = '';
  let profileDir = '';
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    let docket: DocketProcess;
    // A spec with settings of its own seeds its own database under them, unless it says those
    // settings leave what the seed writes unchanged (`seed: 'copy'`): a seed costs a start of
    // 30 s or more on the loaded CI machine, a copy a few seconds.
    const seeded = (options.seed ?? (options.env ? 'own' : 'copy')) === 'copy' ? inject('seededDataDir') : undefined;
    ({ docket, dataDir } = await startDocketUnderTest(options.env?.(), { copyOf: seeded || undefined }));
    ({ context, profileDir } = await launchChromium());
    const page: Page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    Object.assign(session, { docket, page, watch: watchConsole(page) });
  });
  // A failing step leaves a picture of the page behind (outside docs/).
  beforeEach((test) => {
    onTestFailed(async () => {
      await session.page?.screenshot({ path: `/tmp/docket-e2e-failed-${test.task.name.slice(0, 40).replace(/\W+/g, '-')}.png` }).catch(() => undefined);
    });
  });
  afterAll(async () => {
    await context?.close();
    await session.docket?.stop();
    await removeDir(profileDir);
    await removeDir(dataDir);
  });
  return session;
}

// Specs written before console-steps.ts import it from here.
export { signInThroughConsole } from './console-steps.ts';
