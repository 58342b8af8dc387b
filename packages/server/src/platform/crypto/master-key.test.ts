import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATED_MASTER_KEY_FILE, loadMasterKeys, localMasterKey, MasterKeyError, type MasterKeySettings, masterKeyFingerprint } from './master-key.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'docket-master-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A data directory of its own per call, so no generated key file leaks between cases.
const noDataDir = path.join(dir, 'never-created');
const masterKeysFrom = (settings: Omit<MasterKeySettings, 'dataDir'> & { dataDir?: string }) => loadMasterKeys({ dataDir: noDataDir, ...settings });

describe('master key configuration', () => {
  const bytes = randomBytes(32);
  const b64 = bytes.toString('base64');

  it('reads DOCKET_MASTER_KEY as base64 or base64url', () => {
    expect(masterKeysFrom({ masterKey: b64 }).current.id).toBe(masterKeyFingerprint(bytes));
    expect(masterKeysFrom({ masterKey: ` ${bytes.toString('base64url')}\n` }).current.id).toBe(masterKeyFingerprint(bytes));
    expect(masterKeysFrom({ masterKey: b64, masterKeyId: 'hsm-slot-1' }).current.id).toBe('hsm-slot-1');
  });

  it('reads DOCKET_MASTER_KEY_FILE holding base64 text or 32 raw bytes', () => {
    const text = path.join(dir, 'master.b64');
    writeFileSync(text, `${b64}\n`);
    chmodSync(text, 0o400);
    expect(masterKeysFrom({ masterKeyFile: text }).current.id).toBe(masterKeyFingerprint(bytes));
    const raw = path.join(dir, 'master.bin');
    const rawBytes = Buffer.concat([Buffer.of(0xff), randomBytes(31)]);
    writeFileSync(raw, rawBytes);
    expect(masterKeysFrom({ masterKeyFile: raw }).current.id).toBe(masterKeyFingerprint(rawBytes));
  });

  it('reads the previous master key for a rotation', () => {
    const old = randomBytes(32);
    const keys = masterKeysFrom({ masterKey: b64, masterKeyPrevious: old.toString('base64') });
    expect(keys.previous.map((p) => p.id)).toEqual([masterKeyFingerprint(old)]);
    expect(() => masterKeysFrom({ masterKey: b64, masterKeyPrevious: b64 })).toThrow(/same key/);
  });

  it('without a configured key, generates one into the data directory (0600) once and reads it at every later start', () => {
    const dataDir = path.join(dir, 'evaluation-install');
    const first = loadMasterKeys({ dataDir });
    const file = path.join(dataDir, GENERATED_MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.current.id).toBe(masterKeyFingerprint(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')));
    expect(loadMasterKeys({ dataDir }).current.id).toBe(first.current.id);
    expect(first.previous).toEqual([]);
  });

  it('keeps a generated key beside a configured one as a previous key, so `docket keys rewrap` moves the installation over', () => {
    const dataDir = path.join(dir, 'grown-up-install');
    const generated = loadMasterKeys({ dataDir }).current;
    const keys = loadMasterKeys({ dataDir, masterKey: b64 });
    expect(keys.current.id).toBe(masterKeyFingerprint(bytes));
    expect(keys.previous.map((p) => p.id)).toEqual([generated.id]);
    // A configured key never creates the file.
    const fresh = path.join(dir, 'configured-from-day-one');
    expect(loadMasterKeys({ dataDir: fresh, masterKey: b64 }).previous).toEqual([]);
    expect(existsSync(fresh)).toBe(false);
  });

  it('derives a subkey per purpose, never the master key itself', () => {
    const master = localMasterKey(bytes);
    const totp = master.deriveSubkey!('docket/totp-secret-box/v1');
    expect(totp).toHaveLength(32);
    expect(totp.equals(bytes)).toBe(false);
    expect(master.deriveSubkey!('another purpose').equals(totp)).toBe(false);
    expect(localMasterKey(bytes).deriveSubkey!('docket/totp-secret-box/v1').equals(totp)).toBe(true);
  });

  it('refuses ambiguous and malformed keys without echoing them', () => {
    expect(() => masterKeysFrom({ masterKey: b64, masterKeyFile: '/x' })).toThrow(/either/);
    const short = randomBytes(16).toString('base64');
    try {
      masterKeysFrom({ masterKey: short });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MasterKeyError);
      expect((error as Error).message).toMatch(/exactly 32 bytes, got 16/);
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => masterKeysFrom({ masterKey: 'correct horse battery staple' })).toThrow(/must be base64/);
    expect(() => masterKeysFrom({ masterKeyFile: path.join(dir, 'missing') })).toThrow(/ENOENT/);
    const weak = path.join(dir, 'weak');
    writeFileSync(weak, 'password');
    expect(() => masterKeysFrom({ masterKeyFile: weak })).toThrow(/exactly 32 bytes/);
  });

  it('wraps and unwraps, binding the aad and the suite', async () => {
    const master = localMasterKey(bytes);
    for (const suite of ['aes-256-gcm', 'sm4-ctr+sm3-hmac'] as const) {
      const key = randomBytes(32);
      const aad = Buffer.from('key-1');
      const wrapped = await master.wrapKey({ suite, key, aad });
      expect(wrapped.includes(key)).toBe(false);
      expect(await master.unwrapKey({ suite, wrappedKey: wrapped, aad })).toEqual(key);
      await expect(master.unwrapKey({ suite, wrappedKey: wrapped, aad: Buffer.from('key-2') })).rejects.toBeInstanceOf(MasterKeyError);
      const other = suite === 'aes-256-gcm' ? 'sm4-ctr+sm3-hmac' : 'aes-256-gcm';
      await expect(master.unwrapKey({ suite: other, wrappedKey: wrapped, aad })).rejects.toBeInstanceOf(MasterKeyError);
      await expect(localMasterKey(randomBytes(32), master.id).unwrapKey({ suite, wrappedKey: wrapped, aad })).rejects.toThrow(/cannot unwrap/);
    }
    expect(inspect(master)).not.toContain(bytes.toString('hex').slice(0, 8));
    expect(JSON.stringify(master)).not.toContain(b64.slice(0, 8));
  });
});
