import { defineProblem } from '../../../platform/http/problem.ts';

export const routingDecisionProblems = {
  invalid: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
  // The same problem the cases module answers for a stale If-Match: the override is a change of the case.
  versionStale: defineProblem({ type: 'case-version-stale', status: 412, title: 'The case changed since you read it' }),
};
