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

/** A case described by hand (the match tester's `case`), as policies would see it. */
export interface SlaSubjectInput {
  type: string;
  channel?: string | null;
  priority?: string;
  customerTier?: string | null;
  riskLevel?: string | null;
  tags?: string[];
  departmentId?: string | null;
  fields?: Record<string, unknown>;
}

export async function slaSubjectOfInput(tx: Db | Tx, input: SlaSubjectInput): Promise<SlaSubject> {
  const departmentId = input.departmentId ?? null;
  const department = departmentId ? await findDepartment(tx, departmentId) : undefined;
  const fields = input.fields ?? {};
  const riskLevel = input.riskLevel ?? fields.riskLevel;
  return {
    caseType: input.type,
    channel: input.channel ?? null,
    priority: input.priority ?? 'normal',
    customerTier: input.customerTier ?? null,
    riskLevel: typeof riskLevel === 'string' ? riskLevel : null,
    tags: input.tags ?? [],
    departmentId,
    departmentLineage: department ? department.path.split('/').filter(Boolean).reverse() : [],
    fields,
  };
}
