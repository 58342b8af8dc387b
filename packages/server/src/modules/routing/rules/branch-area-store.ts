import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';

export async function listBranchAreas(tx: Db | Tx, departmentId: string): Promise<string[]> {
  const rows = await tx.selectFrom('routing.branch_area').select('area').where('department_id', '=', departmentId).orderBy('area').execute();
  return rows.map((r) => r.area);
}

export async function replaceBranchAreas(tx: Tx, departmentId: string, areas: string[]): Promise<void> {
  await tx.deleteFrom('routing.branch_area').where('department_id', '=', departmentId).execute();
  if (areas.length > 0)
    await tx
      .insertInto('routing.branch_area')
      .values(areas.map((area) => ({ department_id: departmentId, area })))
      .execute();
}

export interface BranchRef {
  id: string;
  name: string;
}

export async function findDepartmentRef(tx: Db | Tx, id: string): Promise<BranchRef | undefined> {
  return tx.selectFrom('access.department').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

/** The department whose code is the customer's home branch. */
export async function findBranchByCode(tx: Db | Tx, code: string): Promise<BranchRef | undefined> {
  return tx.selectFrom('access.department').select(['id', 'name']).where('code', '=', code).executeTakeFirst();
}

/** The branch serving the longest region-code prefix of `region` (GB/T 2260: 110108 is in 1101, in 11). */
export async function findBranchByRegion(tx: Db | Tx, region: string): Promise<BranchRef | undefined> {
  const prefixes = Array.from({ length: region.length - 1 }, (_, i) => region.slice(0, i + 2));
  if (prefixes.length === 0) return undefined;
  const row = await sql<BranchRef>`
    SELECT d.id, d.name FROM routing.branch_area a JOIN access.department d ON d.id = a.department_id
     WHERE a.area = ANY(${prefixes}::text[])
     ORDER BY length(a.area) DESC, d.code LIMIT 1`.execute(tx);
  return row.rows[0];
}

/**
 * The branch one of whose place names the address contains, the longest name first (海淀区 before 海淀).
 * The address is a parameter of this one statement only: never stored, never logged.
 */
export async function findBranchByAddress(tx: Db | Tx, address: string): Promise<BranchRef | undefined> {
  const row = await sql<BranchRef>`
    SELECT d.id, d.name FROM routing.branch_area a JOIN access.department d ON d.id = a.department_id
     WHERE a.area !~ '^[0-9]+$' AND strpos(${address}::text, a.area) > 0
     ORDER BY length(a.area) DESC, d.code LIMIT 1`.execute(tx);
  return row.rows[0];
}

/** The branch's active queue taking this case type and channel (a queue naming the type first). */
export async function findBranchQueueId(tx: Db | Tx, departmentId: string, caseType: string, channel: string | null): Promise<string | undefined> {
  const row = await sql<{ id: string }>`
    SELECT q.id FROM routing.queue q
     WHERE q.department_id = ${departmentId} AND q.active
       AND (cardinality(q.case_types) = 0 OR ${caseType} = ANY(q.case_types))
       AND (cardinality(q.channels) = 0 OR ${channel}::text = ANY(q.channels))
     ORDER BY cardinality(q.case_types) = 0, cardinality(q.channels) = 0, q.key LIMIT 1`.execute(tx);
  return row.rows[0]?.id;
}
