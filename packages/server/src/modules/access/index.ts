export { publicAccessRoutes, accessRoutes, accessSchemas } from './routes.ts';
export { authenticate, resolvePrincipal, SESSION_COOKIE } from './authenticate.ts';
export { assertAllowed, isAllowed, ACTIONS, ROLES, type Action } from './permissions.ts';
export { ensureAdminUser } from './bootstrap-admin.ts';
export { hashPassword } from './passwords.ts';
export { insertUser, insertDepartment, findUserByUsername, countUsers } from './store.ts';
