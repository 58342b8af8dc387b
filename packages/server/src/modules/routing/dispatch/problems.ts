import { defineProblem } from '../../../platform/http/problem.ts';

export const dispatchProblems = {
  nothingToTake: defineProblem({ type: 'nothing-to-take', status: 404, title: 'Nothing waits in your queues' }),
  atCapacity: defineProblem({ type: 'at-capacity', status: 409, title: 'You are at your routing capacity' }),
  offerNotFound: defineProblem({ type: 'routing-offer-not-found', status: 404, title: 'Routing offer not found' }),
  offerAnswered: defineProblem({ type: 'routing-offer-answered', status: 409, title: 'The offer is no longer pending' }),
};
