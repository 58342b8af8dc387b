import { randomBytes } from 'node:crypto';
import type { Db } from '../../platform/db/database.ts';
import { newId } from '../../platform/ids/ids.ts';
import { hashPassword } from './passwords.ts';
import { findUserByUsername, insertUser } from './store.ts';

/**
 * The first start creates `admin`. Its password comes from DOCKET_ADMIN_PASSWORD, or is
 * generated and returned so the caller can print it once; it is never logged or stored in clear.
 */
export async function ensureAdminUser(db: Db, configuredPassword: string | undefined): Promise<{ created: boolean; generatedPassword?: string }> {
  if (await findUserByUsername(db, 'admin')) return { created: false };
  const generatedPassword = configuredPassword ? undefined : randomBytes(12).toString('base64url');
  await insertUser(db, {
    id: newId(),
    username: 'admin',
    displayName: 'Administrator',
    passwordHash: await hashPassword(configuredPassword ?? generatedPassword!),
    departmentId: null,
    roles: ['admin'],
  });
  return { created: true, generatedPassword };
}
