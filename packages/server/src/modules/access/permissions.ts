import type { Principal } from '../../platform/http/principal.ts';
import { httpProblems } from '../../platform/http/problem.ts';
import { hasAction, isCaseActionAllowed, isCaseCreateAllowed, type PolicyCase } from './policy.ts';

export const ACTIONS = [
  'case:read',
  'case:create',
  'case:update',
  'case:assign',
  'case:transfer',
  'case:close',
  'case:delete',
  'case:comment',
  'case:attach',
  'case:attachment-read',
  'case:unmask',
  /** Lowering a case's sensitivity (secret → confidential → normal); raising it needs only case:update. */
  'case:classify',
  'case-type:admin',
  'user:admin',
  'audit:read',
  'audit:export',
  'token:manage',
  /** Process definitions, instances and their history (of cases one may read, or any with process:admin). */
  'process:read',
  'process:deploy',
  'process:start',
  /** Acts on any instance or task (terminate, migrate, retry, set variables, complete another's task); audited as such. */
  'process:admin',
  'decision:read',
  'decision:deploy',
  'decision:evaluate',
  /** Another system pushes, completes and cancels its own tasks in people's to-do lists (POST /external-tasks). */
  'task:external',
  /** Business calendars and business-time arithmetic (GET /calendars, …/add, …/elapsed). */
  'calendar:read',
  /** The supervisor's board of cases at risk and the on-time report (of cases one may read). */
  'sla:read',
  /** Calendars, SLA policies and regulatory packs: create, correct, apply. */
  'sla:admin',
  /** Queues, routing rules and the supervisor's live view of queues and agents (issue 17). */
  'routing:read',
  /** Queues, routing rules and agents' routing profiles: create, change, reorder. */
  'routing:admin',
  /** Webhooks, ingestion sources and their dead letters, mailboxes (issue 18). */
  'integration:admin',
  /** An outside system hands messages to an http ingestion source (POST /ingest-sources/{key}/messages). */
  'integration:ingest',
  /** Read published knowledge articles; the article's reach, roles and sensitivity apply (issue 19). */
  'knowledge:read',
  /** Write knowledge drafts (a new article, a new version of one) and submit them for review. */
  'knowledge:write',
  /** Approve or reject a submitted article someone else wrote; retire a published one. */
  'knowledge:review',
  /** Approve customer-facing knowledge after its review (合规审核). */
  'knowledge:compliance-review',
  /** Knowledge categories, synonyms, the segmenter's dictionary, imports; every article. */
  'knowledge:admin',
  /** Dashboards, the cockpit, drill-down, process mining, shared reports: figures of the cases one may read (issue 20). */
  'analytics:read',
  /** Build, save and share reports and boards; schedule e-mailed exports. */
  'analytics:design',
  /** Take analytic data out: event logs (XES, CSV) and report exports; audited. */
  'analytics:export',
  /** Generate the regulator's report packs (signed, recorded in the audit ledger). */
  'analytics:report-pack',
  /** Spike rules, the read model's status and rebuild. */
  'analytics:admin',
  /**
   * Custom objects (issue 21). Record actions take the same permission shape as cases: scope
   * (own = created by or owned by the reader, department, subtree, all), `caseTypes` naming object
   * type keys, tags, sensitivity, and field rules by key or data class.
   */
  'object-type:admin',
  'record:read',
  'record:create',
  'record:update',
  'record:delete',
  'record:import',
  /** Reveal a masked value of a record, with a reason (audited). */
  'record:unmask',
  /** Automation rules, their versions and run history. */
  'automation:read',
  /** Design, dry-run, enable and disable automation rules. */
  'automation:admin',
  /** Private intelligence (issue 22): prefill a new case from the customer's words, dispatch suggestions, record what was accepted. */
  'assist:use',
  /** Read quality findings of handled cases (on the case and in the supervisor's list) and inspect a case again. */
  'assist:quality',
  /** The assistance report: accuracy, adoption and time saved by case type and period. */
  'assist:report',
  /** Assistance per case type and field, confidence thresholds, installed models. */
  'assist:admin',
] as const;
export type Action = (typeof ACTIONS)[number];

/** For actions not tied to one case (administration, tokens): does any permission grant it? */
export function isAllowed(principal: Principal, action: Action): boolean {
  return hasAction(principal, action);
}

export function assertAllowed(principal: Principal, action: Action): void {
  if (!isAllowed(principal, action)) {
    throw httpProblems.forbidden({ detail: `None of your roles grants ${action}`, action });
  }
}

export function isAllowedOnCase(principal: Principal, action: Action, record: PolicyCase): boolean {
  return isCaseActionAllowed(principal, action, record);
}

export function assertAllowedOnCase(principal: Principal, action: Action, record: PolicyCase): void {
  if (!isCaseActionAllowed(principal, action, record)) {
    throw httpProblems.forbidden({ detail: `Your roles do not grant ${action} on this case`, action });
  }
}

export function assertAllowedToCreate(principal: Principal, record: PolicyCase): void {
  if (!isCaseCreateAllowed(principal, record)) {
    throw httpProblems.forbidden({ detail: 'Your roles do not grant case:create in this department', action: 'case:create' });
  }
}
