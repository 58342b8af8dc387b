import type { Db, Tx } from '../../../platform/db/database.ts';
import type { SlaPolicyDefinition } from '../model.ts';
import { checkSlaConditions } from './conditions.ts';

/** What a policy's conditions look at: the case as the SLA module sees it (no personal data). */
export interface SlaSubject {
  caseType: string;
  channel: string | null;
  priority: string;
  customerTier: string | null;
  riskLevel: string | null;
  tags: string[];
  departmentId: string | null;
  /** The department and its ancestors, nearest first (for departmentIds conditions). */
  departmentLineage: string[];
  /** Clear form fields only (CaseFacts.fields). */
  fields: Record<string, unknown>;
}

export interface MatchedPolicy {
  policyId: string;
  key: string;
  name: string;
  version: number;
  definition: SlaPolicyDefinition;
}

/**
 * The first enabled policy, in position order, whose version in force at `at` matches.
 *
 * The conditions, FEEL expression included, are checked by `checkSlaConditions` (conditions.ts):
 * an expression that fails or gives anything but true does not match. One query per call: the
 * clocks call it when a clock starts.
 */
export async function findMatchingPolicy(tx: Db | Tx, subject: SlaSubject, at: Date): Promise<MatchedPolicy | null> {
  const rows = await tx
    .selectFrom('sla.policy as p')
    .innerJoin('sla.policy_version as v', 'v.policy_id', 'p.id')
    .select(['p.id', 'p.key', 'p.name', 'v.version', 'v.definition', 'v.effective_from'])
    .where('p.enabled', '=', true)
    .where('v.effective_from', '<=', at)
    .orderBy('p.position')
    .orderBy('p.id')
    .orderBy('v.effective_from', 'desc')
    .orderBy('v.version', 'desc')
    .execute();
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const definition = row.definition as SlaPolicyDefinition;
    if (checkSlaConditions(definition.conditions, subject, { stopAtFirst: true }).matched) return { policyId: row.id, key: row.key, name: row.name, version: row.version, definition };
  }
  return null;
}
