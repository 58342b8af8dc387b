import { defineProblem } from '../../../platform/http/problem.ts';

/** 抄送, 催办 and out-of-office rules (docs/problems.md). */
export const extraProblems = {
  urgeTooSoon: defineProblem({ type: 'urge-too-soon', status: 429, title: 'You urged this task a short while ago' }),
  ccWithoutCase: defineProblem({ type: 'cc-without-case', status: 409, title: 'This task belongs to no case, so there is nothing to copy anyone on' }),
  outOfOfficeNotFound: defineProblem({ type: 'out-of-office-not-found', status: 404, title: 'Out-of-office rule not found' }),
  outOfOfficeOverlap: defineProblem({ type: 'out-of-office-overlap', status: 409, title: 'Another out-of-office rule already covers part of this time for these processes' }),
};
