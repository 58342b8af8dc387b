import { defineProblem } from '../../../platform/http/problem.ts';

/** Problem types of imports, upserts by external id and the lookup connector (documented in docs/problems.md). */
export const importProblems = {
  importNotFound: defineProblem({ type: 'object-import-not-found', status: 404, title: 'Import not found' }),
  lookupConnectorNotFound: defineProblem({ type: 'lookup-connector-not-found', status: 404, title: 'This object type has no lookup connector' }),
  lookupConnectorVersionStale: defineProblem({ type: 'lookup-connector-version-stale', status: 412, title: 'The lookup connector changed since you read it' }),
  lookupRecordNotFound: defineProblem({ type: 'lookup-record-not-found', status: 404, title: 'The source system has no record with this id' }),
  lookupSourceFailed: defineProblem({ type: 'lookup-source-failed', status: 502, title: 'The source system did not answer the lookup usably', retryable: true }),
  lookupSourceInvalid: defineProblem({ type: 'lookup-source-invalid', status: 502, title: "The source system's record is not valid for this object type", retryable: false }),
};
