import { defineProblem } from '../http/problem.ts';

export const clockProblems = {
  backwards: defineProblem({ type: 'test-clock-backwards', status: 409, title: 'The test clock only moves forward' }),
};
