// The process module's one door: what other modules (cases, the task endpoints) and the
// composition root may use. Everything else under modules/process is private.
export { runProcessCommand, engineServicesOf, publishEngineEvents, toDomainEvents, toProblem, type ProcessCommandDeps, type ProcessCommandOptions } from './commands/run-process-command.ts';
export { createProcessEngine, type EngineFactory } from './commands/engine-factory.ts';
export { startProcessInstance, type StartInstanceInput } from './commands/instance-commands.ts';
export { assertMayReadInstance, mayReadCaseOf } from './commands/instance-access.ts';
export { deployProcesses } from './commands/deploy-processes.ts';
export { PgProcessStore, PROCESS_JOB_KIND } from './store/pg-process-store.ts';
export { listCaseHistory, findInstanceRow } from './store/instance-queries.ts';
export { processRoutes } from './routes.ts';
export { processSchemas } from './schemas.ts';
export { registerProcessJobs, scheduleProcessMaintenance, PROCESS_MAINTENANCE_JOB_KIND, type ProcessJobOptions } from './jobs.ts';
export { maintainProcessHistory } from './history-maintenance.ts';
export { processProblems } from './problems.ts';
export type {
  DeployedProcess,
  InstanceRecord,
  TaskRecord,
  JobRecord,
  IncidentRecord,
  SubscriptionRecord,
  EngineChanges,
  EngineEvent,
  ProcessEngineApi,
  ProcessStore,
} from './engine/contract.ts';
export { ConcurrentChangeError, ProcessCommandError } from './engine/contract.ts';
// Tasks (the task API) and what process work does inside other modules' commands (case creation).
export { taskRoutes, taskSchemas } from './tasks/task-routes.ts';
export { approvalRoutes, approvalSchemas } from './approvals/approval-routes.ts';
export { subscribeProcessWork } from './tasks/task-wiring.ts';
// The demo seed's history (seed/analytics-history.ts) takes and completes steps as the demo people.
export { claimTask, completeTask } from './tasks/task-commands.ts';
// Automation rules (issue 21): a rule's follow-up task is an external task of the system 'automation'.
export { pushExternalTask, type ExternalTaskInput } from './external/external-tasks.ts';
export { completeStep } from './approvals/complete-step.ts';
// 抄送, 催办 and out-of-office rules (issue 15).
export { extraRoutes, extraSchemas } from './approvals/extra-routes.ts';
export { delegateIfAway, resolveAwayChain } from './approvals/out-of-office-apply.ts';
export { mayCc } from './approvals/cc.ts';
export { mayUrge } from './approvals/urge.ts';
// Approvals (issue 15): the task action log, read by the to-do list (已办), cc, urge and out-of-office.
export { recordTaskAction, listTaskActions, findLastTaskAction, hasTaskActions, TASK_ACTIONS, type TaskActionKind, type TaskActionInput, type TaskActionRow } from './approvals/task-action-log.ts';
// Notifications of the process: the outcome's recipients per process (the shipped credit process adds the branch).
export { notifyProcessOutcome, registerProcessOutcomeRecipients, type ProcessOutcomeFacts, type ProcessOutcomeRecipients } from './tasks/task-notifications.ts';
// The SLA scheduler (issue 16): a step clock's task (its holder, its name) and 转办 to a higher-level reviewer on breach.
export { findProcessTaskRow, type ProcessTaskRow } from './tasks/task-store.ts';
export { transferTask } from './approvals/task-handover.ts';
export { runEngineInCommand } from './tasks/task-wiring.ts';
export type { ProcessGraph, ElementType } from './graph.ts';
