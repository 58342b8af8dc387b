import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { complaint, createSeedCaseTypes, createQueueForTest } from '../../helpers/factories.ts';
import { bearer, createTestApp, type TestApp } from '../../helpers/test-app.ts';

// Issue 13: a case list decrypts only the sealed values its reader sees. Observable without a
// counter: one case's resident id (and customer phone) are replaced by another case's envelopes,
// which fail authentication when opened (they are bound to the other case). A reader who sees
// them masked makes the server open them, and the page fails; a reader for whom they are hidden
// gets the page, because nothing of what it does not see is opened.

let t: TestApp;
let admin: string;
let hider: string;
let tamperedId: string;

const listQueue = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/cases?queue=list-decrypt&sort=-createdAt', headers: bearer(token) });

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  await createQueueForTest(t, admin, 'list-decrypt');
  const role = await t.app.inject({
    method: 'POST',
    url: '/api/v1/roles',
    headers: bearer(admin),
    payload: {
      key: 'no-identity',
      name: 'Reads cases without identity numbers or phones',
      permissions: [{ action: 'case:read', fields: { 'class:resident-id': 'hidden', 'class:phone': 'hidden' } }],
    },
  });
  expect(role.statusCode).toBe(201);
  await t.createUser('hider', ['no-identity']);
  hider = await t.login('hider');
  const ids: string[] = [];
  for (const phone of ['13800000001', '13800000002']) {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: bearer(admin),
      payload: complaint({ queue: 'list-decrypt', customer: { id: 'C1', phone } }),
    });
    expect(created.statusCode).toBe(201);
    ids.push(created.json().id);
  }
  const [donorId, targetId] = ids as [string, string];
  tamperedId = targetId;
  await sql`
    UPDATE cases.case AS target
    SET fields = jsonb_set(target.fields, '{residentId}', donor.fields -> 'residentId'),
        customer = jsonb_set(target.customer, '{phone}', donor.customer -> 'phone')
    FROM cases.case AS donor
    WHERE donor.id = ${donorId} AND target.id = ${targetId}`.execute(t.database.db);
});
afterAll(() => t.close());

describe('a case list opens only what its reader sees', () => {
  it('fails for a reader who sees the moved values masked: they were opened and refused', async () => {
    const page = await listQueue(admin);
    expect(page.statusCode).toBeGreaterThanOrEqual(500);
    expect(page.body).not.toContain('110105');
  });

  it('answers a reader for whom those values are hidden, without them, the other fields masked as before', async () => {
    const page = await listQueue(hider);
    expect(page.statusCode).toBe(200);
    const items = page.json().items as { id: string; fields: Record<string, unknown>; customer: Record<string, unknown> }[];
    expect(items).toHaveLength(2);
    const tampered = items.find((c) => c.id === tamperedId)!;
    expect(tampered.fields).not.toHaveProperty('residentId');
    expect(tampered.fields).not.toHaveProperty('phone');
    expect(tampered.customer).toEqual({ id: 'C1' });
    expect(tampered.fields.bankCard).toBe('6222 **** **** 7894');
    expect(page.body).not.toContain('dk1.');
  });
});
