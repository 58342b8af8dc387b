import { useQuery } from '@tanstack/react-query';
import { dataOf } from '@docket/client';
import { api } from '../../app/api.ts';

// The automation rules API (issue 21, part D; date and schedule triggers part E) as the console
// uses it: rules and their versions, enabling per department, dry-runs, run history, and the object
// types (part A) a record or date trigger names. The shapes are the server's schemas; the console
// reads them through these types only, so a renamed member changes this file and the model.

export const TRIGGER_KINDS = ['case-event', 'record-event', 'date', 'schedule', 'event'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];
export const CASE_EVENTS = ['created', 'status-changed', 'assigned', 'fields-changed'] as const;
export type CaseEventOn = (typeof CASE_EVENTS)[number];
export const RECORD_EVENTS = ['created', 'changed'] as const;
export type RecordEventOn = (typeof RECORD_EVENTS)[number];
export const RECURRENCES = ['yearly', 'once'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export type RuleTrigger =
  | { kind: 'case-event'; on: CaseEventOn; caseTypes?: string[]; from?: string; to?: string; fields?: string[] }
  | { kind: 'record-event'; on: RecordEventOn; objectType: string; fields?: string[] }
  | { kind: 'date'; objectType: string; field: string; offsetDays: number; recurrence: Recurrence; at?: string; timeZone?: string; calendarKey?: string }
  | { kind: 'schedule'; cron: string; calendarKey?: string; timeZone?: string }
  | { kind: 'event'; eventType: string };

export const CONDITION_KINDS = ['always', 'feel', 'dmn'] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];
export type RuleCondition = { kind: 'always' } | { kind: 'feel'; expression: string } | { kind: 'dmn'; decisionKey: string };

