import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../platform/http/principal.ts';
import type { TaskRecord } from '../engine/contract.ts';
import { isOwnTask, mayClaim, mayComplete, mayUnclaim, taskCallerOf } from './task-visibility.ts';

const principal = (overrides: Partial<Principal> = {}): Principal => ({
  userId: 'u-alice',
  username: 'alice',
  displayName: 'alice',
  departmentId: null,
  departmentIds: [],
  subtreeDepartmentIds: [],
  roles: ['agent'],
  permissions: [],
  kind: 'session',
  scopes: null,
  credentialId: 'c1',
  ...overrides,
});

const task = (overrides: Partial<TaskRecord> = {}): TaskRecord => ({
  id: 't1',
  instanceId: 'i1',
  elementInstanceId: 'e1',
  elementId: 'review',
  name: null,
  caseId: null,
  state: 'open',
  assignee: null,
  candidateUsers: [],
  candidateGroups: [],
  departmentRole: null,
  formKey: null,
  dueAt: null,
  priority: 50,
  createdAt: new Date(0),
  completedAt: null,
  completedBy: null,
  outcome: null,
  ...overrides,
});

describe('whose task it is', () => {
  const alice = taskCallerOf(principal(), ['reviewers'], false);

  it.each([
    ['the assignee', task({ assignee: 'u-alice' }), true],
    ['a candidate user', task({ candidateUsers: ['u-alice'] }), true],
    ['a member of a candidate group', task({ candidateGroups: ['reviewers'] }), true],
    ['a holder of a candidate role', task({ candidateGroups: ['agent'] }), true],
    ['whoever completed it', task({ state: 'completed', completedBy: 'u-alice' }), true],
    ['nobody named', task({ candidateGroups: ['risk'], candidateUsers: ['u-bob'] }), false],
    ['a candidate, once someone else completed it', task({ state: 'completed', completedBy: 'u-bob', candidateGroups: ['reviewers'] }), false],
  ])('%s: %s', (_, record, expected) => {
    expect(isOwnTask(record, alice)).toBe(expected);
  });

  it('matches a topic only for an API token or a system holding topic-<type>, never a session', () => {
    const topicTask = task({ candidateGroups: ['topic:credit-check'] });
    expect(isOwnTask(topicTask, taskCallerOf(principal({ roles: ['topic-credit-check'] }), [], false))).toBe(false);
    expect(isOwnTask(topicTask, taskCallerOf(principal({ kind: 'api-token', roles: ['topic-credit-check'] }), [], false))).toBe(true);
    expect(isOwnTask(topicTask, taskCallerOf(principal({ kind: 'system' }), ['topic-credit-check'], false))).toBe(true);
    expect(isOwnTask(topicTask, taskCallerOf(principal({ kind: 'api-token', roles: ['topic-other'] }), [], false))).toBe(false);
  });
});

describe('acting on an open task', () => {
  const dave = taskCallerOf(principal({ userId: 'u-dave' }), ['reviewers'], false);
  const admin = taskCallerOf(principal({ userId: 'u-admin', roles: ['admin'] }), [], true);
  const claimedByAlice = task({ candidateGroups: ['reviewers'], assignee: 'u-alice' });
  const unclaimed = task({ candidateGroups: ['reviewers'] });

  it('lets a candidate claim and complete an unclaimed task, without override', () => {
    expect(mayClaim(unclaimed, dave)).toEqual({ allowed: true, override: false });
    expect(mayComplete(unclaimed, dave)).toEqual({ allowed: true, override: false });
  });

  it('refuses a candidate completing or giving back a task someone else claimed', () => {
    expect(mayComplete(claimedByAlice, dave).allowed).toBe(false);
    expect(mayUnclaim(claimedByAlice, dave).allowed).toBe(false);
  });

  it('lets process:admin act on anyone’s task as an override', () => {
    expect(mayComplete(claimedByAlice, admin)).toEqual({ allowed: true, override: true });
    expect(mayUnclaim(claimedByAlice, admin)).toEqual({ allowed: true, override: true });
    expect(mayClaim(unclaimed, admin)).toEqual({ allowed: true, override: true });
  });

  it('refuses someone who is neither named nor an administrator', () => {
    const carol = taskCallerOf(principal({ userId: 'u-carol' }), [], false);
    expect(mayClaim(unclaimed, carol).allowed).toBe(false);
    expect(mayComplete(unclaimed, carol).allowed).toBe(false);
  });
});
