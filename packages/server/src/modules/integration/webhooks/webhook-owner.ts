import type { Db, Tx } from '../../../platform/db/database.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import { findPolicySubjectOfUser } from '../../access/index.ts';
import { findActivePerson } from './webhook-store.ts';

/**
 * The owner as a principal: what the deliveries are cut to. Loaded fresh for every use, so a
 * role taken away or a user disabled narrows the next delivery. Undefined: no longer an active person.
 */
export async function loadOwnerPrincipal(db: Db | Tx, ownerId: string, webhookId: string): Promise<Principal | undefined> {
  const person = await findActivePerson(db, ownerId);
  if (!person) return undefined;
  const subject = await findPolicySubjectOfUser(db, ownerId);
  if (!subject) return undefined;
  return {
    userId: person.id,
    username: person.username,
    displayName: person.displayName,
    departmentId: person.departmentId,
    departmentIds: subject.departmentIds,
    subtreeDepartmentIds: subject.subtreeDepartmentIds,
    roles: person.roles,
    permissions: subject.permissions,
    kind: 'session',
    scopes: null,
    credentialId: `webhook:${webhookId}`,
  };
}
