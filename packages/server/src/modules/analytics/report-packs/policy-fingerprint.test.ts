import { describe, expect, it } from 'vitest';
import { policyFingerprintOf } from './policy-fingerprint.ts';

describe('policyFingerprintOf', () => {
  it('is the same for the same readable cases whatever the order of clauses and lists', () => {
    const a = policyFingerprintOf({ kind: 'any', clauses: [{ departmentIn: ['d2', 'd1'], typeIn: ['complaint'] }, { ownedBy: 'u1' }] });
    const b = policyFingerprintOf({ kind: 'any', clauses: [{ ownedBy: 'u1' }, { typeIn: ['complaint'], departmentIn: ['d1', 'd2', 'd1'] }] });
    expect(a).toBe(b);
  });

  it('differs when the readable cases differ', () => {
    const branch = policyFingerprintOf({ kind: 'any', clauses: [{ departmentIn: ['d1'] }] });
    expect(policyFingerprintOf({ kind: 'any', clauses: [{ departmentIn: ['d1', 'd2'] }] })).not.toBe(branch);
    expect(policyFingerprintOf({ kind: 'all' })).not.toBe(branch);
    expect(policyFingerprintOf({ kind: 'all' })).not.toBe(policyFingerprintOf({ kind: 'none' }));
  });
});
