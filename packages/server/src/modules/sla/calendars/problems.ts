import { defineProblem } from '../../../platform/http/problem.ts';

export const calendarProblems = {
  notFound: defineProblem({ type: 'calendar-not-found', status: 404, title: 'Calendar not found' }),
  exists: defineProblem({ type: 'calendar-exists', status: 409, title: 'A calendar with this key, or for this department, exists' }),
};
