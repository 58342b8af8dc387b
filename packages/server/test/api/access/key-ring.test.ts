import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgKeyStore, loadKeyRing, localMasterKey, type CipherSuite, type FieldContext, type MasterKeyProvider } from '../../../src/platform/crypto/index.ts';
import { newId } from '../../../src/platform/ids/ids.ts';
import { createTestApp, type TestApp } from '../../helpers/test-app.ts';

/** Wraps a provider and remembers every raw key it was asked to wrap (the test's view of the key bytes). */
function recording(master: MasterKeyProvider) {
  const seen: Buffer[] = [];
  const provider: MasterKeyProvider = {
    id: master.id,
    wrapKey: async (request) => {
      seen.push(Buffer.from(request.key));
      return master.wrapKey(request);
    },
    unwrapKey: (request) => master.unwrapKey(request),
  };
  return { provider, seen };
}

const SENSITIVE = ['110105194912310021', '13800138000', '6222021234567890123'];
const ctx = (recordId: string): FieldContext => ({ field: 'scratch.customer.secret', recordId });

describe.each(['aes-256-gcm', 'sm4-ctr+sm3-hmac'] as CipherSuite[])('key ring in PostgreSQL, suite %s', (suite) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // The test app loads its own ring at start; this test is about an empty key table.
    await t.sql('DELETE FROM access.data_key');
    await t.sql('CREATE TABLE public.scratch_customer (id uuid PRIMARY KEY, secret text NOT NULL, secret_index text)');
  });
  afterAll(async () => t?.close());

  it('stores only wrapped keys; a reloaded ring decrypts old values; rotation and rewrap persist', async () => {
    const masterBytes = randomBytes(32);
    const { provider: master, seen } = recording(localMasterKey(masterBytes));
    const store = createPgKeyStore(t.database.db);

    // Three processes starting at once on an empty table create exactly one active data key.
    const rings = await Promise.all([1, 2, 3].map(() => loadKeyRing({ store, masterKeys: master, suite })));
    const ring = rings[0]!;
    expect(new Set(rings.map((r) => r.currentKeyId)).size).toBe(1);
    const rows = await t.sql<{ key_id: string; purpose: string; suite: string; status: string }>('SELECT key_id, purpose, suite, status FROM access.data_key ORDER BY created_at');
    expect(rows.map((r) => [r.purpose, r.suite, r.status])).toEqual([
      ['data', suite, 'active'],
      ['blind-index', suite, 'active'],
    ]);

    const ids: string[] = [];
    for (const value of SENSITIVE) {
      const id = newId();
      ids.push(id);
      await t.sql('INSERT INTO public.scratch_customer (id, secret, secret_index) VALUES ($1, $2, $3)', [id, ring.encrypt(value, ctx(id)), ring.blindIndex('resident-id', value)]);
    }

    const firstKeyId = ring.currentKeyId;
    const rotated = await ring.rotateDataKey();
    const id4 = newId();
    await t.sql('INSERT INTO public.scratch_customer (id, secret) VALUES ($1, $2)', [id4, ring.encrypt('after rotation', ctx(id4))]);

    // The dump: every table row as text contains no plaintext, no raw data key, no master key.
    const dump = (await t.sql<{ row: string }>(`SELECT t::text AS row FROM access.data_key t UNION ALL SELECT c::text FROM public.scratch_customer c`)).map((r) => r.row).join('\n');
    const wrapped = await t.sql<{ wrapped_key: Buffer }>('SELECT wrapped_key FROM access.data_key');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const raw of [...seen, masterBytes]) {
      for (const text of [raw.toString('hex'), raw.toString('base64'), raw.toString('base64url')]) expect(dump).not.toContain(text);
      for (const { wrapped_key } of wrapped) {
        expect(wrapped_key.includes(raw)).toBe(false);
        expect(wrapped_key.includes(raw.subarray(0, 8))).toBe(false);
      }
    }
    for (const value of [...SENSITIVE, 'after rotation']) expect(dump).not.toContain(value);

    // A new process loads from the database and reads old and new values.
    const reloaded = await loadKeyRing({ store, masterKeys: localMasterKey(masterBytes), suite });
    expect(reloaded.currentKeyId).toBe(rotated);
    const stored = await t.sql<{ id: string; secret: string; secret_index: string | null }>('SELECT id, secret, secret_index FROM public.scratch_customer');
    const byId = new Map(stored.map((r) => [r.id, r]));
    SENSITIVE.forEach((value, i) => {
      const row = byId.get(ids[i]!)!;
      expect(row.secret.startsWith(`dk1.`)).toBe(true);
      expect(row.secret).toContain(`.${firstKeyId}.`);
      expect(reloaded.decrypt(row.secret, ctx(row.id))).toBe(value);
    });
    expect(reloaded.decrypt(byId.get(id4)!.secret, ctx(id4))).toBe('after rotation');
    // Equality search through the blind index, with another spelling of the same value.
    const found = await t.sql<{ id: string }>('SELECT id FROM public.scratch_customer WHERE secret_index = $1', [reloaded.blindIndex('resident-id', ' 110105 19491231 0021 ')]);
    expect(found.map((r) => r.id)).toEqual([ids[0]]);
    // A ciphertext copied onto another record does not decrypt there.
    expect(() => reloaded.decrypt(byId.get(ids[0]!)!.secret, ctx(ids[1]!))).toThrow(/failed authentication/);

    // Background re-encryption: move every value off the retired key.
    for (const row of await t.sql<{ id: string; secret: string }>(`SELECT id, secret FROM public.scratch_customer WHERE secret NOT LIKE $1 || '%'`, [reloaded.currentEnvelopePrefix])) {
      await t.sql('UPDATE public.scratch_customer SET secret = $2 WHERE id = $1', [row.id, await reloaded.reencrypt(row.secret, ctx(row.id))]);
    }
    const left = await t.sql(`SELECT id FROM public.scratch_customer WHERE secret NOT LIKE $1 || '%'`, [reloaded.currentEnvelopePrefix]);
    expect(left).toEqual([]);

    // Master key rotation: rewrap in the database; a process with only the new master reads everything.
    const newMasterBytes = randomBytes(32);
    const newMaster = localMasterKey(newMasterBytes);
    const before = await t.sql<{ key_id: string; wrapped_key: Buffer }>('SELECT key_id, wrapped_key FROM access.data_key ORDER BY key_id');
    expect((await reloaded.rewrapAll(newMaster)).rewrapped).toBe(3);
    const after = await t.sql<{ key_id: string; wrapped_key: Buffer; master_key_id: string }>('SELECT key_id, wrapped_key, master_key_id FROM access.data_key ORDER BY key_id');
    after.forEach((row, i) => {
      expect(row.master_key_id).toBe(newMaster.id);
      expect(row.wrapped_key.equals(before[i]!.wrapped_key)).toBe(false);
    });
    const onlyNew = await loadKeyRing({ store, masterKeys: newMaster, suite });
    for (const row of await t.sql<{ id: string; secret: string }>('SELECT id, secret FROM public.scratch_customer')) {
      expect(onlyNew.decrypt(row.secret, ctx(row.id))).toBeTypeOf('string');
    }
    await expect(loadKeyRing({ store, masterKeys: localMasterKey(masterBytes), suite })).rejects.toThrow(/not configured/);
  });

  it('the database itself allows one active key per purpose', async () => {
    await expect(t.sql(`INSERT INTO access.data_key (key_id, purpose, suite, wrapped_key, master_key_id, status) VALUES ('dk-x', 'data', $1, '\\x00', 'mk', 'active')`, [suite])).rejects.toThrow(
      /data_key_one_active_idx/,
    );
    await expect(t.sql(`INSERT INTO access.data_key (key_id, purpose, suite, wrapped_key, master_key_id, status) VALUES ('dk.y', 'data', $1, '\\x00', 'mk', 'decrypt-only')`, [suite])).rejects.toThrow(
      /check/i,
    );
  });
});
