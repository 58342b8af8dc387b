import { defineProblem } from '../../platform/http/problem.ts';

export const caseProblems = {
  notFound: defineProblem({ type: 'case-not-found', status: 404, title: 'Case not found' }),
  versionStale: defineProblem({ type: 'case-version-stale', status: 412, title: 'The case changed since you read it' }),
  transitionRefused: defineProblem({ type: 'case-transition-refused', status: 409, title: 'This status change is not allowed' }),
  transitionVetoed: defineProblem({ type: 'case-transition-vetoed', status: 409, title: 'A rule of this case refuses the status change now' }),
  lifecycleInvalid: defineProblem({ type: 'case-lifecycle-invalid', status: 422, title: 'The case lifecycle is not valid' }),
  invalidFields: defineProblem({ type: 'validation-failed', status: 400, title: 'Some fields are invalid' }),
  caseTypeNotFound: defineProblem({ type: 'case-type-not-found', status: 404, title: 'Case type not found' }),
  caseTypeExists: defineProblem({ type: 'case-type-exists', status: 409, title: 'A case type with this key or prefix exists' }),
  attachmentNotFound: defineProblem({ type: 'attachment-not-found', status: 404, title: 'Attachment not found' }),
  attachmentRefused: defineProblem({ type: 'attachment-refused', status: 415, title: 'This file type is not accepted' }),
  linkNotFound: defineProblem({ type: 'case-link-not-found', status: 404, title: 'Case link not found' }),
  separationOfDuties: defineProblem({ type: 'separation-of-duties', status: 403, title: 'The maker of a case cannot also check it' }),
  externalIdTaken: defineProblem({ type: 'case-external-id-taken', status: 409, title: 'A case with this external id exists' }),
  watcherNotEntitled: defineProblem({ type: 'watcher-not-entitled', status: 422, title: 'This person may not read the case' }),
  takeRefused: defineProblem({ type: 'case-take-refused', status: 409, title: 'Only an open, unassigned case can be taken' }),
  invalidCursor: defineProblem({ type: 'invalid-cursor', status: 400, title: 'The cursor is not valid for this list' }),
};
