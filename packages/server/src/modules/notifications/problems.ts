import { defineProblem } from '../../platform/http/problem.ts';

export const notificationProblems = {
  // Also another user's notification: whose ids exist is not revealed.
  notFound: defineProblem({ type: 'notification-not-found', status: 404, title: 'Notification not found' }),
  invalidCursor: defineProblem({ type: 'invalid-cursor', status: 400, title: 'The cursor is not valid for this list' }),
  validationFailed: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
};
