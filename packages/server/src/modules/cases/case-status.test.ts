import { describe, expect, it } from 'vitest';
import { judgeStatusTransition } from './case-status.ts';

describe('case status machine', () => {
  it.each([
    ['new', 'open'],
    ['open', 'pending'],
    ['pending', 'open'],
    ['open', 'resolved'],
    ['resolved', 'closed'],
  ] as const)('allows %s → %s without a reason', (from, to) => {
    expect(judgeStatusTransition(from, to)).toEqual({ allowed: true, needsReason: false });
  });
  it.each([
    ['resolved', 'open'],
    ['closed', 'open'],
  ] as const)('allows reopening %s → %s with a reason', (from, to) => {
    expect(judgeStatusTransition(from, to)).toEqual({ allowed: true, needsReason: true });
  });
  it('refuses closing an open case and says where it can go', () => {
    const verdict = judgeStatusTransition('open', 'closed');
    expect(verdict.allowed).toBe(false);
    expect(verdict.reason).toContain('pending, resolved');
  });
  it('refuses anything but reopening a closed case', () => {
    expect(judgeStatusTransition('closed', 'pending').reason).toContain('only be reopened');
  });
  it('refuses a transition to the same status', () => {
    expect(judgeStatusTransition('open', 'open').allowed).toBe(false);
  });
});
