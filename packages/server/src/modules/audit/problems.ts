import { defineProblem } from '../../platform/http/problem.ts';

export const auditProblems = {
  noTreeHead: defineProblem({ type: 'audit-no-tree-head', status: 404, title: 'The audit ledger has no signed tree head yet', retryable: true }),
  eventNotInLedger: defineProblem({ type: 'audit-event-not-in-ledger', status: 404, title: 'This audit event is not in the ledger (yet)', retryable: true }),
  treeSizeOutOfRange: defineProblem({ type: 'audit-tree-size-out-of-range', status: 400, title: 'The ledger has no tree of this size' }),
  caseNotInLedger: defineProblem({ type: 'audit-case-not-in-ledger', status: 409, title: "None of this case's events is under a signed tree head yet", retryable: true }),
};
