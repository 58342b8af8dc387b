/**
 * What an automation rule is made of (issue 21): a trigger, a condition, actions. Stored as JSON in
 * automation.rule / rule_version; validated by rules/validate-definition.ts before it is saved.
 */

export const CASE_EVENTS = ['created', 'status-changed', 'assigned', 'fields-changed'] as const;
export type CaseEventName = (typeof CASE_EVENTS)[number];
export const RECORD_EVENTS = ['created', 'changed'] as const;
export type RecordEventName = (typeof RECORD_EVENTS)[number];

export interface CaseEventTrigger {
  kind: 'case-event';
  on: CaseEventName;
  /** Case type keys; empty or absent: every type. */
  caseTypes?: string[];
  /** status-changed only: the status left / reached (absent: any). */
  from?: string;
  to?: string;
  /** fields-changed only: any of these changed (`priority`, `fields.category`, `tags` …); absent: any change. */
  fields?: string[];
}

export interface RecordEventTrigger {
  kind: 'record-event';
  on: RecordEventName;
  objectType: string;
  /** changed only: any of these changed (`fields.birthday`, `tags`, `ownerId` …); absent: any change. */
  fields?: string[];
}

export interface DomainEventTrigger {
  kind: 'event';
  /** A domain event type of the catalogue: `sla.target-breached`, `process.event-published` … */
  eventType: string;
  /** process.event-published only: the process's own event type. */
  processEventType?: string;
}

/** Date and schedule triggers are the date-triggers part's (helper E); the engine stores and runs them. */
export interface DateOrScheduleTrigger {
  kind: 'date' | 'schedule';
  [setting: string]: unknown;
}

export type RuleTrigger = CaseEventTrigger | RecordEventTrigger | DomainEventTrigger | DateOrScheduleTrigger;
export const TRIGGER_KINDS = ['case-event', 'record-event', 'date', 'schedule', 'event'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export type RuleCondition = { kind: 'always' } | { kind: 'feel'; expression: string } | { kind: 'dmn'; decisionKey: string };

/** A value in an action: given as is, or a text template with `{{case.number}}`, `{{record.fields.name}}` … */
export type ActionValue = string | number | boolean | null | string[];

export type UserRef = { userId: string } | { userField: string } | { departmentRole: string };

export type RuleAction =
  | { type: 'create-case'; caseType: string; title: string; fields?: Record<string, ActionValue>; priority?: 'low' | 'normal' | 'high' | 'urgent'; linkRelation?: string }
  | { type: 'create-task'; title: string; assignee: UserRef; dueInDays?: number; description?: string }
  | { type: 'set-fields'; fields: Record<string, ActionValue> }
  | { type: 'assign'; assignee: UserRef }
  | { type: 'route' }
  | { type: 'notify'; recipients: UserRef[] }
  | { type: 'start-process'; processKey: string; variables?: Record<string, ActionValue> }
  | { type: 'add-tag'; tag: string }
  | { type: 'call-connector'; url: string; body?: Record<string, ActionValue> };
export const ACTION_TYPES = ['create-case', 'create-task', 'set-fields', 'assign', 'route', 'notify', 'start-process', 'add-tag', 'call-connector'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** Everything of a rule that a version saves. */
export interface RuleDefinition {
  name: string;
  description?: string | null;
  trigger: RuleTrigger;
  condition: RuleCondition;
  actions: RuleAction[];
  /** @default 3 */
  loopLimit?: number;
  /** Departments the rule acts in (and below); empty: every department. */
  departmentIds?: string[];
}

/** A rule as the engine runs it. */
export interface Rule {
  id: string;
  key: string;
  name: string;
  description: string | null;
  ownerId: string;
  departmentIds: string[];
  enabled: boolean;
  triggerKind: TriggerKind;
  trigger: RuleTrigger;
  condition: RuleCondition;
  actions: RuleAction[];
  loopLimit: number;
  currentVersion: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  enabledAt: Date | null;
  deletedAt: Date | null;
  version: number;
}

/** What a run is about: a case, a record, or nothing (a schedule). */
export interface RunSubject {
  type: 'case' | 'record' | 'none';
  id: string | null;
}

/**
 * What made the rule run. `chain` lists the `ruleId:subjectId` of every run earlier in the chain
 * of rule-caused changes that led here (empty when a person or a date started it): the engine's
 * loop protection counts them.
 */
export interface RunTrigger {
  kind: TriggerKind;
  /** 'case.status-changed', 'record.changed', 'date:birthday', 'schedule' … */
  detail: string | null;
  /** Once-only key of a time trigger: '2027-01-07'. The unique index makes the run happen once. */
  occurrence?: string | null;
  /** Names of what changed (`fields.category`), never values. */
  changed?: string[];
  from?: string | null;
  to?: string | null;
  /** The domain event's payload for `event` triggers (ids and names only, as the catalogue says). */
  event?: Record<string, unknown> | null;
  chain?: string[];
}

export const RUN_STATUSES = ['succeeded', 'failed', 'skipped', 'loop-stopped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface ActionOutcome {
  index: number;
  type: ActionType;
  status: 'done' | 'failed' | 'refused' | 'skipped';
  /** Ids of what it made or touched (caseId, taskId, recordId …). */
  result?: Record<string, unknown>;
  /** Why failed / refused, in words (never a field value). */
  error?: string;
}

export interface AutomationRun {
  id: string;
  ruleId: string;
  ruleKey?: string;
  ruleVersion: number;
  triggerKind: string;
  triggerDetail: string | null;
  subjectType: RunSubject['type'];
  subjectId: string | null;
  occurrence: string | null;
  status: RunStatus;
  detail: string | null;
  actions: ActionOutcome[];
  depth: number;
  startedAt: Date;
  finishedAt: Date | null;
}
