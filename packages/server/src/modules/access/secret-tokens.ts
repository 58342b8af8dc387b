import { createHash, randomBytes } from 'node:crypto';

// Session tokens and API tokens are 256-bit random secrets with a readable prefix, so a
// leaked one is recognisable in a secret scanner and tells which kind it is.
export const SESSION_TOKEN_PREFIX = 'dks_';
export const API_TOKEN_PREFIX = 'dkt_';

export function newSecretToken(prefix: string): { token: string; hash: Buffer } {
  const token = prefix + randomBytes(32).toString('base64url');
  return { token, hash: hashSecretToken(token) };
}

export function hashSecretToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
