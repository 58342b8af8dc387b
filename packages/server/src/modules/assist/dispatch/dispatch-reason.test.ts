import { describe, expect, it } from 'vitest';
import { dispatchReasonOf } from './dispatch-reason.ts';

const facts = [
  { field: 'caseType', value: 'complaint' },
  { field: 'category', value: 'fees' },
];

describe('the reason of a dispatch suggestion', () => {
  it('names the matching rule, the queue and the skills it asks for', () => {
    const reason = dispatchReasonOf({
      caseType: 'complaint',
      rule: { key: 'fees', name: '收费投诉' },
      queue: { key: 'fee-desk', name: '收费组' },
      ruleSetQueue: true,
      skills: [{ skill: 'product:credit-card', minLevel: 3 }],
      facts,
      rulesConsidered: 2,
    });
    expect(reason).toMatchObject({ kind: 'rule', rule: { key: 'fees' }, rulesConsidered: 2 });
    expect(reason.text).toBe('Routing rule “收费投诉” matches caseType complaint, category fees: the case goes to queue “收费组” (fee-desk); it asks for the skills product:credit-card ≥ 3.');
  });

  it('falls back to the type’s default queue, then to none, and says when the case type is unknown', () => {
    const common = { rule: null, ruleSetQueue: false, skills: [], facts, rulesConsidered: 1 };
    expect(dispatchReasonOf({ ...common, caseType: 'complaint', queue: { key: 'complaints', name: 'Complaints' } }).kind).toBe('type-default');
    expect(dispatchReasonOf({ ...common, caseType: 'complaint', queue: null }).kind).toBe('no-queue');
    expect(dispatchReasonOf({ ...common, caseType: null, queue: null }).kind).toBe('no-case-type');
  });
});
