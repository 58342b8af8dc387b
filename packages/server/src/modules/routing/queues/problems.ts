import { defineProblem } from '../../../platform/http/problem.ts';

export const queueProblems = {
  notFound: defineProblem({ type: 'queue-not-found', status: 404, title: 'Queue not found' }),
  exists: defineProblem({ type: 'queue-exists', status: 409, title: 'A queue with this key exists' }),
  versionStale: defineProblem({ type: 'queue-version-stale', status: 412, title: 'The queue changed since you read it' }),
  invalid: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
};
