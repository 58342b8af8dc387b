import { defineProblem } from '../../platform/http/problem.ts';

export const accessProblems = {
  invalidCredentials: defineProblem({ type: 'invalid-credentials', status: 401, title: 'Wrong username or password' }),
  accountLocked: defineProblem({ type: 'account-locked', status: 423, title: 'Sign-in is locked after repeated failures; try again later' }),
  tokenNotFound: defineProblem({ type: 'api-token-not-found', status: 404, title: 'API token not found' }),
};
