import { defineProblem } from '../../../platform/http/problem.ts';

export const profileProblems = {
  agentNotFound: defineProblem({ type: 'routing-agent-not-found', status: 404, title: 'No such person to route work to' }),
  invalid: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
};
