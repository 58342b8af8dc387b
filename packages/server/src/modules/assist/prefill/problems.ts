import { defineProblem } from '../../../platform/http/problem.ts';

export const prefillProblems = {
  invalid: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
  caseTypeNotFound: defineProblem({ type: 'case-type-not-found', status: 404, title: 'Case type not found' }),
  assistanceOff: defineProblem({ type: 'assist-off', status: 409, title: 'Assistance is off for this case type' }),
  notFound: defineProblem({ type: 'assist-prefill-not-found', status: 404, title: 'Prefill not found' }),
  outcomesRecorded: defineProblem({ type: 'assist-outcomes-recorded', status: 409, title: 'The outcomes of this prefill were already recorded' }),
};
