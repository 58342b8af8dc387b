import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_CASE_TYPES } from '../../../seed/case-types.ts';
import { createQueueForTest } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

let t: TestApp;
let maker: string;
let checker: string;

beforeAll(async () => {
  t = await createTestApp();
  const admin = await t.login('admin');
  const credit = SEED_CASE_TYPES.find((c) => c.key === 'credit-approval')!;
  await createQueueForTest(t, admin, credit.defaultQueue);
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/case-types', headers: bearer(admin), payload: { ...credit, separationOfDuties: true } });
  expect(res.json().separationOfDuties).toBe(true);
  await t.createUser('maker', ['agent']);
  await t.createUser('checker', ['admin']);
  maker = await t.login('maker');
  checker = await t.login('checker');
});
afterAll(() => t.close());

const application = { type: 'credit-approval', title: '经营贷申请', fields: { applicantName: '李四', product: 'small-business', amount: 500000, termMonths: 36 } };

describe('separation of duties (maker–checker)', () => {
  it('refuses the creator resolving their own case, and lets another user do it', async () => {
    const createdRes = await t.app.inject({ method: 'POST', url: '/api/v1/cases', headers: bearer(maker), payload: application });
    expect(createdRes.statusCode, createdRes.body).toBe(201);
    const created = createdRes.json();
    const patch = (token: string, version: number, status: string) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/cases/${created.id}`, headers: { ...bearer(token), 'if-match': `"${version}"` }, payload: { status } });
    expect((await patch(maker, 1, 'open')).statusCode).toBe(200);
    expectProblem(await patch(maker, 2, 'resolved'), 403, 'separation-of-duties');
    expect((await t.sql('SELECT status FROM cases.case WHERE id = $1', [created.id]))[0]).toEqual({ status: 'open' });
    expect((await patch(checker, 2, 'resolved')).json().status).toBe('resolved');
  });
});
