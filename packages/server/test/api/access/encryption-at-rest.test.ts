import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, dumpAllTables, type TestApp } from '../../helpers/test-app.ts';

// Values that must never appear in clear anywhere in the database.
const SECRETS = {
  residentId: '44030419900307123X',
  bankCard: '6222021234567894',
  phone: '13687654321',
  customerName: '欧阳娜娜',
  bulkResidentId: '11010519491231002X',
  patchedPhone: '13911112222',
  customerPhone: '13522220000',
  customerResidentId: '110105200001010016',
};

/** pg_dump too, when a client of the server's major version is on this machine. */
function pgDumpIfAvailable(t: TestApp): string | undefined {
  try {
    const url = (t.database.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    return execFileSync('pg_dump', ['--data-only', url], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  } catch {
    return undefined; // no pg_dump, or a different major version than the server
  }
}

describe.each(['aes-256-gcm', 'sm4-ctr+sm3-hmac'] as const)('encryption at rest with %s', (cipherSuite) => {
  let t: TestApp;
  let admin: string;
  let caseId: string;

  beforeAll(async () => {
    t = await createTestApp({ cipherSuite });
    admin = await t.login('admin');
    await createSeedCaseTypes(t, admin);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: bearer(admin),
      payload: complaint({ customer: { id: 'C42', name: SECRETS.customerName } }, { residentId: SECRETS.residentId, bankCard: SECRETS.bankCard, phone: SECRETS.phone }),
    });
    expect(created.statusCode).toBe(201);
    caseId = created.json().id;
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/cases/${caseId}`,
      headers: { ...bearer(admin), 'if-match': '"1"' },
      payload: { fields: { phone: SECRETS.patchedPhone }, customer: { id: 'C42', name: SECRETS.customerName, phone: SECRETS.customerPhone, residentId: SECRETS.customerResidentId } },
    });
    expect(patched.statusCode).toBe(200);
    const bulk = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/bulk',
      headers: { ...bearer(admin), 'content-type': 'application/x-ndjson' },
      payload: JSON.stringify(complaint({}, { residentId: SECRETS.bulkResidentId })) + '\n',
    });
    expect(bulk.json().created).toBe(1);
  });
  afterAll(() => t.close());

  it('keeps no sensitive value in clear in any table, the audit trail included', async () => {
    const dump = await dumpAllTables(t);
    expect(dump).toContain(cipherSuite === 'aes-256-gcm' ? 'dk1.a256gcm.' : 'dk1.sm4ctr-hsm3.');
    for (const secret of Object.values(SECRETS)) expect(dump).not.toContain(secret);
    const pgDump = pgDumpIfAvailable(t);
    if (pgDump !== undefined) for (const secret of Object.values(SECRETS)) expect(pgDump).not.toContain(secret);
  });

  it('still serves the values, masked, and in clear to an unmask with a reason', async () => {
    const read = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: bearer(admin) })).json();
    expect(read.fields.residentId).toBe('440304********123X');
    expect(read.customer.name).toBe('欧***');
    const unmasked = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/unmask`, headers: bearer(admin), payload: { field: 'phone', reason: 'call back the customer' } });
    expect(unmasked.json()).toEqual({ field: 'phone', value: SECRETS.patchedPhone });
  });

  it('finds cases by resident id and phone through the blind index, and audits the lookup', async () => {
    const byId = (await t.app.inject({ method: 'GET', url: `/api/v1/cases?residentId=${SECRETS.residentId}&purpose=verification`, headers: bearer(admin) })).json();
    expect(byId.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    const byPhone = (await t.app.inject({ method: 'GET', url: `/api/v1/cases?phone=${SECRETS.patchedPhone}&purpose=verification`, headers: bearer(admin) })).json();
    expect(byPhone.items.map((c: { id: string }) => c.id)).toEqual([caseId]);
    const byOldPhone = (await t.app.inject({ method: 'GET', url: `/api/v1/cases?phone=${SECRETS.phone}&purpose=verification`, headers: bearer(admin) })).json();
    expect(byOldPhone.items).toEqual([]);
    const events = await t.sql<{ data: unknown }>("SELECT data FROM audit.event WHERE action = 'case.searched-by-identity' ORDER BY id");
    expect(events[0]!.data).toEqual({ dataClasses: ['resident-id'] });
    expect(JSON.stringify(events)).not.toContain(SECRETS.residentId);
  });

  it('reads old values after a data key rotation and seals new ones under the new key', async () => {
    const oldKeyId = t.keyRing.currentKeyId;
    const newKeyId = await t.keyRing.rotateDataKey();
    expect(newKeyId).not.toBe(oldKeyId);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(admin), payload: complaint() });
    const [row] = await t.sql<{ fields: Record<string, string> }>('SELECT fields FROM cases.case WHERE id = $1', [created.json().id]);
    expect(row!.fields.residentId).toContain(`.${newKeyId}.`);
    const old = await t.app.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/unmask`, headers: bearer(admin), payload: { field: 'residentId', reason: 'after rotation' } });
    expect(old.json().value).toBe(SECRETS.residentId);
    const history = (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/history`, headers: bearer(admin) })).json().items;
    expect(history[0].changes).toContainEqual({ field: 'fields.residentId', before: null, after: '440304********123X' });
  });
});
