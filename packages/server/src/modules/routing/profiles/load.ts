import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { Load } from '../model.ts';

export const emptyLoad = (): Load => ({ total: 0, byChannel: {}, byCaseType: {}, openTasks: 0 });

/**
 * What each agent holds now, in one query: their unfinished cases (open and waiting categories)
 * by channel and case type, and their open process tasks. `total` counts both: capacity's total
 * is "open work items of any kind". Every asked user is in the answer (an empty load when idle).
 */
export async function loadOf(tx: Db | Tx, userIds: string[]): Promise<Map<string, Load>> {
  const loads = new Map(userIds.map((id) => [id, emptyLoad()]));
  if (userIds.length === 0) return loads;
  const { rows } = await sql<{ kind: 'case' | 'task'; user_id: string; channel: string | null; type_key: string | null; n: number }>`
    SELECT 'case' AS kind, c.assignee_id::text AS user_id, c.channel, c.type_key, count(*)::int AS n
      FROM cases.case c
     WHERE c.assignee_id = ANY(${userIds}::uuid[]) AND c.status_category IN ('open', 'waiting')
     GROUP BY c.assignee_id, c.channel, c.type_key
    -- process.task.assignee is text (a person's id)
    UNION ALL
    SELECT 'task', t.assignee, NULL, NULL, count(*)::int
      FROM process.task t
     WHERE t.assignee = ANY(${userIds}::text[]) AND t.state = 'open'
     GROUP BY t.assignee`.execute(tx);
  for (const row of rows) {
    const load = loads.get(row.user_id);
    if (!load) continue;
    load.total += row.n;
    if (row.kind === 'task') {
      load.openTasks += row.n;
      continue;
    }
    if (row.channel !== null) load.byChannel[row.channel] = (load.byChannel[row.channel] ?? 0) + row.n;
    if (row.type_key !== null) load.byCaseType[row.type_key] = (load.byCaseType[row.type_key] ?? 0) + row.n;
  }
  return loads;
}
