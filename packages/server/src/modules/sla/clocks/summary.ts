import type { Tx } from '../../../platform/db/database.ts';
import { setCaseSlaSummaries } from '../../cases/index.ts';
import { targetRisk, worstRisk } from './levels.ts';

/** The kinds of clock a case's own due time and state follow; a step's clock belongs to its task. */
export const CASE_LEVEL_KINDS = ['first-response', 'next-response', 'resolution'] as const;

/**
 * Recomputes cases.case.due_at and sla_state of the given cases from their open case-level clocks:
 * the earliest due time (an override wins over the computed one) and the worst risk. Call after
 * any change to a clock, in the same transaction.
 */
export async function refreshCaseSlaSummaries(tx: Tx, caseIds: string[], now: Date): Promise<void> {
  if (caseIds.length === 0) return;
  const unique = [...new Set(caseIds)];
  const rows = await tx
    .selectFrom('sla.target')
    .select(['case_id', 'state', 'due_at', 'override_due_at', 'at_risk_at', 'breached_at'])
    .where('case_id', 'in', unique)
    .where('kind', 'in', CASE_LEVEL_KINDS)
    .where('state', 'in', ['running', 'paused'])
    .execute();
  const summaries = unique.map((caseId) => {
    const open = rows.filter((r) => r.case_id === caseId);
    const dues = open.map((r) => r.override_due_at ?? r.due_at).filter((d): d is Date => d !== null);
    const dueAt = dues.length > 0 ? new Date(Math.min(...dues.map((d) => d.getTime()))) : null;
    const slaState = worstRisk(open.map((r) => targetRisk({ state: r.state as 'running' | 'paused', atRiskAt: r.at_risk_at, breachedAt: r.breached_at, dueAt: r.override_due_at ?? r.due_at }, now)));
    return { caseId, dueAt, slaState };
  });
  await setCaseSlaSummaries(tx, summaries);
}
