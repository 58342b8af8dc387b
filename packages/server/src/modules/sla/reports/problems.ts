import { defineProblem } from '../../../platform/http/problem.ts';

export const slaReportProblems = {
  validationFailed: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
};
