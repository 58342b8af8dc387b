import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '../../../src/cli/docket.ts');
const MAIN = path.resolve(import.meta.dirname, '../../../src/main.ts');
// Where a CLI without DOCKET_MASTER_KEY keeps its generated key file.
const dataDir = mkdtempSync(path.join(tmpdir(), 'docket-cli-'));

let t: TestApp;
let databaseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  databaseUrl = (t.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
});
afterAll(() => t.close());

const docket = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--conditions=@docket/source', '--import', 'tsx', CLI, ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl, DOCKET_MASTER_KEY: '', DOCKET_DATA_DIR: dataDir, ...env },
  });

// Each call starts a process that loads the server's TypeScript through tsx from cold: seconds on a
// quiet machine, over 30 s for two of them on a shared one.
describe('docket CLI', { timeout: 120_000 }, () => {
  it('resets a password, lifts the lock, ends sessions and audits it', async () => {
    const oldToken = await t.login('admin');
    await t.sql("UPDATE access.user SET failed_login_count = 5, locked_until = now() + interval '1 hour' WHERE username = 'admin'");
    const { stdout } = await docket(['reset-password', 'admin'], { DOCKET_NEW_PASSWORD: 'a-brand-new-passphrase-2026' });
    expect(stdout).toContain('password of admin reset');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${oldToken}` } })).statusCode).toBe(401);
    expect(await t.login('admin', 'a-brand-new-passphrase-2026')).toMatch(/^dks_/);
    const [event] = await t.sql("SELECT actor_name, channel FROM audit.event WHERE action = 'auth.password-reset'");
    expect(event).toEqual({ actor_name: 'operator-cli', channel: 'cli' });
  });

  it('refuses a weak password and changes nothing', async () => {
    const before = await t.sql("SELECT password_hash FROM access.user WHERE username = 'admin'");
    await expect(docket(['reset-password', 'admin'], { DOCKET_NEW_PASSWORD: 'short' })).rejects.toMatchObject({ code: 1 });
    expect(await t.sql("SELECT password_hash FROM access.user WHERE username = 'admin'")).toEqual(before);
  });

  it('rotates the data key and lists the keys', async () => {
    const before = await t.sql<{ key_id: string }>("SELECT key_id FROM access.data_key WHERE purpose = 'data' AND status = 'active'");
    const masterKey = Buffer.alloc(32, 7).toString('base64');
    // The test app's ring was made with another master key: start this check from an empty key table.
    await t.sql('DELETE FROM access.data_key');
    await docket(['keys', 'list'], { DOCKET_MASTER_KEY: masterKey });
    const { stdout } = await docket(['keys', 'rotate-data-key'], { DOCKET_MASTER_KEY: masterKey });
    expect(stdout).toMatch(/^new data key dk-/);
    const active = await t.sql<{ key_id: string }>("SELECT key_id FROM access.data_key WHERE purpose = 'data' AND status = 'active'");
    expect(active).toHaveLength(1);
    expect(active[0]!.key_id).not.toBe(before[0]!.key_id);
    expect(stdout.trim().endsWith(active[0]!.key_id)).toBe(true);
  });

  it('stops with exit code 78 on a wrong setting, naming each and never showing a secret', async () => {
    const failed = docket(['migrate'], { DOCKET_FIELD_CIPHER: 'des', DATABASE_URL: 'mysql://docket:pw-in-url@db/docket' });
    await expect(failed).rejects.toMatchObject({ code: 78, stderr: expect.stringContaining('DOCKET_FIELD_CIPHER = "des"') });
    const { stderr } = await failed.catch((error: { stderr: string }) => error);
    expect(stderr).toContain('DATABASE_URL = (value hidden)');
    expect(stderr).not.toContain('pw-in-url');
  });

  it('stops with exit code 78, before opening the database, when the master key file is missing', async () => {
    const missing = path.join(dataDir, 'no-such-master.key');
    // `docket serve` and the process entry (main.ts, what `npm start` runs) alike; an unreachable database
    // shows the key is checked first.
    const env = { DOCKET_MASTER_KEY_FILE: missing, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', PORT: '0', DOCKET_SEED_DEMO: 'false' };
    await expect(docket(['serve'], env)).rejects.toMatchObject({ code: 78, stderr: expect.stringContaining(`DOCKET_MASTER_KEY_FILE (${missing}): ENOENT`) });
    const entry = run(process.execPath, ['--conditions=@docket/source', '--import', 'tsx', MAIN], { env: { ...process.env, DOCKET_MASTER_KEY: '', DOCKET_DATA_DIR: dataDir, ...env } });
    await expect(entry).rejects.toMatchObject({ code: 78, stderr: expect.stringContaining(`DOCKET_MASTER_KEY_FILE (${missing}): ENOENT`) });
  });

  it('prints its usage for an unknown command', async () => {
    await expect(docket(['frobnicate'])).rejects.toMatchObject({ code: 64, stderr: expect.stringContaining('Usage: docket') });
  });
});
