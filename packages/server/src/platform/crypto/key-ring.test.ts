import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FixedClock } from '../clock/clock.ts';
import { FieldCipherError, parseEnvelope, type CipherSuite, type FieldContext } from './field-cipher.ts';
import { KeyRingError, loadKeyRing } from './key-ring.ts';
import { createMemoryKeyStore } from './key-store.ts';
import { localMasterKey, type MasterKeyProvider } from './master-key.ts';

const SUITES: CipherSuite[] = ['aes-256-gcm', 'sm4-ctr+sm3-hmac'];
const ctx = (recordId: string): FieldContext => ({ field: 'cases.case.fields.residentId', recordId });

function setup(suite: CipherSuite) {
  const store = createMemoryKeyStore();
  const master = localMasterKey(randomBytes(32));
  const clock = new FixedClock(new Date('2026-11-23T08:00:00Z'));
  return { store, master, clock, load: (m: MasterKeyProvider | { current: MasterKeyProvider; previous: MasterKeyProvider[] } = master) => loadKeyRing({ store, masterKeys: m, suite, clock }) };
}

describe.each(SUITES)('key ring, suite %s', (suite) => {
  it('creates a data key and a blind-index key on first load, wrapped, and reuses them on the next load', async () => {
    const { store, load } = setup(suite);
    const ring = await load();
    expect(store.rows.map((r) => [r.purpose, r.status, r.suite])).toEqual([
      ['data', 'active', suite],
      ['blind-index', 'active', suite],
    ]);
    expect(ring.currentKeyId).toMatch(/^dk-20261123-[0-9a-f]{8}$/);
    const again = await load();
    expect(again.currentKeyId).toBe(ring.currentKeyId);
    expect(store.rows).toHaveLength(2);
    const envelope = ring.encrypt('110105199001011234', ctx('r1'));
    expect(again.decrypt(envelope, ctx('r1'))).toBe('110105199001011234');
    expect(again.blindIndex('phone', '138 0013 8000')).toBe(ring.blindIndex('phone', '13800138000'));
  });

  it('rotation: new values use the new key id, old values stay readable, re-encrypt moves them', async () => {
    const { store, load, clock } = setup(suite);
    const ring = await load();
    const oldKeyId = ring.currentKeyId;
    const before = ring.encrypt('old value', ctx('r1'));
    const indexBefore = ring.blindIndex('resident-id', '11010519900101123x');
    clock.advanceMs(86_400_000);

    const newKeyId = await ring.rotateDataKey();
    expect(newKeyId).not.toBe(oldKeyId);
    expect(ring.currentKeyId).toBe(newKeyId);
    expect(newKeyId).toMatch(/^dk-20261124-/);
    expect(store.rows.find((r) => r.keyId === oldKeyId)).toMatchObject({ status: 'decrypt-only', retiredAt: clock.now() });
    expect(store.rows.filter((r) => r.purpose === 'data' && r.status === 'active').map((r) => r.keyId)).toEqual([newKeyId]);

    const after = ring.encrypt('new value', ctx('r2'));
    expect(parseEnvelope(after).keyId).toBe(newKeyId);
    expect(ring.decrypt(before, ctx('r1'))).toBe('old value');
    expect(ring.decrypt(after, ctx('r2'))).toBe('new value');
    // Blind indexes do not change with data key rotation.
    expect(ring.blindIndex('resident-id', '11010519900101123X')).toBe(indexBefore);

    expect(ring.needsReencrypt(before)).toBe(true);
    expect(ring.needsReencrypt(after)).toBe(false);
    const moved = await ring.reencrypt(before, ctx('r1'));
    expect(parseEnvelope(moved).keyId).toBe(newKeyId);
    expect(ring.decrypt(moved, ctx('r1'))).toBe('old value');
    expect(await ring.reencrypt(after, ctx('r2'))).toBe(after);
    // A tampered value is refused, not re-encrypted; so is a value presented with the wrong context.
    await expect(ring.reencrypt(before.slice(0, -2) + (before.endsWith('A') ? 'BA' : 'AA'), ctx('r1'))).rejects.toBeInstanceOf(FieldCipherError);
    await expect(ring.reencrypt(before, ctx('r9'))).rejects.toThrow(/failed authentication/);

    // A fresh process loads both keys.
    const reloaded = await load();
    expect(reloaded.currentKeyId).toBe(newKeyId);
    expect(reloaded.decrypt(before, ctx('r1'))).toBe('old value');
    expect(reloaded.keys().map((k) => [k.purpose, k.status])).toEqual([
      ['data', 'decrypt-only'],
      ['blind-index', 'active'],
      ['data', 'active'],
    ]);
  });

  it('another process learns about a rotation when it meets the new key id', async () => {
    const { load } = setup(suite);
    const a = await load();
    const b = await load();
    await a.rotateDataKey();
    const envelope = a.encrypt('from a', ctx('r1'));
    expect(() => b.decrypt(envelope, ctx('r1'))).toThrow(/not in the key ring/);
    expect(await b.decryptAsync(envelope, ctx('r1'))).toBe('from a');
    // B keeps encrypting with its old key until it refreshes; those values stay readable everywhere.
    await b.refresh();
    expect(b.currentKeyId).toBe(a.currentKeyId);
    // An unknown key id is refused with a clear error after one reload.
    const bogus = envelope.replace(a.currentKeyId, 'dk-19700101-00000000');
    await expect(b.decryptAsync(bogus, ctx('r1'))).rejects.toMatchObject({ code: 'unknown-key' });
  });

  it('master key rotation rewraps every key without touching ciphertexts', async () => {
    const { store, load, master } = setup(suite);
    const ring = await load();
    const v1 = ring.encrypt('v1', ctx('r1'));
    await ring.rotateDataKey();
    const v2 = ring.encrypt('v2', ctx('r2'));
    const index = ring.blindIndex('email', 'Z@Bank.cn');
    const wrappedBefore = store.rows.map((r) => Buffer.from(r.wrappedKey));

    const newMaster = localMasterKey(randomBytes(32));
    const result = await ring.rewrapAll(newMaster);
    expect(result).toEqual({ rewrapped: 3, masterKeyId: newMaster.id });
    expect(ring.masterKeyId).toBe(newMaster.id);
    expect(store.rows.every((r) => r.masterKeyId === newMaster.id)).toBe(true);
    for (const [i, r] of store.rows.entries()) expect(r.wrappedKey.equals(wrappedBefore[i]!)).toBe(false);
    // Same ring keeps working (no downtime), ciphertexts unchanged.
    expect(ring.decrypt(v1, ctx('r1'))).toBe('v1');

    // A process with only the new master reads everything; one with only the old master fails fast.
    const fresh = await load(newMaster);
    expect(fresh.decrypt(v1, ctx('r1'))).toBe('v1');
    expect(fresh.decrypt(v2, ctx('r2'))).toBe('v2');
    expect(fresh.blindIndex('email', 'z@bank.cn')).toBe(index);
    await expect(load(master)).rejects.toThrow(/not configured/);
    // A second rewrap to the same master has nothing to do.
    expect((await fresh.rewrapAll(newMaster)).rewrapped).toBe(0);
  });

  it('zero-downtime flow: start with new current + old previous, then rewrapAll()', async () => {
    const { store, load, master } = setup(suite);
    const old = await load();
    const v1 = old.encrypt('v1', ctx('r1'));
    const newMaster = localMasterKey(randomBytes(32));
    const ring = await load({ current: newMaster, previous: [master] });
    expect(ring.decrypt(v1, ctx('r1'))).toBe('v1');
    // Keys created meanwhile are wrapped with the new master already.
    await ring.rotateDataKey();
    expect(store.rows.filter((r) => r.masterKeyId === newMaster.id)).toHaveLength(1);
    expect((await ring.rewrapAll()).rewrapped).toBe(2);
    const only = await load(newMaster);
    expect(only.decrypt(v1, ctx('r1'))).toBe('v1');
  });

  it('refuses a wrapped key that was altered or moved to another row', async () => {
    const { store, load } = setup(suite);
    await load();
    const original = Buffer.from(store.rows[0]!.wrappedKey);
    store.rows[0]!.wrappedKey[store.rows[0]!.wrappedKey.length - 1]! ^= 1;
    await expect(load()).rejects.toBeInstanceOf(KeyRingError);
    store.rows[0]!.wrappedKey = original;
    // Swap the wrapped keys of the data key and the index key: the AAD names the key id and purpose.
    const [a, b] = [store.rows[0]!, store.rows[1]!];
    [a.wrappedKey, b.wrappedKey] = [b.wrappedKey, a.wrappedKey];
    await expect(load()).rejects.toThrow(/cannot unwrap/);
  });

  it('a wrong master key with the same id is refused', async () => {
    const { load } = setup(suite);
    const ring = await load(localMasterKey(randomBytes(32), 'prod-master-1'));
    expect(ring.masterKeyId).toBe('prod-master-1');
    await expect(load(localMasterKey(randomBytes(32), 'prod-master-1'))).rejects.toThrow(/cannot unwrap/);
  });

  it('hides keys from logs', async () => {
    const { load } = setup(suite);
    const ring = await load();
    expect(inspect(ring)).toMatch(/^KeyRing \{ suite/);
    expect(JSON.stringify(ring)).not.toMatch(/material|wrapped/i);
  });
});

describe('switching suites', () => {
  it('rotates to the configured suite on load; old AES values stay readable; the index key keeps its suite', async () => {
    const store = createMemoryKeyStore();
    const master = localMasterKey(randomBytes(32));
    const aes = await loadKeyRing({ store, masterKeys: master, suite: 'aes-256-gcm' });
    const v1 = aes.encrypt('v1', ctx('r1'));
    const index = aes.blindIndex('phone', '13800138000');
    const sm = await loadKeyRing({ store, masterKeys: master, suite: 'sm4-ctr+sm3-hmac' });
    expect(sm.currentKeyId).not.toBe(aes.currentKeyId);
    expect(sm.encrypt('v2', ctx('r2'))).toMatch(/^dk1\.sm4ctr-hsm3\./);
    expect(sm.decrypt(v1, ctx('r1'))).toBe('v1');
    expect(sm.blindIndex('phone', '13800138000')).toBe(index);
    // Loading again with the SM suite does not rotate again.
    const again = await loadKeyRing({ store, masterKeys: master, suite: 'sm4-ctr+sm3-hmac' });
    expect(again.currentKeyId).toBe(sm.currentKeyId);
    expect(store.rows.filter((r) => r.purpose === 'data')).toHaveLength(2);
  });

  it('processes starting at once create one active key', async () => {
    const store = createMemoryKeyStore();
    const master = localMasterKey(randomBytes(32));
    const rings = await Promise.all([1, 2, 3].map(() => loadKeyRing({ store, masterKeys: master, suite: 'aes-256-gcm' })));
    expect(new Set(rings.map((r) => r.currentKeyId)).size).toBe(1);
    expect(store.rows.filter((r) => r.status === 'active')).toHaveLength(2);
  });
});
