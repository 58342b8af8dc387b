/**
 * The catalogue of domain events: what a command tells the rest of Docket it did. Payloads carry
 * ids, versions, statuses and the names of changed fields, never field values: a subscriber that
 * needs a value reads the case itself, masked for the actor it runs as. docs/events.md describes
 * each one, and a test keeps the two in step.
 */
export interface DomainEventPayloads {
  // typeVersion: the case type version the case was created with (its form, lifecycle and process).
  'case.created': { caseId: string; number: string; caseType: string; version: number; typeVersion: number };
  // A status is workflow state, not personal data: subscribers (SLA pause, process) need from/to.
  'case.status-changed': { caseId: string; version: number; from: string; to: string };
  'case.assigned': { caseId: string; version: number; assigneeId: string | null; previousAssigneeId: string | null };
  /** Every other change of one update: `title`, `priority`, `queue`, `fields.residentId` … */
  'case.fields-changed': { caseId: string; version: number; changed: string[] };
  'case.commented': { caseId: string; commentId: string; visibility: 'internal' | 'public' };
  // A process key is a definition's name, not personal data: the process module refuses one it has not deployed.
  'case-type.saved': { caseType: string; version: number; processKey: string | null };
  // The process engine (modules/process): ids, keys, element ids and states; never variables.
  'process.instance-started': { instanceId: string; processKey: string; version: number; caseId: string | null; parentInstanceId: string | null };
  'process.instance-completed': { instanceId: string; processKey: string; caseId: string | null };
  'process.instance-terminated': { instanceId: string; processKey: string; caseId: string | null; reason: string };
  'process.task-created': {
    taskId: string;
    instanceId: string;
    elementId: string;
    caseId: string | null;
    assignee: string | null;
    candidateGroups: string[];
    /** The department-relative role the task's candidates come from (resolved in the same command); absent when not known. */
    departmentRole?: { role: string; relativeTo: string } | null;
  };
  'process.task-completed': { taskId: string; instanceId: string; elementId: string; caseId: string | null; outcome: string | null };
  /** reason: why a task ended without being completed (a 退回, a 撤回, a countersign decided early, another signer's reject); absent or null otherwise. */
  'process.task-canceled': { taskId: string; instanceId: string; elementId: string; caseId: string | null; reason?: 'returned' | 'withdrawn' | 'countersign-decided' | 'signer-rejected' | null };
  /** 退回 / 撤回: the instance went back to an earlier user task. */
  'process.instance-rewound': { instanceId: string; caseId: string | null; fromElementIds: string[]; targetElementId: string; taskId: string };
  /** A countersign (会签 / 或签 / 票签) decided, early or when every signer acted. */
  'process.countersign-decided': { instanceId: string; caseId: string | null; elementId: string; outcome: 'approved' | 'rejected'; approved: number; rejected: number; total: number };
  'process.incident-created': { incidentId: string; instanceId: string; elementId: string; kind: string; message: string };
  'process.incident-resolved': { incidentId: string; instanceId: string; elementId: string };
  /** A publish-event connector (service or send task): the event type and payload the model gives. */
  'process.event-published': { eventType: string; instanceId: string; elementId: string; caseId: string | null; payload: unknown };
  /** A warning level of an SLA clock fired (a share of the target, or a time before due). */
  'sla.warning-fired': { targetId: string; caseId: string; taskId: string | null; key: string; level: number };
  /** An SLA clock ran past its due time (the breach level fired, or it was met late without one). */
  'sla.target-breached': { targetId: string; caseId: string; taskId: string | null; key: string; dueAt: string };
  /** An SLA clock stopped because its target was reached; onTime false: after its due time. */
  'sla.target-met': { targetId: string; caseId: string; taskId: string | null; key: string; onTime: boolean; businessSeconds: number };
  /** The router decided where a case or task goes (issue 17): its queue, and the agent given or offered it, if any. */
  'routing.decided': { decisionId: string; caseId: string; taskId: string | null; trigger: string; outcome: string; queueId: string | null; assigneeId: string | null };
  /** A case waited in its queue past the overflow time and moved to the overflow queue. */
  'routing.overflowed': { caseId: string; fromQueueId: string; toQueueId: string };
  /** An agent's presence changed (set in the console, or away after inactivity). */
  'routing.presence-changed': { userId: string; from: string; to: string };
  /** A knowledge article's version was submitted for a review stage ('review', then 'compliance' for customer-facing text). */
  'knowledge.article-submitted': { articleId: string; version: number; stage: 'review' | 'compliance'; authorId: string };
  /** A version of a knowledge article became the one readers see (and was indexed in the same transaction). */
  'knowledge.article-published': { articleId: string; version: number; audience: 'internal' | 'customer' };
  /** A reviewer sent a submitted version back to its author. */
  'knowledge.article-rejected': { articleId: string; version: number; stage: 'review' | 'compliance'; authorId: string };
  /** A published article was withdrawn: no longer found, suggested or shown to readers. */
  'knowledge.article-retired': { articleId: string; version: number };
  /** A spike rule found a significant rise (issue 20) and opened one risk case for it; dimension values are category, product, branch or channel codes, not personal data. */
  'analytics.spike-detected': { spikeId: string; ruleId: string; dimension: string; value: string; windowStart: string; windowEnd: string; observed: number; threshold: number; caseId: string };
  /** A record of a custom object type was created (issue 21); externalId is the source system's id (a customer number), not personal data. */
  'record.created': { recordId: string; number: string; objectType: string; version: number; externalId: string | null };
  /** A record's fields, tags, department or owner changed: `fields.birthday`, `tags`, `ownerId` … */
  'record.changed': { recordId: string; objectType: string; version: number; changed: string[] };
  'record.deleted': { recordId: string; objectType: string };
  /** Two records, or a record and a case, were linked or unlinked through a relation. */
  'record.linked': { relationKey: string; fromRecordId: string; toRecordId: string | null; toCaseId: string | null; linked: boolean };
  /** An automation rule ran on a subject (or on none, for a schedule); status succeeded, failed, skipped or loop-stopped. */
  'automation.rule-ran': {
    runId: string;
    ruleId: string;
    ruleVersion: number;
    subjectType: 'case' | 'record' | 'none';
    subjectId: string | null;
    status: 'succeeded' | 'failed' | 'skipped' | 'loop-stopped';
  };
  /** A handled case was inspected for quality (issue 22): on closing or when asked; `checks` are the keys of what was found (missing-disclosure, forbidden-promise …), empty when nothing was. */
  'assist.quality-inspected': { inspectionId: string; caseId: string; trigger: 'closed' | 'manual'; checks: string[] };
}

