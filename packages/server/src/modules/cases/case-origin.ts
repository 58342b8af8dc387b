import type { Db } from '../../platform/db/database.ts';

/**
 * Where a case came from and where it stands: ids, number and workflow state only (no title, no
 * customer, no field), which is all a write-back (issue 18) sends: four columns, not the case view, which
 * would load and unseal the whole case.
 */
export interface CaseOrigin {
  caseId: string;
  number: string;
  status: string;
  statusCategory: string;
  externalSource: string;
  externalId: string;
  resolvedAt: Date | null;
}

export async function findCaseOrigin(db: Db, caseId: string): Promise<CaseOrigin | undefined> {
  const row = await db.selectFrom('cases.case').select(['id', 'number', 'status', 'status_category', 'external_source', 'external_id', 'resolved_at']).where('id', '=', caseId).executeTakeFirst();
  if (!row?.external_source || !row.external_id) return undefined;
  return {
    caseId: row.id,
    number: row.number,
    status: row.status,
    statusCategory: row.status_category,
    externalSource: row.external_source,
    externalId: row.external_id,
    resolvedAt: row.resolved_at,
  };
}
