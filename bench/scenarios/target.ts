// A benchmark target: one PostgreSQL (embedded or server) with a freshly migrated scratch
// database, a Docket server process on it, an admin bearer token and the seed case types.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SEED_CASE_TYPES } from '../../packages/server/seed/case-types.ts';
import { BENCH_QUEUES } from './data.ts';

export type TargetName = 'embedded' | 'server';

export interface Target {
  name: TargetName;
  /** Base URL of the running Docket, e.g. http://127.0.0.1:41234 */
  url: string;
  /** Direct connection string to the scratch database (for COPY, bulk load, EXPLAIN). */
  databaseUrl: string;
  /** The Docket process's data directory (its generated master key: in-process figures open the same key ring). */
  dataDir: string;
  token: string;
  adminId: string;
  postgresVersion: string;
  settings: Record<string, string>;
  dbPoolSize: number;
  /** The SQL statements (text and parameters) the server sent to PostgreSQL while fn ran. */
  recordQueries(fn: () => Promise<void>): Promise<RecordedQuery[]>;
  /** CPU time (user + system) the Docket process has used so far, ms. */
  serverCpuMs(): Promise<number>;
  stop(): Promise<void>;
}

export interface RecordedQuery {
  text: string;
  values: unknown[];
  /** Submission to answer, ms (when the query answered before the recording stopped). */
  ms?: number;
}

function cpuReaderFor(child: ChildProcess) {
  return () =>
    new Promise<number>((resolve) => {
      const onMessage = (message: { cpuMs?: number }) => {
        if (message.cpuMs === undefined) return;
        child.off('message', onMessage);
        resolve(message.cpuMs);
      };
      child.on('message', onMessage);
      child.send('cpu-usage');
    });
}

