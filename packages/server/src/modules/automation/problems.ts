import { defineProblem } from '../../platform/http/problem.ts';

/** The automation module's problem types (issue 21); each has a row in docs/problems.md. */
export const automationProblems = {
  ruleNotFound: defineProblem({ type: 'automation-rule-not-found', status: 404, title: 'Automation rule not found' }),
  ruleKeyTaken: defineProblem({ type: 'automation-rule-key-taken', status: 409, title: 'An automation rule with this key exists' }),
  ruleVersionStale: defineProblem({ type: 'automation-rule-version-stale', status: 412, title: 'The automation rule changed since you read it' }),
  runNotFound: defineProblem({ type: 'automation-run-not-found', status: 404, title: 'Automation run not found' }),
  invalidDefinition: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
};
