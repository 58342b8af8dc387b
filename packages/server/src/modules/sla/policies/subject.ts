import type { Db, Tx } from '../../../platform/db/database.ts';
import { findDepartment } from '../../access/index.ts';
import type { CaseFacts } from '../../cases/index.ts';
import type { SlaSubject } from './match.ts';

/** The case as SLA policies see it: no personal data (CaseFacts leaves sealed values behind). */
export async function slaSubjectOf(tx: Db | Tx, facts: CaseFacts): Promise<SlaSubject> {
  const department = facts.departmentId ? await findDepartment(tx, facts.departmentId) : undefined;
  const riskLevel = facts.fields.riskLevel;
  return {
    caseType: facts.caseType,
    channel: facts.channel,
    priority: facts.priority,
    customerTier: facts.customerTier,
    riskLevel: typeof riskLevel === 'string' ? riskLevel : null,
    tags: facts.tags,
    departmentId: facts.departmentId,
    departmentLineage: department ? department.path.split('/').filter(Boolean).reverse() : [],
    fields: facts.fields,
  };
}
