import { defineProblem } from '../../platform/http/problem.ts';

/** Problem types of the analytics module (documented in docs/problems.md). Parts add theirs here. */
export const analyticsProblems = {
  reportNotFound: defineProblem({ type: 'analytics-report-not-found', status: 404, title: 'Report not found' }),
  reportVersionStale: defineProblem({ type: 'analytics-report-version-stale', status: 412, title: 'The report changed since you read it' }),
  /** A report grouping by, filtering on or exporting a field the reader sees masked or not at all. */
  fieldNotReportable: defineProblem({ type: 'analytics-field-not-reportable', status: 403, title: 'This field cannot be grouped or exported in clear by you' }),
  boardVersionStale: defineProblem({ type: 'analytics-board-version-stale', status: 412, title: 'The board changed since you read it' }),
  boardNotFound: defineProblem({ type: 'analytics-board-not-found', status: 404, title: 'Dashboard board not found' }),
  spikeRuleNotFound: defineProblem({ type: 'analytics-spike-rule-not-found', status: 404, title: 'Spike rule not found' }),
  spikeRuleVersionStale: defineProblem({ type: 'analytics-spike-rule-version-stale', status: 412, title: 'The spike rule changed since you read it' }),
  reportPackNotFound: defineProblem({ type: 'analytics-report-pack-not-found', status: 404, title: 'Report pack not found' }),
  /** A reproduction needs the record policy the pack was generated under, else it counts other cases. */
  reportPackPolicyDiffers: defineProblem({ type: 'analytics-report-pack-policy-differs', status: 409, title: 'Your record policy differs from the one this pack was generated under' }),
  processNotFound: defineProblem({ type: 'analytics-process-not-found', status: 404, title: 'No deployed process with this key' }),
};
