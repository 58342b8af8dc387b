import { SEED_CASE_TYPES } from '../../seed/case-types.ts';
import type { TestApp } from './test-app.ts';
import { bearer } from './test-app.ts';

/** Creates the five shipped case types through the API, as an administrator would. */
export async function createSeedCaseTypes(t: TestApp, adminToken: string): Promise<void> {
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
