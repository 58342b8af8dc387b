import type { Principal } from '../../../platform/http/principal.ts';
import type { TaskRecord } from '../engine/contract.ts';

/**
 * Who a task belongs to. A person's task is theirs when they are its assignee, one of its
 * candidate users, or hold one of its candidate groups as a group or a role. A task an external
 * system works (a service task with a topic and no connector: candidate group `topic:<type>`)
 * belongs to API tokens and system actors holding the group or role `topic-<type>`; a person's
 * session never matches a topic, so a clerk cannot complete what a system is meant to answer.
 * Anyone with process:admin may see and act on every task; it is audited as an override.
 */
export interface TaskCaller {
  userId: string;
  /** Candidate-group names the caller matches: its groups, its roles and (systems only) `topic:<type>`. */
  candidateKeys: string[];
  isProcessAdmin: boolean;
}

export const TOPIC_GROUP_PREFIX = 'topic:';
// Group and role keys are `[a-z][a-z0-9-]*`, so the topic `credit-check` is held as `topic-credit-check`.
const TOPIC_KEY_PREFIX = 'topic-';

export function taskCallerOf(principal: Principal, groupKeys: string[], isProcessAdmin: boolean): TaskCaller {
  const held = [...new Set([...groupKeys, ...principal.roles])];
  const isSystem = principal.kind === 'api-token' || principal.kind === 'system';
  const topics = isSystem ? held.filter((key) => key.startsWith(TOPIC_KEY_PREFIX)).map((key) => TOPIC_GROUP_PREFIX + key.slice(TOPIC_KEY_PREFIX.length)) : [];
  return { userId: principal.userId, candidateKeys: [...held, ...topics].sort(), isProcessAdmin };
}

/** A candidate of the task (by user, group or role), whoever holds it now. */
export function isCandidateOf(task: Pick<TaskRecord, 'candidateUsers' | 'candidateGroups'>, caller: TaskCaller): boolean {
  return task.candidateUsers.includes(caller.userId) || task.candidateGroups.some((group) => caller.candidateKeys.includes(group));
}

/**
 * The caller's own task: assigned to them, completed by them, or theirs while someone acts for
 * them (`owner`: 委派 the delegator, an out-of-office rule's absent user); while open, also one
 * they are a candidate of.
 */
export function isOwnTask(task: Pick<TaskRecord, 'state' | 'assignee' | 'completedBy' | 'candidateUsers' | 'candidateGroups' | 'owner'>, caller: TaskCaller): boolean {
  return task.assignee === caller.userId || task.completedBy === caller.userId || (!!task.owner && task.owner === caller.userId) || (task.state === 'open' && isCandidateOf(task, caller));
}

/** What the caller may do with an open task, and whether doing it overrides its assignment. */
export type TaskActRight = { allowed: true; override: boolean } | { allowed: false; reason: string };

/** Claiming: a candidate of an unclaimed task, or its assignee again; an administrator on any (override). */
export function mayClaim(task: TaskRecord, caller: TaskCaller): TaskActRight {
  if (task.assignee === caller.userId || isCandidateOf(task, caller)) return { allowed: true, override: false };
  if (caller.isProcessAdmin) return { allowed: true, override: true };
  return { allowed: false, reason: 'You are not a candidate of this task' };
}

/** Giving back: the assignee; an administrator may take a task off anyone (override). */
export function mayUnclaim(task: TaskRecord, caller: TaskCaller): TaskActRight {
  if (task.assignee === caller.userId) return { allowed: true, override: false };
  if (task.assignee === null && isCandidateOf(task, caller)) return { allowed: true, override: false };
  if (caller.isProcessAdmin) return { allowed: true, override: true };
  return { allowed: false, reason: task.assignee ? 'Only the assignee can give this task back' : 'You are not a candidate of this task' };
}

/** Completing: the assignee, or a candidate of an unclaimed task (who claims it implicitly); an administrator on any (override). */
export function mayComplete(task: TaskRecord, caller: TaskCaller): TaskActRight {
  if (task.assignee === caller.userId) return { allowed: true, override: false };
  if (task.assignee === null && isCandidateOf(task, caller)) return { allowed: true, override: false };
  if (caller.isProcessAdmin) return { allowed: true, override: true };
  return { allowed: false, reason: task.assignee ? 'Another person has claimed this task' : 'You are not a candidate of this task' };
}
