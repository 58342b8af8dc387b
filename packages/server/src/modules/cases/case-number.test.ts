import { describe, expect, it } from 'vitest';
import { caseNumberSequenceName, formatCaseNumber, parseCaseNumber } from './case-number.ts';

describe('case numbers', () => {
  it('formats with six digits at least', () => {
    expect(formatCaseNumber('CMP', 2026, 123)).toBe('CMP-2026-000123');
    expect(formatCaseNumber('CMP', 2026, 1234567)).toBe('CMP-2026-1234567');
  });
  it('parses what it formats', () => {
    expect(parseCaseNumber('CMP-2026-000123')).toEqual({ prefix: 'CMP', year: 2026, sequence: 123 });
    expect(parseCaseNumber('cmp-2026-1')).toBeUndefined();
  });
  it('refuses to name a sequence for an unsafe prefix', () => {
    expect(() => caseNumberSequenceName('X; DROP')).toThrow();
    expect(caseNumberSequenceName('CMP')).toBe('cases.case_number_cmp');
  });
});
