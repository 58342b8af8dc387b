import { defineProblem } from '../../platform/http/problem.ts';

export const decisionProblems = {
  notDmn: defineProblem({ type: 'dmn-not-readable', status: 400, title: 'The body is not a DMN model Docket can read' }),
  invalidModel: defineProblem({ type: 'dmn-invalid', status: 422, title: 'The DMN model cannot be deployed' }),
  notFound: defineProblem({ type: 'decision-not-found', status: 404, title: 'Decision not found' }),
  evaluationFailed: defineProblem({ type: 'decision-evaluation-failed', status: 422, title: 'The decision cannot be evaluated with these variables' }),
};
