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
  // One row per enabled policy: the version in force at `at` (latest effective date, then highest number).
  const rows = await tx
    .selectFrom('sla.policy as p')
    .innerJoin('sla.policy_version as v', 'v.policy_id', 'p.id')
    .distinctOn(['p.position', 'p.id'])
    .select(['p.id', 'p.key', 'p.name', 'v.version', 'v.definition'])
    .where('p.enabled', '=', true)
    .where('v.effective_from', '<=', at)
    .orderBy('p.position')
    .orderBy('p.id')
    .orderBy('v.effective_from', 'desc')
    .orderBy('v.version', 'desc')
    .execute();
  for (const row of rows) {
    const definition = row.definition as SlaPolicyDefinition;
    if (checkSlaConditions(definition.conditions, subject, { stopAtFirst: true }).matched) return { policyId: row.id, key: row.key, name: row.name, version: row.version, definition };
  }
  return null;
}

/** One version of a policy, as a clock bound to it reads it (re-budgeting, step targets); undefined when there is none. */
export async function findSlaPolicyVersion(tx: Db | Tx, policyId: string, version: number): Promise<MatchedPolicy | undefined> {
  const row = await tx
    .selectFrom('sla.policy as p')
    .innerJoin('sla.policy_version as v', 'v.policy_id', 'p.id')
    .select(['p.id', 'p.key', 'p.name', 'v.version', 'v.definition'])
    .where('p.id', '=', policyId)
    .where('v.version', '=', version)
    .executeTakeFirst();
  return row ? { policyId: row.id, key: row.key, name: row.name, version: row.version, definition: row.definition as SlaPolicyDefinition } : undefined;
}
