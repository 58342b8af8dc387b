import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shippedClassifier } from '../../../src/modules/assist/models/index.ts';
import { createQueueForTest, createSeedCaseTypes } from '../../helpers/factories.ts';
import { bearer, createTestApp, expectProblem, type TestApp } from '../../helpers/test-app.ts';

// Issue 22, part H: dispatch suggestions. The text's case type and the facts routing reads come
// from the built-in classifiers, each with the words it came from; queue and skills come from the
// routing module's own decision on those facts, with the reason.

let t: TestApp;
let agent: string;
let marketing: string;

const FEE_COMPLAINT = '您好，我要投诉。我的信用卡这个月被扣了一笔年费，我从来没有同意开通这项收费服务，请你们把手续费退给我。';

const dispatch = (token: string, body: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/assist/dispatch', headers: bearer(token), payload: body });

interface Guess {
  field: string;
  value: string;
  source: { start: number; end: number; text: string };
  alsoFrom: { start: number; end: number; text: string }[];
}

/** Every guess carries spans that slice to their words: nothing suggested from nowhere. */
function expectGrounded(text: string, guesses: Guess[]) {
  for (const g of guesses) {
    for (const span of [g.source, ...g.alsoFrom]) {
      expect(span.end).toBeGreaterThan(span.start);
      expect(text.slice(span.start, span.end)).toBe(span.text);
    }
  }
}

beforeAll(async () => {
  // The shipped models train at first use (then kept in the temporary directory): on a cold cache
  // that is the hook's time, not a request's.
  for (const label of ['caseType', 'category', 'product', 'riskLevel', 'urgency']) shippedClassifier(label);
  t = await createTestApp();
  const admin = await t.login('admin');
  await createSeedCaseTypes(t, admin);
  const feeDesk = await createQueueForTest(t, admin, 'fee-desk', { name: '收费投诉组' });
  const rule = await t.app.inject({
    method: 'POST',
    url: '/api/v1/routing/rules',
    headers: bearer(admin),
    payload: {
      key: 'fee-complaints',
      name: '收费投诉',
      conditions: { caseTypes: ['complaint'], categories: ['fees'] },
      actions: { queueId: feeDesk.id, requiredSkills: [{ skill: 'line:fees', minLevel: 2 }] },
    },
  });
  expect(rule.statusCode, rule.body).toBe(201);
  await t.createUser('agent', ['agent']);
  await t.createUser('marketing', ['marketing']);
  [agent, marketing] = [await t.login('agent'), await t.login('marketing')];
}, 240_000);

afterAll(async () => {
  await t?.close();
});

describe('dispatch suggestions', () => {
  it('guesses a fee complaint from the words, and the routing rule for fee complaints sends it to its queue with its skills', async () => {
    const res = await dispatch(agent, { text: FEE_COMPLAINT, channel: 'phone' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.caseType).toMatchObject({ value: 'complaint', given: false, guess: { field: 'caseType', value: 'complaint' } });
    expect(body.facts).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'category', value: 'fees' })]));
    expectGrounded(FEE_COMPLAINT, [body.caseType.guess, ...body.facts]);
    expect(body.queue).toMatchObject({ key: 'fee-desk', name: '收费投诉组' });
    expect(body.skills).toEqual([{ skill: 'line:fees', minLevel: 2 }]);
    expect(body.reason).toMatchObject({ kind: 'rule', rule: { key: 'fee-complaints', name: '收费投诉' } });
    expect(body.reason.facts).toEqual(
      expect.arrayContaining([
        { field: 'caseType', value: 'complaint' },
        { field: 'category', value: 'fees' },
      ]),
    );
    expect(body.reason.text).toContain('“收费投诉”');
    expect(body.modelVersions.some((v: string) => v.startsWith('caseType@'))).toBe(true);
  });

  it('routes a case type the agent names on its facts: no rule for consultations, so its type’s default queue', async () => {
    const text = 'I would like to ask about the interest rate of a personal loan and how long approval takes.';
    const body = (await dispatch(agent, { text, caseType: 'consultation' })).json();
    expect(body.caseType).toEqual({ value: 'consultation', given: true, guess: null });
    expectGrounded(text, body.facts);
    expect(body.queue).toMatchObject({ key: 'service' });
    expect(body.reason).toMatchObject({ kind: 'type-default', rule: null });
  });

  it('suggests nothing the text does not show, and refuses an unknown case type naming the field', async () => {
    const body = (await dispatch(agent, { text: '……' })).json();
    expect(body).toMatchObject({ caseType: null, facts: [], queue: null, reason: { kind: 'no-case-type' } });
    const problem = expectProblem(await dispatch(agent, { text: FEE_COMPLAINT, caseType: 'no-such-type' }), 400, 'validation-failed');
    expect(problem.errors).toEqual([{ field: 'caseType', reason: 'no such case type' }]);
    expect(expectProblem(await dispatch(agent, { text: '' }), 400, 'validation-failed').errors?.[0]?.field).toBe('text');
  });

  it('refuses a user without assist:use', async () => {
    expectProblem(await dispatch(marketing, { text: FEE_COMPLAINT }), 403, 'forbidden');
  });
});