function recorderFor(child: ChildProcess) {
  return async (fn: () => Promise<void>): Promise<RecordedQuery[]> => {
    child.send('record-start');
    await fn();
    const answer = new Promise<RecordedQuery[]>((resolve) => {
      const onMessage = (message: { recorded?: RecordedQuery[] }) => {
        if (!message.recorded) return;
        child.off('message', onMessage);
        resolve(message.recorded);
      };
      child.on('message', onMessage);
    });
    child.send('record-stop');
    return answer;
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const ADMIN_PASSWORD = 'bench-admin-password-1';
// BENCH_SCRATCH_DATABASE: a name of its own, so two benches on one PostgreSQL server do not drop each other's.
export const SCRATCH_DATABASE = process.env.BENCH_SCRATCH_DATABASE ?? 'docket_bench';
const DB_POOL_SIZE = 20; // the server's default; stated in the report

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function startServerProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(path.join(here, 'server-child.ts'), [], {
    // BENCH_SERVER_NODE_ARGS: extra node flags for the server, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof
    execArgv: ['--conditions=@docket/source', '--import', 'tsx', ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Docket did not start within 120 s')), 120_000);
    child.once('message', (message: { ready: boolean; url?: string; error?: string }) => {
      clearTimeout(timer);
      if (message.ready) resolve(message.url!);
      else reject(new Error(`Docket failed to start: ${message.error}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Docket exited with code ${code} before it was ready`));
    });
  });
  return { child, url };
}

async function stopServerProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

export async function api<T = unknown>(target: Pick<Target, 'url' | 'token'>, method: string, urlPath: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${target.url}${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${target.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function login(url: string): Promise<{ token: string; adminId: string }> {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  const body = (await res.json()) as { token: string; user: { id: string } };
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(body)}`);
  return { token: body.token, adminId: body.user.id };
}

async function describeDatabase(databaseUrl: string): Promise<{ version: string; settings: Record<string, string> }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const version = (await client.query<{ v: string }>('SELECT version() AS v')).rows[0]!.v;
    const names = ['server_version', 'shared_buffers', 'work_mem', 'synchronous_commit', 'fsync', 'max_wal_size', 'random_page_cost', 'effective_cache_size', 'jit'];
    const rows = (await client.query<{ name: string; setting: string }>(`SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name`, [names])).rows;
    return { version, settings: Object.fromEntries(rows.map((r) => [r.name, r.setting])) };
  } finally {
    await client.end();
  }
}

const randomPort = () => 40_000 + Math.floor(Math.random() * 15_000);

const baseEnv = (dataDir: string): Record<string, string> => ({
  PORT: '0',
  HOST: '127.0.0.1',
  DOCKET_DATA_DIR: dataDir,
  DOCKET_SEED_DEMO: 'false',
  LOG_LEVEL: 'silent',
  DOCKET_ADMIN_PASSWORD: ADMIN_PASSWORD,
  DOCKET_DB_POOL_SIZE: String(DB_POOL_SIZE),
  DOCKET_CONFIG: '',
});

/** Starts Docket on the embedded PostgreSQL in a temporary data directory (deleted by stop). */
async function startEmbedded(): Promise<Omit<Target, 'token' | 'adminId' | 'postgresVersion' | 'settings'>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-bench-'));
  const env = { ...baseEnv(dataDir), DOCKET_EMBEDDED_PG_PORT: String(randomPort()), DATABASE_URL: '' };
  let started: { child: ChildProcess; url: string };
  try {
    started = await startServerProcess(env);
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const password = readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
  const databaseUrl = `postgres://docket:${encodeURIComponent(password)}@127.0.0.1:${env.DOCKET_EMBEDDED_PG_PORT}/docket`;
  return {
    name: 'embedded',
    url: started.url,
    databaseUrl,
    dataDir,
    dbPoolSize: DB_POOL_SIZE,
    recordQueries: recorderFor(started.child),
    serverCpuMs: cpuReaderFor(started.child),
    stop: async () => {
      await stopServerProcess(started.child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a scratch database on the PostgreSQL server and starts Docket on it (dropped by stop). */
async function startOnServer(serverUrl: string): Promise<Omit<Target, 'token' | 'adminId' | 'postgresVersion' | 'settings'>> {
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DATABASE} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${SCRATCH_DATABASE}`);
  const databaseUrl = withDatabase(serverUrl, SCRATCH_DATABASE);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-bench-'));
  const drop = async () => {
    // BENCH_KEEP_DATABASE=1 leaves the loaded database behind to EXPLAIN its statements afterwards
    // (loading 100,000 knowledge articles takes minutes); the next run drops it first anyway.
    if (process.env.BENCH_KEEP_DATABASE !== '1') await admin.query(`DROP DATABASE IF EXISTS ${SCRATCH_DATABASE} WITH (FORCE)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let started: { child: ChildProcess; url: string };
  try {
    started = await startServerProcess({ ...baseEnv(dataDir), DATABASE_URL: databaseUrl });
  } catch (error) {
    await drop();
    throw error;
  }
  return {
    name: 'server',
    url: started.url,
    databaseUrl,
    dataDir,
    dbPoolSize: DB_POOL_SIZE,
    recordQueries: recorderFor(started.child),
    serverCpuMs: cpuReaderFor(started.child),
    stop: async () => {
      await stopServerProcess(started.child);
      await drop();
    },
  };
}

/** Checks that a PostgreSQL server answers; returns the reason when it does not. */
export async function probeServer(serverUrl: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function startTarget(name: TargetName, serverUrl: string): Promise<Target> {
  const base = name === 'embedded' ? await startEmbedded() : await startOnServer(serverUrl);
  try {
    const { token, adminId } = await login(base.url);
    // Queues are objects (issue 17): the case types' default queues and the bench's own exist first.
    const queueKeys = new Set([...SEED_CASE_TYPES.map((type) => type.defaultQueue).filter((key): key is string => Boolean(key)), ...BENCH_QUEUES]);
    for (const key of queueKeys) {
      const res = await api({ url: base.url, token }, 'POST', '/api/v1/queues', { key, name: key, mode: 'pull' });
      if (res.status !== 201 && res.status !== 409) throw new Error(`queue ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    for (const type of SEED_CASE_TYPES) {
      const res = await api({ url: base.url, token }, 'POST', '/api/v1/case-types', type);
      if (res.status !== 201) throw new Error(`case type ${type.key}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const { version, settings } = await describeDatabase(base.databaseUrl);
    return { ...base, token, adminId, postgresVersion: version, settings };
  } catch (error) {
    await base.stop();
    throw error;
  }
}
