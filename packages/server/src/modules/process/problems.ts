import { defineProblem } from '../../platform/http/problem.ts';

/** The process engine's problems (docs/problems.md). Each names the element it is about when there is one (`elementId`). */
export const processProblems = {
  definitionNotFound: defineProblem({ type: 'process-not-found', status: 404, title: 'No process is deployed with this key (or version)' }),
  definitionInvalid: defineProblem({ type: 'process-definition-invalid', status: 422, title: 'The BPMN file cannot be deployed' }),
  notBpmn: defineProblem({ type: 'process-not-bpmn', status: 400, title: 'The body is not a BPMN 2.0 XML file' }),
  instanceNotFound: defineProblem({ type: 'process-instance-not-found', status: 404, title: 'Process instance not found' }),
  recordNotFound: defineProblem({ type: 'process-record-not-found', status: 404, title: 'The task, job or incident does not exist' }),
  incidentNotFound: defineProblem({ type: 'process-incident-not-found', status: 404, title: 'Incident not found' }),
  notActive: defineProblem({ type: 'process-not-active', status: 409, title: 'The instance, task or incident is no longer in a state that allows this' }),
  concurrentChange: defineProblem({ type: 'process-concurrent-change', status: 409, title: 'The process instance was changed by another command at the same time; try again' }),
  noMatchingFlow: defineProblem({ type: 'process-no-matching-flow', status: 422, title: 'No outgoing sequence flow of a gateway matches, and it has no default flow' }),
  expressionFailed: defineProblem({ type: 'process-expression-failed', status: 422, title: 'An expression of the process could not be evaluated' }),
  noSubscription: defineProblem({ type: 'process-message-not-correlated', status: 404, title: 'Nothing waits for this message or signal' }),
  invalidVariables: defineProblem({ type: 'process-invalid-variables', status: 422, title: 'These variables cannot be set' }),
  invalidMigration: defineProblem({ type: 'process-invalid-migration', status: 422, title: 'The instance cannot be moved to this version with this mapping' }),
  calledProcessMissing: defineProblem({ type: 'process-called-process-missing', status: 422, title: 'A call activity names a process that is not deployed' }),
  stepLimit: defineProblem({ type: 'process-step-limit', status: 422, title: 'The process ran more steps in one command than allowed (a loop without a wait state)' }),
  // Issue 15: named as the approvals API documents them (no `process-` prefix), `code` carries the same.
  invalidReturnTarget: defineProblem({ type: 'invalid-return-target', status: 422, title: 'The task cannot be returned to this step' }),
  notMultiInstance: defineProblem({ type: 'not-multi-instance', status: 422, title: 'The task is not part of a multi-instance activity' }),
  noStartEvent: defineProblem({ type: 'process-no-start-event', status: 422, title: 'The process has no start event that can be started this way' }),
};
