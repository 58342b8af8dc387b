import type { Problem } from '../../platform/http/problem.ts';
import type { AuditFact } from '../audit/index.ts';
import { caseProblems } from './problems.ts';
import { withRefusalAudit } from './refusal-audit.ts';

// An external id that exists on a case the caller may not read: the answer names only the field,
// never the case (its id, number, title or department would tip off an outsider), and the attempt
// is audited with what the caller sent itself, not with anything of the existing case.

const REASON = 'is already used by a case you may not read';

export function externalIdTakenFact(source: string, externalId: string): AuditFact {
  return { action: 'case.external-id-refused', targetType: 'external-id', targetId: source, reason: 'external id taken by a case the caller may not read', data: { source, externalId } };
}

export function externalIdTakenProblem(source: string, externalId: string): Problem {
  return withRefusalAudit(
    caseProblems.externalIdTaken({ detail: 'Choose another external id, or ask who may read the existing case', errors: [{ field: 'externalId', reason: REASON }] }),
    externalIdTakenFact(source, externalId),
  );
}

/** The same problem as a bulk line's result: a plain document, no case data. */
export function externalIdTakenLineProblem() {
  const { type, status, title } = caseProblems.externalIdTaken.definition;
  return { type: `/problems/${type}`, status, title, errors: [{ field: 'externalId', reason: REASON }] };
}
