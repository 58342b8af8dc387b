import { describe, expect, it } from 'vitest';
import type { RoutingRuleRow, RoutingSubject } from '../model.ts';
import { routingSubjectOfDescribed } from '../subject.ts';
import { failedConditions, firstMatchingRule } from './rule-conditions.ts';

const AT = new Date('2026-03-02T01:00:00Z');
const subject = (over: Partial<RoutingSubject> = {}): RoutingSubject => ({
  ...routingSubjectOfDescribed({ type: 'complaint', channel: '12378', tags: ['elderly'], customer: { region: '110108', tier: 'gold', branch: 'BJ01' }, fields: { category: 'fees' } }),
  ...over,
});
const rule = (key: string, over: Partial<RoutingRuleRow> = {}): RoutingRuleRow => ({
  id: key,
  key,
  name: key,
  position: 1,
  enabled: true,
  appliesTo: 'case',
  effectiveFrom: new Date('2026-01-01T00:00:00Z'),
  effectiveTo: null,
  conditions: {},
  actions: {},
  version: 1,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

describe('failedConditions', () => {
  it.each([
    [{ caseTypes: ['complaint', 'consultation'] }, []],
    [{ channels: ['phone'] }, [{ condition: 'channels', actual: '12378' }]],
    [{ tags: ['foreign', 'elderly'] }, []],
    [{ tags: ['vulnerable'] }, [{ condition: 'tags', actual: ['elderly'] }]],
    [{ customerRegions: ['1101'] }, []],
    [{ customerRegions: ['31'] }, [{ condition: 'customerRegions', actual: '110108' }]],
    [{ customerBranches: ['BJ01'], customerTiers: ['gold'], categories: ['fees'] }, []],
    [{ riskLevels: ['high'] }, [{ condition: 'riskLevels', actual: null }]],
    [{ feel: 'channel = "12378" and list contains(tags, "elderly")' }, []],
    [{ feel: 'customer.tier = "standard"' }, [{ condition: 'feel', actual: false }]],
    [{ caseTypes: [] }, []],
  ] as const)('%j fails %j', (conditions, failed) => {
    expect(failedConditions(conditions as never, subject())).toEqual(failed);
  });

  it('never shows the address to a FEEL expression', () => {
    expect(failedConditions({ feel: 'customer.address = null' }, subject({ customerAddress: '北京市海淀区' }))).toEqual([]);
  });
});

describe('firstMatchingRule', () => {
  it('takes the first rule in force whose conditions hold, and explains those before it', () => {
    const rules = [
      rule('later', { effectiveFrom: new Date('2026-04-01T00:00:00Z') }),
      rule('expired', { effectiveTo: AT }),
      rule('off', { enabled: false }),
      rule('task', { appliesTo: 'task' }),
      rule('phone', { conditions: { channels: ['phone'] } }),
      rule('hotline', { conditions: { channels: ['12378'] } }),
      rule('any'),
    ];
    const { rule: matched, considered } = firstMatchingRule(rules, subject(), AT);
    expect(matched?.key).toBe('hotline');
    expect(considered.map((c) => [c.key, c.matched, c.failed.map((f) => f.condition)])).toEqual([
      ['later', false, ['effectiveFrom']],
      ['expired', false, ['effectiveTo']],
      ['phone', false, ['channels']],
      ['hotline', true, []],
    ]);
  });
});
