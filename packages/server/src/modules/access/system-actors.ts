import type { Db } from '../../platform/db/database.ts';
import type { Principal } from '../../platform/http/principal.ts';
import { findPrincipalOfSystemActor, insertIngestActorIfMissing } from './store.ts';

/** The named system actors; `system:ingest:<source>` is one per message source. */
export type SystemActorName = 'system:sla' | 'system:routing' | 'system:analytics' | 'system:automation' | 'system:process' | 'system:seed' | `system:ingest:${string}`;

const INGEST_ACTOR = /^system:ingest:[a-z0-9][a-z0-9._-]{0,62}$/;

/**
 * A system actor as the principal its commands run under. Its permissions are the roles granted
 * to it as data (migration 20261205T0100), so a worker can do no more than an administrator can
 * read off the role list. A message source's actor is made on first use, with role system-ingest.
 */
export async function findSystemActorOrThrow(db: Db, name: SystemActorName): Promise<Principal> {
  if (name.startsWith('system:ingest:')) {
    if (!INGEST_ACTOR.test(name)) throw new Error(`${name} is not a message source's actor name (system:ingest:<a-z0-9._->)`);
    await insertIngestActorIfMissing(db, name, `消息接入 ${name.slice('system:ingest:'.length)}`);
  }
  const actor = await findPrincipalOfSystemActor(db, name);
  if (!actor) throw new Error(`System actor ${name} does not exist or is disabled: run the migrations`);
  return actor;
}