export type DomainEventType = keyof DomainEventPayloads;

/** In catalogue order; the docs test walks this list. */
export const DOMAIN_EVENT_TYPES = [
  'case.created',
  'case.status-changed',
  'case.assigned',
  'case.fields-changed',
  'case.commented',
  'process.instance-started',
  'process.instance-completed',
  'process.instance-terminated',
  'process.task-created',
  'process.task-completed',
  'process.task-canceled',
  'process.instance-rewound',
  'process.countersign-decided',
  'process.incident-created',
  'process.incident-resolved',
  'process.event-published',
  'case-type.saved',
  'sla.warning-fired',
  'sla.target-breached',
  'sla.target-met',
  'routing.decided',
  'routing.overflowed',
  'routing.presence-changed',
  'knowledge.article-submitted',
  'knowledge.article-published',
  'knowledge.article-rejected',
  'knowledge.article-retired',
  'analytics.spike-detected',
  'record.created',
  'record.changed',
  'record.deleted',
  'record.linked',
  'automation.rule-ran',
  'assist.quality-inspected',
] as const satisfies readonly DomainEventType[];

/**
 * Each event's payload fields at run time, for the docs test; the type below fails to compile
 * when a payload gains a field this list (and so docs/events.md) does not name.
 */
export const DOMAIN_EVENT_PAYLOAD_FIELDS = {
  'case.created': ['caseId', 'number', 'caseType', 'version', 'typeVersion'],
  'case.status-changed': ['caseId', 'version', 'from', 'to'],
  'case.assigned': ['caseId', 'version', 'assigneeId', 'previousAssigneeId'],
  'case.fields-changed': ['caseId', 'version', 'changed'],
  'case.commented': ['caseId', 'commentId', 'visibility'],
  'case-type.saved': ['caseType', 'version', 'processKey'],
  'process.instance-started': ['instanceId', 'processKey', 'version', 'caseId', 'parentInstanceId'],
  'process.instance-completed': ['instanceId', 'processKey', 'caseId'],
  'process.instance-terminated': ['instanceId', 'processKey', 'caseId', 'reason'],
  'process.task-created': ['taskId', 'instanceId', 'elementId', 'caseId', 'assignee', 'candidateGroups', 'departmentRole'],
  'process.task-completed': ['taskId', 'instanceId', 'elementId', 'caseId', 'outcome'],
  'process.task-canceled': ['taskId', 'instanceId', 'elementId', 'caseId', 'reason'],
  'process.instance-rewound': ['instanceId', 'caseId', 'fromElementIds', 'targetElementId', 'taskId'],
  'process.countersign-decided': ['instanceId', 'caseId', 'elementId', 'outcome', 'approved', 'rejected', 'total'],
  'process.incident-created': ['incidentId', 'instanceId', 'elementId', 'kind', 'message'],
  'process.incident-resolved': ['incidentId', 'instanceId', 'elementId'],
  'process.event-published': ['eventType', 'instanceId', 'elementId', 'caseId', 'payload'],
  'sla.warning-fired': ['targetId', 'caseId', 'taskId', 'key', 'level'],
  'sla.target-breached': ['targetId', 'caseId', 'taskId', 'key', 'dueAt'],
  'sla.target-met': ['targetId', 'caseId', 'taskId', 'key', 'onTime', 'businessSeconds'],
  'routing.decided': ['decisionId', 'caseId', 'taskId', 'trigger', 'outcome', 'queueId', 'assigneeId'],
  'routing.overflowed': ['caseId', 'fromQueueId', 'toQueueId'],
  'routing.presence-changed': ['userId', 'from', 'to'],
  'knowledge.article-submitted': ['articleId', 'version', 'stage', 'authorId'],
  'knowledge.article-published': ['articleId', 'version', 'audience'],
  'knowledge.article-rejected': ['articleId', 'version', 'stage', 'authorId'],
  'knowledge.article-retired': ['articleId', 'version'],
  'analytics.spike-detected': ['spikeId', 'ruleId', 'dimension', 'value', 'windowStart', 'windowEnd', 'observed', 'threshold', 'caseId'],
  'record.created': ['recordId', 'number', 'objectType', 'version', 'externalId'],
  'record.changed': ['recordId', 'objectType', 'version', 'changed'],
  'record.deleted': ['recordId', 'objectType'],
  'record.linked': ['relationKey', 'fromRecordId', 'toRecordId', 'toCaseId', 'linked'],
  'automation.rule-ran': ['runId', 'ruleId', 'ruleVersion', 'subjectType', 'subjectId', 'status'],
  'assist.quality-inspected': ['inspectionId', 'caseId', 'trigger', 'checks'],
} as const satisfies { [K in DomainEventType]: readonly (keyof DomainEventPayloads[K])[] };
type UnlistedPayloadField = { [K in DomainEventType]: Exclude<keyof DomainEventPayloads[K], (typeof DOMAIN_EVENT_PAYLOAD_FIELDS)[K][number]> }[DomainEventType];
const everyPayloadFieldListed: [UnlistedPayloadField] extends [never] ? true : UnlistedPayloadField = true;
void everyPayloadFieldListed;

/** Which kind of thing an event is about; the outbox keys its per-aggregate order on it. */
export type AggregateType = 'case' | 'case-type' | 'process-instance' | 'user' | 'knowledge-article' | 'record' | 'automation-rule';

export type DomainEvent<T extends DomainEventType = DomainEventType> = {
  [K in T]: { type: K; aggregateType: AggregateType; aggregateId: string; payload: DomainEventPayloads[K] };
}[T];

/** Builds an event with its payload checked against the catalogue. */
export function domainEvent<T extends DomainEventType>(type: T, aggregateType: AggregateType, aggregateId: string, payload: DomainEventPayloads[T]): DomainEvent<T> {
  return { type, aggregateType, aggregateId, payload } as DomainEvent<T>;
}
