import { defineProblem } from '../../../platform/http/problem.ts';

export const routingRuleProblems = {
  notFound: defineProblem({ type: 'routing-rule-not-found', status: 404, title: 'Routing rule not found' }),
  exists: defineProblem({ type: 'routing-rule-exists', status: 409, title: 'A routing rule with this key exists' }),
  invalid: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
  departmentNotFound: defineProblem({ type: 'department-not-found', status: 404, title: 'Department not found' }),
};
