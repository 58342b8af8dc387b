/** Who is calling: a signed-in user or a system holding an API token on a user's behalf. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  roles: string[];
  kind: 'session' | 'api-token';
  /** For API tokens: what the token may do; sessions carry every permission of the user. */
  scopes: string[] | null;
  /** The session or token this request authenticated with, for logout and revocation. */
  credentialId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}
