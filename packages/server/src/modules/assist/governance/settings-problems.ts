import { defineProblem } from '../../../platform/http/problem.ts';

export const settingsProblems = {
  invalid: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
  versionStale: defineProblem({ type: 'assist-settings-version-stale', status: 412, title: 'The assistance settings changed since you read them' }),
};