export const ACTION_TYPES = ['create-task', 'create-case', 'set-fields', 'assign', 'route', 'notify', 'start-process', 'add-tag', 'call-connector'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
/** Who an action puts something on: a user field of the subject (its relationship manager), or a fixed person. */
export type AssigneeRef = { kind: 'field'; field: string } | { kind: 'user'; userId: string };
export const NOTIFY_CHANNELS = ['in-app', 'email', 'webhook'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

export type RuleAction =
  | { type: 'create-task'; title: string; assignee?: AssigneeRef; dueInDays?: number; description?: string }
  | { type: 'create-case'; caseType: string; title: string; departmentId?: string; assignee?: AssigneeRef }
  | { type: 'set-fields'; fields: Record<string, unknown> }
  | { type: 'assign'; assignee: AssigneeRef }
  | { type: 'route'; queueId: string }
  | { type: 'notify'; channel: NotifyChannel; to?: AssigneeRef; subject?: string; message: string; url?: string }
  | { type: 'start-process'; processKey: string }
  | { type: 'add-tag'; tag: string }
  | { type: 'call-connector'; connector: string; operation?: string; input?: Record<string, unknown> };

export const RUN_STATUSES = ['succeeded', 'failed', 'skipped', 'loop-stopped'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const ACTION_OUTCOMES = ['done', 'failed', 'refused', 'skipped'] as const;
export type ActionOutcome = (typeof ACTION_OUTCOMES)[number];

export interface RuleDefinition {
  name: string;
  description?: string | null;
  trigger: RuleTrigger;
  condition: RuleCondition;
  actions: RuleAction[];
  loopLimit: number;
  departmentIds: string[];
}

export interface PersonRef {
  id: string;
  displayName?: string;
  username?: string;
}

export interface RunSummary {
  id: string;
  status: RunStatus;
  startedAt: string;
}

export interface Rule extends RuleDefinition {
  id: string;
  key: string;
  ownerId: string;
  owner?: PersonRef | null;
  enabled: boolean;
  enabledAt?: string | null;
  currentVersion: number;
  /** The row's optimistic-lock version: If-Match. */
  version: number;
  createdAt: string;
  updatedAt: string;
  lastRun?: RunSummary | null;
}

export interface RuleVersion extends RuleDefinition {
  version: number;
  savedBy: string;
  savedByName?: string | null;
  savedAt: string;
}

export interface RunActionResult {
  index: number;
  type: ActionType;
  status: ActionOutcome;
  result?: Record<string, unknown> | null;
  error?: string | null;
  code?: string | null;
}

export interface Run {
  id: string;
  ruleId: string;
  ruleKey?: string;
  ruleName?: string;
  ruleVersion: number;
  triggerKind: TriggerKind;
  triggerDetail?: string | null;
  subjectType: 'case' | 'record' | 'none';
  subjectId?: string | null;
  /** The subject as the reader may see it: a case's number, a record's number and display name. */
  subjectLabel?: string | null;
  subjectObjectType?: string | null;
  occurrence?: string | null;
  status: RunStatus;
  detail?: string | null;
  code?: string | null;
  actions: RunActionResult[];
  depth: number;
  startedAt: string;
  finishedAt?: string | null;
}

export interface DryRunAction {
  index: number;
  type: ActionType;
  /** What the action would do, as data (a task's title, assignee, due date; a tag; a queue). */
  would?: Record<string, unknown> | null;
  status?: ActionOutcome | 'would-do';
  error?: string | null;
  code?: string | null;
}

export interface DryRunSubject {
  subjectType: 'case' | 'record' | 'none';
  subjectId?: string | null;
  subjectLabel?: string | null;
  subjectObjectType?: string | null;
  occurrence?: string | null;
  dueOn?: string | null;
  actions: DryRunAction[];
}

export interface DryRunResult {
  subjects: DryRunSubject[];
  total?: number;
  truncated?: boolean;
  /** Subjects the trigger found but the condition left out. */
  skipped?: number;
}

export interface ObjectFieldSummary {
  key: string;
  type: string;
  label: { 'zh-CN': string; 'en-US': string };
}

export interface ObjectTypeSummary {
  key: string;
  name?: { 'zh-CN': string; 'en-US': string } | string;
  nameZh?: string;
  nameEn?: string;
  role?: string;
  fields: ObjectFieldSummary[];
}

// The generated client may not hold the automation and object routes yet (parts A, D and E build
// them in parallel): called by path through the same client, so CSRF and problems work the same.
type LooseResult = { data?: unknown; error?: unknown; response: Response };
type LooseInit = { params?: { query?: Record<string, unknown> }; body?: unknown; headers?: Record<string, string> };
const loose = api as unknown as {
  GET(path: string, init?: LooseInit): Promise<LooseResult>;
  POST(path: string, init?: LooseInit): Promise<LooseResult>;
  PUT(path: string, init?: LooseInit): Promise<LooseResult>;
  DELETE(path: string, init?: LooseInit): Promise<LooseResult>;
};

const rulePath = (key: string) => `/api/v1/automation/rules/${encodeURIComponent(key)}`;
const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

export interface CreateRuleBody extends RuleDefinition {
  key: string;
}

export const automationApi = {
  listRules: async () => (dataOf(await loose.GET('/api/v1/automation/rules')) as { items: Rule[] }).items,
  getRule: async (key: string) => dataOf(await loose.GET(rulePath(key))) as Rule,
  createRule: async (body: CreateRuleBody) => dataOf(await loose.POST('/api/v1/automation/rules', { body })) as Rule,
  // A new version of the rule, against the version the designer read: a 412 means someone else saved first.
  saveRule: async (key: string, version: number, body: RuleDefinition) => dataOf(await loose.PUT(rulePath(key), { body, headers: ifMatch(version) })) as Rule,
  deleteRule: async (key: string, version: number) => dataOf(await loose.DELETE(rulePath(key), { headers: ifMatch(version) })),
  listVersions: async (key: string) => (dataOf(await loose.GET(`${rulePath(key)}/versions`)) as { items: RuleVersion[] }).items,
  enableRule: async (key: string, departmentIds: string[]) => dataOf(await loose.POST(`${rulePath(key)}/enable`, { body: { departmentIds } })) as Rule,
  disableRule: async (key: string) => dataOf(await loose.POST(`${rulePath(key)}/disable`, { body: {} })) as Rule,
  dryRunRule: async (key: string) => dataOf(await loose.POST(`${rulePath(key)}/dry-run`, { body: {} })) as DryRunResult,
  dryRunDefinition: async (body: RuleDefinition) => dataOf(await loose.POST('/api/v1/automation/rules/dry-run', { body })) as DryRunResult,
  listRuleRuns: async (key: string) => (dataOf(await loose.GET(`${rulePath(key)}/runs`, { params: { query: { limit: 100 } } })) as { items: Run[] }).items,
  listObjectTypes: async () => (dataOf(await loose.GET('/api/v1/object-types')) as { items: ObjectTypeSummary[] }).items,
};

export const automationKeys = {
  rules: ['automation', 'rules'] as const,
  rule: (key: string) => ['automation', 'rules', key] as const,
  versions: (key: string) => ['automation', 'rules', key, 'versions'] as const,
  runs: (key: string) => ['automation', 'rules', key, 'runs'] as const,
  objectTypes: ['automation', 'object-types'] as const,
};

export function useAutomationRules() {
  return useQuery({ queryKey: automationKeys.rules, queryFn: automationApi.listRules });
}

export function useAutomationRule(key: string | undefined) {
  return useQuery({ queryKey: automationKeys.rule(key ?? ''), enabled: Boolean(key), queryFn: () => automationApi.getRule(key!) });
}

export function useRuleVersions(key: string) {
  return useQuery({ queryKey: automationKeys.versions(key), queryFn: () => automationApi.listVersions(key) });
}

export function useRuleRuns(key: string) {
  return useQuery({ queryKey: automationKeys.runs(key), queryFn: () => automationApi.listRuleRuns(key) });
}

export function useObjectTypes(enabled = true) {
  return useQuery({ queryKey: automationKeys.objectTypes, enabled, staleTime: 60_000, queryFn: automationApi.listObjectTypes });
}
