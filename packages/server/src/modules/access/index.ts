export { publicAccessRoutes, accessRoutes, accessSchemas } from './routes.ts';
export { authenticate, resolvePrincipal, SESSION_COOKIE } from './authenticate.ts';
export { assertAllowed, assertAllowedOnCase, isAllowed, isAllowedOnCase, ACTIONS, type Action } from './permissions.ts';
export { compileCaseFilter, resolveFieldAccess, isAtLeast, type CaseFilter, type CaseFilterClause, type FieldAccess, type PolicyCase } from './policy.ts';
export { maskValue } from './masking.ts';
export { ensureAdminUser } from './bootstrap-admin.ts';
export { hashPassword } from './passwords.ts';
export { insertUser, insertDepartment, findUserByUsername, findUserById, countUsers } from './store.ts';
export { organisationRoutes, organisationSchemas } from './org-routes.ts';
