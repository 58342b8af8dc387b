import { describe, expect, it } from 'vitest';
import { checkSlaConditions } from './conditions.ts';
import type { SlaSubject } from './match.ts';

const subject = (overrides: Partial<SlaSubject> = {}): SlaSubject => ({
  caseType: 'complaint',
  channel: 'phone',
  priority: 'normal',
  customerTier: 'gold',
  riskLevel: null,
  tags: ['elderly'],
  departmentId: 'd-bj',
  departmentLineage: ['d-bj', 'd-hq'],
  fields: { regulatorReferral: false, amount: 1200 },
  ...overrides,
});

describe('checkSlaConditions', () => {
  it.each([
    [{}, true],
    [{ caseTypes: [] }, true],
    [{ caseTypes: ['complaint', 'consultation'] }, true],
    [{ caseTypes: ['consultation'] }, false],
    [{ channels: ['12378'] }, false],
    [{ riskLevels: ['high'] }, false],
    [{ tags: ['foreign', 'elderly'] }, true],
    [{ departmentIds: ['d-hq'] }, true],
    [{ departmentIds: ['d-sh'] }, false],
    [{ expression: 'channel = "12378" or fields.regulatorReferral = true' }, false],
    [{ expression: '=fields.amount > 1000 and list contains(tags, "elderly")' }, true],
  ])('%j matches: %s', (conditions, expected) => {
    expect(checkSlaConditions(conditions, subject()).matched).toBe(expected);
  });

  it('names every failed condition, the expression last', () => {
    expect(checkSlaConditions({ caseTypes: ['consultation'], customerTiers: ['private'], expression: 'false' }, subject())).toEqual({
      matched: false,
      failed: ['caseType', 'customerTier', 'expression'],
    });
  });

  it('stops at the first failed condition when asked (the clocks do), not evaluating the expression', () => {
    expect(checkSlaConditions({ caseTypes: ['consultation'], expression: 'fields.amount * 2' }, subject(), { stopAtFirst: true })).toEqual({ matched: false, failed: ['caseType'] });
  });

  it('does not match an expression that gives a non-boolean, null or fails, and says why', () => {
    expect(checkSlaConditions({ expression: 'fields.amount * 2' }, subject()).error).toContain('gave number');
    expect(checkSlaConditions({ expression: 'fields.missing' }, subject()).error).toContain('null');
    expect(checkSlaConditions({ expression: 'fields.amount >' }, subject())).toMatchObject({ matched: false, failed: ['expression'], error: expect.any(String) });
  });

  it('reads a missing channel as null: a channel list does not match it, an expression compares it', () => {
    expect(checkSlaConditions({ channels: ['phone'] }, subject({ channel: null })).matched).toBe(false);
    expect(checkSlaConditions({ expression: 'channel = null' }, subject({ channel: null })).matched).toBe(true);
  });
});
