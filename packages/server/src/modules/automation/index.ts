/**
 * Automation rules (issue 21): triggers (case and record events, dates, schedules, incoming
 * events), FEEL or DMN conditions, actions run by system:automation on behalf of the rule's
 * owner, dry-run, run history and loop protection. See README.md.
 */
export { automationRoutes } from './routes.ts';
export { automationSchemas } from './schemas.ts';
// Date and schedule triggers (helper E): the jobs, their scheduling when a rule is enabled or disabled, the dry-run's due subjects.
export { dueSubjectsForDateTrigger, type DueSubject } from './date-triggers/due-subjects.ts';
export { cancelTimeTrigger, registerAutomationTimeJobs, scanDateRuleDay, scheduleTimeTrigger, scheduleTimeTriggers } from './date-triggers/time-jobs.ts';
export { subscribeDateTriggers } from './date-triggers/subscriptions.ts';
export { checkTimeTriggerTarget } from './date-triggers/check-trigger-target.ts';
export { isTimeTrigger, localDayOf, validateTimeTrigger, type DateTrigger, type ScheduleTrigger } from './date-triggers/time-trigger.ts';
// The engine (part D): one rule on one subject in the caller's transaction; date triggers (part E) call it.
export { runRule, loadRule, isConditionMet, MAX_CHAIN_LENGTH, type RunRuleOptions, type RunResult } from './engine/run-rule.ts';
export { subscribeAutomationRules, registerAutomationJobs, AUTOMATION_RUN_JOB_KIND, GENERATION_CHECK_MS, type AutomationRunJobPayload } from './engine/event-rules.ts';
export { registerTriggerCheck, type TriggerCheck } from './rules/validate-definition.ts';
// Date triggers (part E) register how a dry-run finds a date rule's due subjects: dueSubjectsForDateTrigger(tx, rule, day).
export { registerDueSubjectsFinder, type DueSubjectsFinder } from './engine/dry-run.ts';
export { listRules, listEnabledRules, findRuleByKey } from './rules/store.ts';
export { findObjectTypeFacts, isDepartmentWithin } from './engine/subject-types.ts';
export type { EngineSettings } from './engine/actions.ts';
export type { Rule, RuleDefinition, RuleTrigger, RuleCondition, RuleAction, RunSubject, RunTrigger, AutomationRun, ActionOutcome, RunStatus, DateOrScheduleTrigger } from './engine/model.ts';
export { automationProblems } from './problems.ts';
