import { defineProblem } from '../../platform/http/problem.ts';

/** Problems of custom objects (issue 21): object types, relations, records and their links. */
export const objectProblems = {
  invalid: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
  typeNotFound: defineProblem({ type: 'object-type-not-found', status: 404, title: 'Object type not found' }),
  typeExists: defineProblem({ type: 'object-type-exists', status: 409, title: 'An object type with this key, prefix or role exists' }),
  typeVersionStale: defineProblem({ type: 'object-type-version-stale', status: 412, title: 'The object type changed since you read it' }),
  typeArchived: defineProblem({ type: 'object-type-archived', status: 409, title: 'The object type is archived: no new records' }),
  relationNotFound: defineProblem({ type: 'relation-not-found', status: 404, title: 'Relation not found' }),
  relationExists: defineProblem({ type: 'relation-exists', status: 409, title: 'A relation with this key exists' }),
  recordNotFound: defineProblem({ type: 'record-not-found', status: 404, title: 'Record not found' }),
  recordVersionStale: defineProblem({ type: 'record-version-stale', status: 412, title: 'The record changed since you read it' }),
  externalIdTaken: defineProblem({ type: 'record-external-id-taken', status: 409, title: 'A record of this type with this external id exists' }),
  linkNotFound: defineProblem({ type: 'record-link-not-found', status: 404, title: 'Record link not found' }),
  linkTaken: defineProblem({ type: 'record-link-taken', status: 409, title: 'The record is already linked through this one-to-many relation' }),
};
