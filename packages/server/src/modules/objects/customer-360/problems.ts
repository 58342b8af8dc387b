import { defineProblem } from '../../../platform/http/problem.ts';

export const customer360Problems = {
  customerNotFound: defineProblem({ type: 'customer-not-found', status: 404, title: 'Customer not found' }),
};
