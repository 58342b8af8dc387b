import { defineProblem } from '../../../platform/http/problem.ts';

export const slaPolicyProblems = {
  notFound: defineProblem({ type: 'sla-policy-not-found', status: 404, title: 'SLA policy not found' }),
  exists: defineProblem({ type: 'sla-policy-exists', status: 409, title: 'An SLA policy with this key exists' }),
  invalid: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
  packNotFound: defineProblem({ type: 'sla-pack-not-found', status: 404, title: 'SLA pack not found' }),
};
