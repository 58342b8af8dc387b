import type { Db, Tx } from '../../../platform/db/database.ts';
import type { SlaPolicyDefinition } from '../model.ts';

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
 * CONTRACT (issue 16): the policies work owns this file (FEEL expressions, caching); the clocks
 * call it when a clock starts.
 */
export async function findMatchingPolicy(tx: Db | Tx, subject: SlaSubject, at: Date): Promise<MatchedPolicy | null> {
  const rows = await tx
    .selectFrom('sla.policy as p')
    .innerJoin('sla.policy_version as v', 'v.policy_id', 'p.id')
    .select(['p.id', 'p.key', 'p.name', 'v.version', 'v.definition', 'v.effective_from'])
    .where('p.enabled', '=', true)
    .where('v.effective_from', '<=', at)
    .orderBy('p.position')
    .orderBy('v.effective_from', 'desc')
    .orderBy('v.version', 'desc')
    .execute();
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const definition = row.definition as SlaPolicyDefinition;
    if (conditionsHold(definition, subject)) return { policyId: row.id, key: row.key, name: row.name, version: row.version, definition };
  }
  return null;
}

function conditionsHold({ conditions: c }: SlaPolicyDefinition, s: SlaSubject): boolean {
  const within = <T>(list: T[] | undefined, value: T | null) => !list || list.length === 0 || (value !== null && list.includes(value));
  if (!within(c.caseTypes, s.caseType)) return false;
  if (!within(c.channels, s.channel)) return false;
  if (!within(c.priorities as string[] | undefined, s.priority)) return false;
  if (!within(c.customerTiers, s.customerTier)) return false;
  if (!within(c.riskLevels, s.riskLevel)) return false;
  if (c.tags && c.tags.length > 0 && !c.tags.some((t) => s.tags.includes(t))) return false;
  if (c.departmentIds && c.departmentIds.length > 0 && !c.departmentIds.some((d) => s.departmentLineage.includes(d))) return false;
  // FEEL expressions: the policies work evaluates them here.
  return true;
}
