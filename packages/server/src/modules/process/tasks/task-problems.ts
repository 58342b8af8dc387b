import { defineProblem } from '../../../platform/http/problem.ts';

export const taskProblems = {
  // Also the answer for a task the caller may not see: its existence is not revealed.
  notFound: defineProblem({ type: 'task-not-found', status: 404, title: 'Task not found' }),
  claimedByAnother: defineProblem({ type: 'task-claimed', status: 409, title: 'Another person has claimed this task' }),
  notOpen: defineProblem({ type: 'task-not-open', status: 409, title: 'This task is no longer open' }),
  // Issue 15: an external task is the other system's to complete; the console links out to it.
  external: defineProblem({ type: 'task-external', status: 409, title: 'This task belongs to another system; complete it there' }),
  invalidCursor: defineProblem({ type: 'invalid-cursor', status: 400, title: 'The cursor is not valid for this list' }),
};
