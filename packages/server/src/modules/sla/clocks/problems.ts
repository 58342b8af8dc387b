import { defineProblem } from '../../../platform/http/problem.ts';

/** Problems of the SLA clocks (docs/problems.md). */
export const clockProblems = {
  targetNotFound: defineProblem({ type: 'sla-target-not-found', status: 404, title: 'The case has no open SLA clock of this key' }),
};
