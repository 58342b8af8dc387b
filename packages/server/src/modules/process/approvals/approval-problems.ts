import { defineProblem, httpProblems } from '../../../platform/http/problem.ts';

export const approvalProblems = {
  /** 撤回: a step after the caller's has already been completed or acted on. */
  nextStepActed: defineProblem({ type: 'next-step-acted', status: 409, title: 'The next step has already acted; the task can no longer be withdrawn' }),
  /** 委派: the delegate resolves a delegated task; the owner approves it. */
  taskDelegated: defineProblem({ type: 'task-delegated', status: 409, title: 'This task is delegated: the delegate resolves it, then its owner completes it' }),
  /** 加签: a signer added before or alongside has not signed yet. */
  signersPending: defineProblem({ type: 'signers-pending', status: 409, title: 'Added signers have not signed yet' }),
  // The same definitions as the engine's (processProblems) and the cases module's: one type, one meaning.
  invalidReturnTarget: defineProblem({ type: 'invalid-return-target', status: 422, title: 'The task cannot be returned to this step' }),
  separationOfDuties: defineProblem({ type: 'separation-of-duties', status: 403, title: 'The maker of a case cannot also check it' }),
};

/** A user id in the body that names nobody who could take the task: bad input, naming the field. */
export function noSuchUser(field: string, userId: string) {
  return httpProblems.validationFailed({ detail: `No active user ${userId}`, errors: [{ field, reason: 'no active user has this id', code: 'invalid' }] });
}
