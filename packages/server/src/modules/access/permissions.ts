import type { Principal } from '../../platform/http/principal.ts';
import { httpProblems } from '../../platform/http/problem.ts';

export const ACTIONS = [
  'case:read',
  'case:create',
  'case:update',
  'case:comment',
  'case:attach',
  'case-type:admin',
  'audit:read',
  'token:manage',
] as const;
export type Action = (typeof ACTIONS)[number];

// Coarse role grants. TODO(#3): replaced by policies over (action, case type, record
// scope, fields) compiled to SQL predicates; every call site already passes through here.
const ROLE_ACTIONS: Record<string, readonly Action[]> = {
  admin: ACTIONS,
  agent: ['case:read', 'case:create', 'case:update', 'case:comment', 'case:attach', 'token:manage'],
  auditor: ['case:read', 'audit:read'],
  intake: ['case:create', 'case:read'],
};
export const ROLES = Object.keys(ROLE_ACTIONS);

export function isAllowed(principal: Principal, action: Action): boolean {
  const byRole = principal.roles.some((role) => ROLE_ACTIONS[role]?.includes(action));
  return byRole && (principal.scopes === null || principal.scopes.includes(action));
}

export function assertAllowed(principal: Principal, action: Action): void {
  if (!isAllowed(principal, action)) {
    throw httpProblems.forbidden({ detail: `Your roles do not grant ${action}`, action });
  }
}
