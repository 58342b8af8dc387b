import { describe, expect, it } from 'vitest';
import { DEFAULT_LIFECYCLE, findLifecycleProblems, judgeTransition, normalizeLifecycle, timestampsAfterTransition, type CaseLifecycle } from './case-lifecycle.ts';

const judge = (from: string, to: string) => judgeTransition(DEFAULT_LIFECYCLE, from, to);

describe('the default lifecycle', () => {
  it.each([
    ['new', 'open', 'case:update'],
    ['open', 'pending', 'case:update'],
    ['pending', 'open', 'case:update'],
    ['open', 'resolved', 'case:close'],
    ['new', 'resolved', 'case:close'],
    ['resolved', 'closed', 'case:close'],
  ] as const)('allows %s → %s without a reason, needing %s', (from, to, action) => {
    const verdict = judge(from, to);
    expect(verdict).toMatchObject({ allowed: true, transition: { requiresReason: false, action } });
  });
  it.each([
    ['resolved', 'open'],
    ['closed', 'open'],
  ] as const)('allows reopening %s → %s with a reason', (from, to) => {
    expect(judge(from, to)).toMatchObject({ allowed: true, transition: { requiresReason: true } });
  });
  it('refuses closing an open case and says where it can go', () => {
    expect(judge('open', 'closed')).toEqual({ allowed: false, unknownStatus: false, reason: 'A open case cannot become closed: from open it can go to pending, resolved' });
  });
  it('refuses anything but reopening a closed case', () => {
    expect(judge('closed', 'pending')).toMatchObject({ allowed: false, reason: expect.stringContaining('can only become open') });
  });
  it('refuses a transition to the same status, and names an unknown one as such', () => {
    expect(judge('open', 'open')).toMatchObject({ allowed: false, unknownStatus: false });
    expect(judge('open', 'archived')).toMatchObject({ allowed: false, unknownStatus: true });
  });
  it('has no problems of its own', () => {
    expect(findLifecycleProblems(DEFAULT_LIFECYCLE)).toEqual([]);
  });
});

describe('resolved and closed times follow the category', () => {
  const now = new Date('2026-12-05T00:00:00Z');
  it('stamps resolving and closing, and clears both on reopening', () => {
    expect(timestampsAfterTransition('resolved', now)).toEqual({ resolvedAt: now, closedAt: null });
    expect(timestampsAfterTransition('closed', now)).toEqual({ closedAt: now });
    expect(timestampsAfterTransition('open', now)).toEqual({ resolvedAt: null, closedAt: null });
  });
});

describe('a lifecycle an administrator defines', () => {
  const status = (key: string, category: CaseLifecycle['statuses'][number]['category']) => ({ key, labels: { 'zh-CN': key, 'en-US': key }, category });
  const base = {
    initial: 'a',
    statuses: [status('a', 'open'), status('b', 'waiting'), status('z', 'closed')],
    transitions: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'z' },
    ],
  };
  const problems = (input: Parameters<typeof normalizeLifecycle>[0]) => findLifecycleProblems(normalizeLifecycle(input)).map((e) => `${e.field} ${e.code}`);

  it('gets case:update and no reason where it says nothing', () => {
    expect(normalizeLifecycle(base).transitions[0]).toEqual({ from: 'a', to: 'b', requiresReason: false, action: 'case:update' });
    expect(problems(base)).toEqual([]);
  });
  it('needs an initial status that exists and is unfinished', () => {
    expect(problems({ ...base, initial: undefined })).toEqual(['lifecycle.initial initial-required']);
    expect(problems({ ...base, initial: 'x' })).toEqual(['lifecycle.initial unknown-status']);
    expect(problems({ ...base, initial: 'z' })).toContain('lifecycle.initial initial-finished');
  });
  it('names unknown, repeated and circular transitions and repeated statuses', () => {
    expect(problems({ ...base, transitions: [...base.transitions, { from: 'b', to: 'q' }, { from: 'a', to: 'b' }, { from: 'a', to: 'a' }] })).toEqual([
      'lifecycle.transitions[2].to unknown-status',
      'lifecycle.transitions[3] duplicate-transition',
      'lifecycle.transitions[4].to same-status',
    ]);
    expect(problems({ ...base, statuses: [...base.statuses, status('a', 'open')] })).toEqual(['lifecycle.statuses[3].key duplicate-status']);
  });
  it('finds a status nothing leads to, and an unfinished status a case can never leave for a finished one', () => {
    expect(problems({ ...base, statuses: [...base.statuses, status('lost', 'resolved')] })).toEqual(['lifecycle.statuses[3] unreachable-status']);
    expect(problems({ ...base, statuses: [...base.statuses, status('trap', 'open')], transitions: [...base.transitions, { from: 'a', to: 'trap' }] })).toEqual([
      'lifecycle.statuses[3] never-finishes',
    ]);
  });
});
