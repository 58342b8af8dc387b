import { describe, expect, it } from 'vitest';
import { caseReadGrant, holdsCaseReadGrant, isCaseActionAllowed, resolveFieldAccess, type Permission, type PolicyCase, type PolicySubject } from './policy.ts';

// 抄送: a read grant opens named cases only, never more of their fields than a reader without
// field rules sees (sensitive masked), and never what the person's own rules hide or mask.

const record = (id: string): PolicyCase => ({ id, typeKey: 'complaint', createdBy: 'u0', assigneeId: null, departmentId: 'd9', tags: [], sensitivity: 'secret' });

describe('caseReadGrant', () => {
  it('is nothing without grants', () => {
    expect(caseReadGrant([{ action: 'case:read' }], [])).toBeUndefined();
  });

  it('reads the named cases whatever their department, type or sensitivity, and nothing else', () => {
    const own: Permission[] = [{ action: 'case:read', scope: 'department', maxSensitivity: 'normal' }];
    const subject: PolicySubject = { userId: 'u1', departmentIds: ['d1'], subtreeDepartmentIds: ['d1'], permissions: [...own, caseReadGrant(own, ['c1'])!] };
    expect(isCaseActionAllowed(subject, 'case:read', record('c1'))).toBe(true);
    expect(isCaseActionAllowed(subject, 'case:read', record('c2'))).toBe(false);
    expect(isCaseActionAllowed(subject, 'case:update', record('c1'))).toBe(false);
    expect(isCaseActionAllowed(subject, 'case:read', { ...record('c1'), id: undefined })).toBe(false);
    expect(holdsCaseReadGrant(subject, 'c1')).toBe(true);
    expect(holdsCaseReadGrant(subject, 'c2')).toBe(false);
  });

  it('masks sensitive fields, shows the others, and keeps every field the person’s own rules hide or mask', () => {
    const own: Permission[] = [
      { action: 'case:read', fields: { 'class:resident-id': 'hidden' as const, amount: 'readable' as const } },
      { action: 'case:read', scope: 'own' as const, fields: { note: 'masked' as const, 'class:resident-id': 'masked' as const } },
    ];
    const grant = caseReadGrant(own, ['c1'])!;
    expect(grant.fields).toEqual({ 'class:resident-id': 'hidden', note: 'masked' });
    const subject: PolicySubject = { userId: 'u1', departmentIds: [], subtreeDepartmentIds: [], permissions: [grant] };
    expect(resolveFieldAccess(subject, 'case:read', record('c1'), 'residentId', 'resident-id')).toBe('hidden');
    expect(resolveFieldAccess(subject, 'case:read', record('c1'), 'phone', 'phone')).toBe('masked');
    expect(resolveFieldAccess(subject, 'case:read', record('c1'), 'note', null)).toBe('masked');
    expect(resolveFieldAccess(subject, 'case:read', record('c1'), 'category', null)).toBe('readable');
    expect(resolveFieldAccess(subject, 'case:read', record('c2'), 'category', null)).toBe('hidden');
  });
});
