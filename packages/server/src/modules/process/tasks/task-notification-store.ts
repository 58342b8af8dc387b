import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';

type Executor = Db | Tx;

/** The process name (or key) and the instance's origin, for the message's params. */
export async function findInstanceFacts(tx: Executor, instanceId: string) {
  const result = await sql<{ name: string | null; key: string; case_id: string | null; started_by: string | null; parent_instance_id: string | null; outcome: unknown }>`
    SELECT d.name, d.key, i.case_id, i.started_by, i.parent_instance_id, i.variables -> 'outcome' AS outcome
      FROM process.instance i JOIN process.definition d ON d.id = i.definition_id
     WHERE i.id = ${instanceId}::uuid`.execute(tx);
  return result.rows[0];
}
