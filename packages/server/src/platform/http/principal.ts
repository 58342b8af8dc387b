/** A permission as the HTTP layer carries it; its meaning lives in modules/access/policy.ts. */
export interface PrincipalPermission {
  action: string;
  scope?: 'own' | 'department' | 'subtree' | 'all';
  caseTypes?: string[];
  tags?: string[];
  maxSensitivity?: 'normal' | 'confidential' | 'secret';
  fields?: Record<string, 'hidden' | 'masked' | 'readable' | 'writable'>;
  /** A read grant on named cases only (抄送); see modules/access/policy.ts caseReadGrant. */
  caseIds?: string[];
}

/** Who is calling: a signed-in user, a system holding an API token on a user's behalf, or a named system actor. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  /** Primary department. */
  departmentId: string | null;
  departmentIds: string[];
  /** The user's departments and every department below them: the "subtree" record scope. */
  subtreeDepartmentIds: string[];
  roles: string[];
  /** What the roles grant, already narrowed to the token's scopes for API tokens. */
  permissions: PrincipalPermission[];
  kind: 'session' | 'api-token' | 'system';
  /** For API tokens: the actions the token may use; sessions carry every permission of the user. */
  scopes: string[] | null;
  /** The session or token this request authenticated with, for logout and revocation. */
  credentialId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}
