export { publicAccessRoutes, accessRoutes, accessSchemas } from './routes.ts';
export { authenticate, resolvePrincipal, SESSION_COOKIE } from './authenticate.ts';
export { assertAllowed, assertAllowedOnCase, assertAllowedToCreate, isAllowed, isAllowedOnCase, ACTIONS, type Action } from './permissions.ts';
export {
  compileCaseFilter,
  resolveFieldAccess,
  isAtLeast,
  isCaseCreateAllowed,
  isExplicitlyWritable,
  SENSITIVITY_LEVELS,
  mayEverReadClassUnmasked,
  mayReadUnmasked,
  isCaseActionAllowed,
  holdsCaseReadGrant,
  type CaseFilter,
  type CaseFilterClause,
  type FieldAccess,
  type PolicyCase,
} from './policy.ts';
export { maskValue } from './masking.ts';
export { ensureAdminUser } from './bootstrap-admin.ts';
export { hashPassword } from './passwords.ts';
export { findSystemActorOrThrow, type SystemActorName } from './system-actors.ts';
export { insertUser, insertDepartment, findUserByUsername, findUserById, countUsers, findPolicySubjectOfUser } from './store.ts';
export { organisationRoutes, organisationSchemas } from './org-routes.ts';
// Who holds what, for assignment (process tasks): group membership and department-relative roles.
export { listGroupKeysOfUser, listRoleHoldersInDepartment, findParentDepartmentId, listActiveUsersHolding, findDepartment, type DepartmentRow } from './org-store.ts';
export { publicMfaRoutes, mfaRoutes } from './mfa-routes.ts';
export { sessionRoutes, sessionSchemas } from './session-routes.ts';
export { publicOidcRoutes } from './oidc-routes.ts';
export { signInOptionsFromConfig, type SignInConfig, type SignInOptions } from './sign-in-options.ts';
export { oidcOptionsFromConfig, mapClaimsToAccount, type OidcConfig, type OidcOptions } from './oidc.ts';
export { createSecretBox, type SecretBox } from './secret-box.ts';
export { checkPasswordPolicy } from './password-policy.ts';
export { openSession, setSessionCookie } from './sessions.ts';
export { resetPasswordAsOperator } from './reset-password.ts';
export { lookupNames, findUsersAllowedOnCase, listDepartmentsForAction, searchActivePeople, type NameBook, type PersonView } from './people.ts';
// Whom a notification reaches (modules/notifications, task candidates, @mentions).
export { listActivePeople, listActivePeopleByUsername, listHoldersOfGroupsOrRoles } from './recipient-store.ts';
