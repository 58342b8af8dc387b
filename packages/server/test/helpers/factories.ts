import { SEED_CASE_TYPES } from '../../seed/case-types.ts';
import type { TestApp } from './test-app.ts';
import { bearer } from './test-app.ts';

/**
 * A routing queue (issue 17) created through the API as an administrator would; a queue of this
 * key that exists already is returned as it is. Cases name queues that exist.
 */
export async function createQueueForTest(t: TestApp, adminToken: string, key: string, body: Record<string, unknown> = {}): Promise<{ id: string; key: string; version: number }> {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/queues', headers: bearer(adminToken), payload: { key, name: key, ...body } });
  if (res.statusCode === 201) return res.json();
  if (res.statusCode === 409) return (await t.app.inject({ method: 'GET', url: `/api/v1/queues/${key}`, headers: bearer(adminToken) })).json();
  throw new Error(`queue ${key}: ${res.body}`);
}

/** Creates the five shipped case types through the API, as an administrator would (their default queues first). */
export async function createSeedCaseTypes(t: TestApp, adminToken: string): Promise<void> {
  for (const key of new Set(SEED_CASE_TYPES.map((type) => type.defaultQueue))) await createQueueForTest(t, adminToken, key);
  for (const type of SEED_CASE_TYPES) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/case-types', headers: bearer(adminToken), payload: type });
    if (res.statusCode !== 201) throw new Error(`case type ${type.key}: ${res.body}`);
  }
}

export const VALID_RESIDENT_ID = '11010519491231002X';
export const VALID_BANK_CARD = '6222021234567894';

export function complaint(overrides: Record<string, unknown> = {}, fields: Record<string, unknown> = {}) {
  return {
    type: 'complaint',
    title: '客户投诉不明扣费',
    priority: 'high',
    channel: 'phone',
    customer: { id: 'C00012345', tier: 'gold' },
    fields: {
      customerName: '张三',
      residentId: VALID_RESIDENT_ID,
      phone: '13812345678',
      bankCard: VALID_BANK_CARD,
      category: 'fees',
      description: '账户被收取不明费用',
      ...fields,
    },
    ...overrides,
  };
}
