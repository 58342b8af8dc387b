import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../seed/case-types.ts';
import { complaint } from '../../helpers/factories.ts';
import { withDatabase } from '../../helpers/global-setup.ts';

// Issue 13: production runs compiled JavaScript. `npm start` runs node on the build, with no
// TypeScript loader in the process (its worker thread included); `docket` runs from outside the
// checkout; dist/docket-verify.js verifies a bundle with nothing installed beside it.
const REPO_ROOT = path.resolve(import.meta.dirname, '../../../../..');
const VERIFY_BUNDLE = path.join(REPO_ROOT, 'dist/docket-verify.js');
const ADMIN_PASSWORD = 'build-test-admin-password';
const scratch = mkdtempSync(path.join(tmpdir(), 'docket-build-'));
const dbName = `docket_build_${process.pid}`;
const serverUrl = inject('pgServerUrl');
const databaseUrl = withDatabase(serverUrl, dbName);

// Filled in by beforeAll, which runs the built server once through `npm start`.
let serverPid = 0;
let cmdline: string[] = [];
let environ: Record<string, string> = {};
let debugOutput = '';
let bundleText = '';
let publicKeyPem = '';

/** What NODE_DEBUG=esm,module says process `pid` loaded: every file path or file: URL it names. */
function filesLoadedBy(output: string, pid: number): string[] {
  const files = new Set<string>();
  for (const line of output.split('\n')) {
    if (!line.startsWith(`ESM ${pid}:`) && !line.startsWith(`MODULE ${pid}:`)) continue;
    for (const [found] of line.matchAll(/(?:file:\/\/)?\/[^\s'",)?]+\.(?:[cm]?[jt]sx?|json|node)\b/g)) files.add(found.replace(/^file:\/\//, ''));
  }
  return [...files];
}
const isTypeScriptLoader = (file: string) => file.includes('/node_modules/tsx/') || /\.[cm]?tsx?$/.test(file);

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, child: ChildProcess, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}) before ${what}`);
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs the verifier the way an auditor does: plain node, in a directory holding nothing else. */
function runVerifyBundleAlone(dir: string, args: string[]) {
  const result = spawnSync(process.execPath, ['docket-verify.js', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  // given a build no older than the sources (a few milliseconds when nothing changed)
  const build = spawnSync(process.execPath, [path.join(REPO_ROOT, 'tools/build.mjs'), '--if-stale'], { encoding: 'utf8', timeout: 280_000 });
  if (build.status !== 0) throw new Error(`build failed: ${build.stdout}${build.stderr}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();

  // when the server package's `npm start` runs (the root's delegates to it), with every module load logged
  const { NODE_OPTIONS: _inherited, ...env } = process.env;
  const npm = spawn('npm', ['start', '-w', '@docket/server'], {
    cwd: REPO_ROOT,
    detached: true,
    env: {
      ...env,
      NODE_DEBUG: 'esm,module',
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      // Port 0, read back from the banner: a port picked here could be taken before the server listens.
      PORT: '0',
      DOCKET_DATA_DIR: path.join(scratch, 'data'),
      DOCKET_SEED_DEMO: 'false',
      DOCKET_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DOCKET_AUDIT_WITNESS_FILE: path.join(scratch, 'tree-heads.jsonl'),
      DOCKET_AUDIT_WITNESS_NATS: 'off',
      DOCKET_AUDIT_SIGN_INTERVAL_MS: '100',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  npm.stdout!.on('data', (d: Buffer) => chunks.push(d));
  npm.stderr!.on('data', (d: Buffer) => chunks.push(d));
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  try {
    const port = await waitFor('the banner', async () => /Docket is running at http:\/\/localhost:(\d+)/.exec(Buffer.concat(chunks).toString())?.[1], npm);
    const base = `http://127.0.0.1:${port}`;
    await waitFor('/readyz', async () => ((await fetch(`${base}/readyz`)).ok ? true : undefined), npm);
    // The node process npm's shell started (whatever its arguments: they are what is checked below).
    serverPid = descendantsOf(npm.pid!).find((pid) => readlinkSync(`/proc/${pid}/exe`) === realpathSync(process.execPath)) ?? 0;
    expect(serverPid).toBeGreaterThan(0);
    cmdline = readFileSync(`/proc/${serverPid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    environ = Object.fromEntries(
      readFileSync(`/proc/${serverPid}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );

    // and it does real work: a case whose audit events the sequencer's worker thread hashes into the ledger
    const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    // The case type's default queue exists first (issue 17: case types name queues that exist).
    expect((await fetch(`${base}/api/v1/queues`, { method: 'POST', headers, body: JSON.stringify({ key: 'service', name: 'Service' }) })).status).toBe(201);
    const type = await fetch(`${base}/api/v1/case-types`, { method: 'POST', headers, body: JSON.stringify(SEED_CASE_TYPES.find((t) => t.key === 'complaint')) });
    expect(type.status).toBe(201);
    const created = await fetch(`${base}/api/v1/cases`, { method: 'POST', headers, body: JSON.stringify(complaint()) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    bundleText = await waitFor(
      'the evidence bundle',
      async () => {
        const res = await fetch(`${base}/api/v1/cases/${id}/evidence`, { headers });
        return res.status === 200 ? res.text() : undefined;
      },
      npm,
      30_000,
    );
    publicKeyPem = ((await (await fetch(`${base}/api/v1/audit/public-key`)).json()) as { publicKey: string }).publicKey;
  } finally {
    process.kill(serverPid || -npm.pid!, 'SIGTERM');
    const killer = setTimeout(() => process.kill(-npm.pid!, 'SIGKILL'), 30_000);
    await exited;
    clearTimeout(killer);
    debugOutput = Buffer.concat(chunks).toString('utf8');
  }
}, 300_000);

afterAll(async () => {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.end();
  rmSync(scratch, { recursive: true, force: true });
});

describe('npm start', () => {
  it('runs node on the compiled server, with no loader in its arguments or environment', () => {
    const manifest = (dir: string) => JSON.parse(readFileSync(path.join(REPO_ROOT, dir, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    // npm install builds; the root's npm start is the server package's; tsx is not installed for production.
    expect(manifest('.').scripts.prepare).toBe('node tools/build.mjs');
    expect(manifest('.').scripts.start).toBe('npm run start -w @docket/server');
    expect(manifest('packages/server').dependencies).not.toHaveProperty('tsx');
    expect(path.basename(cmdline[0]!)).toBe('node');
    expect(cmdline.slice(1)).toEqual(['dist/src/main.js']);
    expect(environ.NODE_OPTIONS ?? '').not.toMatch(/tsx|--import|--loader|--require/);
  });

  it('loads compiled JavaScript only, in the main thread and the audit worker thread, and never tsx', () => {
    const loaded = filesLoadedBy(debugOutput, serverPid);
    expect(loaded.filter(isTypeScriptLoader)).toEqual([]);
    expect(loaded).toContain(path.join(REPO_ROOT, 'packages/server/dist/src/main.js'));
    // The worker thread's entry: a .js file beside its caller, loaded by plain Node.
    expect(loaded).toContain(path.join(REPO_ROOT, 'packages/server/dist/src/modules/audit/sequencer-worker.js'));
    // @docket/verify by name, resolved to its build.
    expect(loaded).toContain(path.join(REPO_ROOT, 'packages/verify/dist/index.js'));
  });

  it('(the module log does show tsx when a process loads it)', () => {
    const withTsx = spawnSync(process.execPath, ['--import', 'tsx', '-e', '0'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'esm,module' } });
    expect(withTsx.status).toBe(0);
    expect(filesLoadedBy(withTsx.stderr, withTsx.pid!).filter(isTypeScriptLoader).length).toBeGreaterThan(0);
  });
});

describe('docket', () => {
  it('runs from a directory outside the checkout, through the bin npm linked', () => {
    const bin = path.join(REPO_ROOT, 'node_modules/.bin/docket');
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    const elsewhere = mkdtempSync(path.join(scratch, 'elsewhere-'));
    const { NODE_OPTIONS: _inherited, ...env } = process.env;
    const result = spawnSync(bin, ['migrate'], { cwd: elsewhere, encoding: 'utf8', timeout: 60_000, env: { ...env, DATABASE_URL: databaseUrl, DOCKET_DATA_DIR: path.join(scratch, 'data') } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('migrations are up to date');
    expect(result.status).toBe(0);
  });
});

describe('dist/docket-verify.js, copied alone into an empty directory', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'docket-auditor-'));
    // Nothing beside it, nothing above it: no package.json, no node_modules to lean on.
    for (let up = dir; path.dirname(up) !== up; up = path.dirname(up)) {
      expect(existsSync(path.join(up, 'package.json')), `${up}/package.json`).toBe(false);
      expect(existsSync(path.join(up, 'node_modules')), `${up}/node_modules`).toBe(false);
    }
    copyFileSync(VERIFY_BUNDLE, path.join(dir, 'docket-verify.js'));
    writeFileSync(path.join(dir, 'key.pem'), publicKeyPem);
    writeFileSync(path.join(dir, 'bundle.json'), bundleText);
    const tampered = Buffer.from(bundleText);
    const at = bundleText.indexOf('"rootHash"') + 15;
    tampered[at] = tampered[at]! ^ 0x01;
    writeFileSync(path.join(dir, 'tampered.json'), tampered);
    writeFileSync(path.join(dir, 'not-a-bundle.json'), JSON.stringify({ format: 'docket.audit.tree-head/v1' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies a bundle from the built server: exit 0', () => {
    const result = runVerifyBundleAlone(dir, ['--public-key', 'key.pem', 'bundle.json']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('VERIFIED: the evidence bundle bundle.json');
    expect(result.stdout).not.toContain('NOT VERIFIED');
    expect(result.status).toBe(0);
  });

  it('refuses a tampered bundle: exit 1', () => {
    const result = runVerifyBundleAlone(dir, ['--public-key', 'key.pem', 'tampered.json']);
    expect(result.stdout).toContain('NOT VERIFIED: the evidence bundle tampered.json');
    expect(result.status).toBe(1);
  });

  it('could not run on a missing file, a file that is not a bundle, or wrong arguments: exit 2', () => {
    const missing = runVerifyBundleAlone(dir, ['missing.json']);
    expect(missing.stdout).toContain('missing.json is not readable JSON');
    // Said as a check that never ran, not as a verdict on evidence the verifier never read.
    expect(missing.stdout).toContain('COULD NOT CHECK the evidence bundle: nothing was verified');
    expect(missing.stdout).not.toContain('NOT VERIFIED');
    expect(missing.status).toBe(2);
    const notABundle = runVerifyBundleAlone(dir, ['not-a-bundle.json']);
    expect(notABundle.stdout).toContain('not-a-bundle.json is not a Docket evidence bundle');
    expect(notABundle.stdout).toContain('COULD NOT CHECK the evidence bundle: nothing was verified');
    expect(notABundle.stdout).not.toContain('NOT VERIFIED');
    expect(notABundle.status).toBe(2);
    const missingKey = runVerifyBundleAlone(dir, ['--public-key', 'no-such-key.pem', 'bundle.json']);
    expect(missingKey.stderr).toContain('no-such-key.pem');
    expect(missingKey.status).toBe(2);
    const usage = runVerifyBundleAlone(dir, ['--public-key']);
    expect(usage.stderr).toContain('--public-key needs a value');
    expect(usage.status).toBe(2);
  });
});
