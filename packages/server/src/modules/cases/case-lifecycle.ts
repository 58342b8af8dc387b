import type { FieldError } from '../../platform/http/problem.ts';

/**
 * What a status means whatever the case type calls it. Queues, "is this case still open" and the
 * partial indexes work on the category (cases.case.status_category), so a case type may name its
 * own statuses without touching a query or an index.
 */
export const STATUS_CATEGORIES = ['open', 'waiting', 'resolved', 'closed'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

/** The categories of unfinished work: what a queue shows and what the partial indexes cover. */
export const UNFINISHED_CATEGORIES = ['open', 'waiting'] as const satisfies readonly StatusCategory[];

/** The permissions a transition may require on the case, besides reading it. */
export const TRANSITION_ACTIONS = ['case:update', 'case:close'] as const;
export type TransitionAction = (typeof TRANSITION_ACTIONS)[number];

export const STATUS_KEY_PATTERN = '^[a-z][a-z0-9-]{0,39}$';

export interface StatusLabels {
  'zh-CN': string;
  'en-US': string;
}

export interface LifecycleStatus {
  key: string;
  labels: StatusLabels;
  category: StatusCategory;
}

export interface LifecycleTransition {
  from: string;
  to: string;
  /** Reopening and the like: the reason is what a regulator asks about first. */
  requiresReason: boolean;
  action: TransitionAction;
}

export interface CaseLifecycle {
  initial: string;
  statuses: LifecycleStatus[];
  transitions: LifecycleTransition[];
}

/** As an administrator sends it: defaults left out. */
export interface CaseLifecycleInput {
  initial?: string;
  statuses: LifecycleStatus[];
  transitions: (Omit<LifecycleTransition, 'requiresReason' | 'action'> & { requiresReason?: boolean; action?: TransitionAction })[];
}

const reopen = { requiresReason: true, action: 'case:update' } as const;
const work = { requiresReason: false, action: 'case:update' } as const;
const finish = { requiresReason: false, action: 'case:close' } as const;

/**
 * The lifecycle of every case type that names none: new → open → pending (waiting on the
 * customer) → resolved → closed. A case can be resolved straight from new (answered at first
 * contact); resolved and closed cases can be reopened, with a reason.
 */
export const DEFAULT_LIFECYCLE: CaseLifecycle = {
  initial: 'new',
  statuses: [
    { key: 'new', labels: { 'zh-CN': '新建', 'en-US': 'New' }, category: 'open' },
    { key: 'open', labels: { 'zh-CN': '处理中', 'en-US': 'Open' }, category: 'open' },
    { key: 'pending', labels: { 'zh-CN': '待客户回复', 'en-US': 'Pending customer' }, category: 'waiting' },
    { key: 'resolved', labels: { 'zh-CN': '已解决', 'en-US': 'Resolved' }, category: 'resolved' },
    { key: 'closed', labels: { 'zh-CN': '已关闭', 'en-US': 'Closed' }, category: 'closed' },
  ],
  transitions: [
    { from: 'new', to: 'open', ...work },
    { from: 'new', to: 'pending', ...work },
    { from: 'new', to: 'resolved', ...finish },
    { from: 'open', to: 'pending', ...work },
    { from: 'open', to: 'resolved', ...finish },
    { from: 'pending', to: 'open', ...work },
    { from: 'pending', to: 'resolved', ...finish },
    { from: 'resolved', to: 'closed', ...finish },
    { from: 'resolved', to: 'open', ...reopen },
    { from: 'closed', to: 'open', ...reopen },
  ],
};

export function isUnfinishedCategory(category: StatusCategory): boolean {
  return category === 'open' || category === 'waiting';
}

/** Fills in the defaults an administrator may leave out; the initial status stays as sent (checked by findLifecycleProblems). */
export function normalizeLifecycle(input: CaseLifecycleInput): CaseLifecycle {
  return {
    initial: input.initial ?? '',
    statuses: input.statuses.map((s) => ({ key: s.key, labels: { 'zh-CN': s.labels['zh-CN'], 'en-US': s.labels['en-US'] }, category: s.category })),
    transitions: input.transitions.map((t) => ({ from: t.from, to: t.to, requiresReason: t.requiresReason ?? false, action: t.action ?? 'case:update' })),
  };
}

/**
 * Everything wrong with a lifecycle, each naming its field (`lifecycle.transitions[2].to`) and a
 * stable code the console translates. A lifecycle without problems can be walked from its initial
 * status to every status, and every unfinished status can reach a finished one.
 */
export function findLifecycleProblems(lifecycle: CaseLifecycle): FieldError[] {
  const errors: FieldError[] = [];
  const index = new Map<string, number>();
  lifecycle.statuses.forEach((status, i) => {
    if (index.has(status.key)) errors.push({ field: `lifecycle.statuses[${i}].key`, reason: `status ${status.key} is defined twice`, code: 'duplicate-status', params: { status: status.key } });
    else index.set(status.key, i);
  });
  const initial = lifecycle.statuses.find((s) => s.key === lifecycle.initial);
  if (!lifecycle.initial) errors.push({ field: 'lifecycle.initial', reason: 'is required: the status a new case starts in', code: 'initial-required' });
  else if (!initial) errors.push({ field: 'lifecycle.initial', reason: `${lifecycle.initial} is not one of the statuses`, code: 'unknown-status', params: { status: lifecycle.initial } });
  else if (!isUnfinishedCategory(initial.category)) errors.push({ field: 'lifecycle.initial', reason: 'a new case must start in an open or waiting status', code: 'initial-finished' });

  const seen = new Set<string>();
  const valid: LifecycleTransition[] = [];
  lifecycle.transitions.forEach((t, i) => {
    const where = `lifecycle.transitions[${i}]`;
    let ok = true;
    for (const end of ['from', 'to'] as const) {
      if (!index.has(t[end])) {
        errors.push({ field: `${where}.${end}`, reason: `${t[end]} is not one of the statuses`, code: 'unknown-status', params: { status: t[end] } });
        ok = false;
      }
    }
    if (t.from === t.to) {
      errors.push({ field: `${where}.to`, reason: 'must differ from from', code: 'same-status' });
      ok = false;
    }
    const pair = `${t.from}\u0000${t.to}`;
    if (seen.has(pair)) {
      errors.push({ field: where, reason: `${t.from} → ${t.to} is defined twice`, code: 'duplicate-transition' });
      ok = false;
    }
    seen.add(pair);
    if (ok) valid.push(t);
  });
  if (errors.length > 0 || !initial) return errors;

  const reachable = walk(initial.key, valid, (t) => [t.from, t.to]);
  lifecycle.statuses.forEach((status, i) => {
    if (!reachable.has(status.key)) {
      errors.push({ field: `lifecycle.statuses[${i}]`, reason: `${status.key} cannot be reached from ${initial.key}`, code: 'unreachable-status', params: { status: status.key } });
    }
  });
  // Walking backwards from every finished status finds the statuses a case can still finish from.
  const finished = lifecycle.statuses.filter((s) => !isUnfinishedCategory(s.category)).map((s) => s.key);
  const canFinish = new Set<string>();
  for (const key of finished) for (const k of walk(key, valid, (t) => [t.to, t.from])) canFinish.add(k);
  lifecycle.statuses.forEach((status, i) => {
    if (isUnfinishedCategory(status.category) && reachable.has(status.key) && !canFinish.has(status.key)) {
      errors.push({ field: `lifecycle.statuses[${i}]`, reason: `a case in ${status.key} can never be resolved or closed`, code: 'never-finishes', params: { status: status.key } });
    }
  });
  return errors;
}

function walk(start: string, transitions: LifecycleTransition[], edge: (t: LifecycleTransition) => [string, string]): Set<string> {
  const seen = new Set([start]);
  const todo = [start];
  while (todo.length > 0) {
    const at = todo.pop()!;
    for (const t of transitions) {
      const [from, to] = edge(t);
      if (from === at && !seen.has(to)) {
        seen.add(to);
        todo.push(to);
      }
    }
  }
  return seen;
}

/** Where a new case starts: its status and that status's category. */
export function initialStatusOf(lifecycle: CaseLifecycle): { status: string; statusCategory: StatusCategory } {
  return { status: lifecycle.initial, statusCategory: findStatus(lifecycle, lifecycle.initial)?.category ?? 'open' };
}

export function findStatus(lifecycle: CaseLifecycle, key: string): LifecycleStatus | undefined {
  return lifecycle.statuses.find((s) => s.key === key);
}

/** Transitions out of a status, in the order the lifecycle lists them. */
export function listTransitionsFrom(lifecycle: CaseLifecycle, from: string): LifecycleTransition[] {
  return lifecycle.transitions.filter((t) => t.from === from);
}

export type TransitionVerdict = { allowed: true; transition: LifecycleTransition; from: LifecycleStatus; to: LifecycleStatus } | { allowed: false; unknownStatus: boolean; reason: string };

export function judgeTransition(lifecycle: CaseLifecycle, from: string, to: string): TransitionVerdict {
  const target = findStatus(lifecycle, to);
  if (!target) {
    return { allowed: false, unknownStatus: true, reason: `is not a status of this case type (${lifecycle.statuses.map((s) => s.key).join(', ')})` };
  }
  if (from === to) return { allowed: false, unknownStatus: false, reason: `The case is already ${to}` };
  const transition = lifecycle.transitions.find((t) => t.from === from && t.to === to);
  const current = findStatus(lifecycle, from);
  if (!transition || !current) {
    const next = listTransitionsFrom(lifecycle, from).map((t) => t.to);
    const hint = next.length === 0 ? `a ${from} case cannot change status` : next.length === 1 ? `a ${from} case can only become ${next[0]}` : `from ${from} it can go to ${next.join(', ')}`;
    return { allowed: false, unknownStatus: false, reason: `A ${from} case cannot become ${to}: ${hint}` };
  }
  return { allowed: true, transition, from: current, to: target };
}

/** When a case was resolved and closed follows its category: leaving the finished categories clears both. */
export function timestampsAfterTransition(to: StatusCategory, now: Date): { resolvedAt?: Date | null; closedAt?: Date | null } {
  if (to === 'resolved') return { resolvedAt: now, closedAt: null };
  if (to === 'closed') return { closedAt: now };
  return { resolvedAt: null, closedAt: null };
}
