import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cipherSuiteFromEnvironment, localMasterKey, MasterKeyError, masterKeyFingerprint, masterKeysFromEnvironment } from './master-key.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'docket-master-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('master key configuration', () => {
  const bytes = randomBytes(32);
  const b64 = bytes.toString('base64');

  it('reads DOCKET_MASTER_KEY as base64 or base64url', () => {
    expect(masterKeysFromEnvironment({ DOCKET_MASTER_KEY: b64 }).current.id).toBe(masterKeyFingerprint(bytes));
    expect(masterKeysFromEnvironment({ DOCKET_MASTER_KEY: ` ${bytes.toString('base64url')}\n` }).current.id).toBe(masterKeyFingerprint(bytes));
    expect(masterKeysFromEnvironment({ DOCKET_MASTER_KEY: b64, DOCKET_MASTER_KEY_ID: 'hsm-slot-1' }).current.id).toBe('hsm-slot-1');
  });

  it('reads DOCKET_MASTER_KEY_FILE holding base64 text or 32 raw bytes', () => {
    const text = path.join(dir, 'master.b64');
    writeFileSync(text, `${b64}\n`);
    chmodSync(text, 0o400);
    expect(masterKeysFromEnvironment({ DOCKET_MASTER_KEY_FILE: text }).current.id).toBe(masterKeyFingerprint(bytes));
    const raw = path.join(dir, 'master.bin');
    const rawBytes = Buffer.concat([Buffer.of(0xff), randomBytes(31)]);
    writeFileSync(raw, rawBytes);
    expect(masterKeysFromEnvironment({ DOCKET_MASTER_KEY_FILE: raw }).current.id).toBe(masterKeyFingerprint(rawBytes));
  });

  it('reads the previous master key for a rotation', () => {
    const old = randomBytes(32);
    const keys = masterKeysFromEnvironment({ DOCKET_MASTER_KEY: b64, DOCKET_MASTER_KEY_PREVIOUS: old.toString('base64') });
    expect(keys.previous.map((p) => p.id)).toEqual([masterKeyFingerprint(old)]);
    expect(() => masterKeysFromEnvironment({ DOCKET_MASTER_KEY: b64, DOCKET_MASTER_KEY_PREVIOUS: b64 })).toThrow(/same key/);
  });

  it('refuses missing, ambiguous and malformed keys without echoing them', () => {
    expect(() => masterKeysFromEnvironment({})).toThrow(/No master key configured.*openssl rand -base64 32/);
    expect(() => masterKeysFromEnvironment({ DOCKET_MASTER_KEY: b64, DOCKET_MASTER_KEY_FILE: '/x' })).toThrow(/either/);
    const short = randomBytes(16).toString('base64');
    try {
      masterKeysFromEnvironment({ DOCKET_MASTER_KEY: short });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MasterKeyError);
      expect((error as Error).message).toMatch(/exactly 32 bytes, got 16/);
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => masterKeysFromEnvironment({ DOCKET_MASTER_KEY: 'correct horse battery staple' })).toThrow(/must be base64/);
    expect(() => masterKeysFromEnvironment({ DOCKET_MASTER_KEY_FILE: path.join(dir, 'missing') })).toThrow(/ENOENT/);
    const weak = path.join(dir, 'weak');
    writeFileSync(weak, 'password');
    expect(() => masterKeysFromEnvironment({ DOCKET_MASTER_KEY_FILE: weak })).toThrow(/exactly 32 bytes/);
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

  it('reads the suite', () => {
    expect(cipherSuiteFromEnvironment({})).toBe('aes-256-gcm');
    expect(cipherSuiteFromEnvironment({ DOCKET_FIELD_CIPHER: 'sm4-ctr+sm3-hmac' })).toBe('sm4-ctr+sm3-hmac');
    expect(() => cipherSuiteFromEnvironment({ DOCKET_FIELD_CIPHER: 'des' })).toThrow(/must be/);
  });
});
