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
/** A person an action names: a fixed user, a user field of the subject (a customer's relationship manager; a case's assigneeId), or a role in the subject's department. */
export type UserRef = { userId: string } | { userField: string } | { departmentRole: string };
/** A value an action sets: as is, or a text template with {{record.fields.name}}, {{case.number}} … */
export type ActionValue = string | number | boolean | null | string[];
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export type RuleAction =
  | { type: 'create-case'; caseType: string; title: string; fields?: Record<string, ActionValue>; priority?: (typeof CASE_PRIORITIES)[number]; linkRelation?: string }
  | { type: 'create-task'; title: string; assignee: UserRef; dueInDays?: number; description?: string }
  | { type: 'set-fields'; fields: Record<string, ActionValue> }
  | { type: 'assign'; assignee: UserRef }
  | { type: 'route' }
  | { type: 'notify'; recipients: UserRef[] }
  | { type: 'start-process'; processKey: string; variables?: Record<string, ActionValue> }
  | { type: 'add-tag'; tag: string }
  | { type: 'call-connector'; url: string; body?: Record<string, ActionValue> };

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

export interface Rule extends RuleDefinition {
  id: string;
  key: string;
  ownerId: string;
  triggerKind: TriggerKind;
  enabled: boolean;
  enabledAt: string | null;
  currentVersion: number;
  /** The row's optimistic-lock version: If-Match. */
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface RuleVersion extends RuleDefinition {
  version: number;
  savedBy: string;
  savedAt: string;
}

export interface RunActionResult {
  index: number;
  type: ActionType;
  status: ActionOutcome;
  result?: Record<string, unknown>;
  /** Why failed or refused, in the server's (English) words. */
  error?: string;
}

export type SubjectType = 'case' | 'record' | 'none';

export interface Run {
  id: string;
  ruleId: string;
  ruleKey: string;
  ruleVersion: number;
  triggerKind: string;
  triggerDetail: string | null;
  subjectType: SubjectType | string;
  subjectId: string | null;
  occurrence: string | null;
  status: RunStatus;
  loopStopped: boolean;
  detail: string | null;
  actions: RunActionResult[];
  depth: number;
  startedAt: string;
  finishedAt: string | null;
}

export interface DryRunSubject {
  subject: { type: SubjectType; id: string | null };
  status: RunStatus;
  detail: string | null;
  /** What each action would do: its parameters rendered for this subject as the owner reads it. */
  actions: { index: number; type: ActionType; status: ActionOutcome | string; error?: string; params: Record<string, unknown> }[];
}

export interface DryRunResult {
  ruleKey: string | null;
  evaluated: number;
  subjects: DryRunSubject[];
  /** Subjects it would not act on, by reason (in the server's English words). */
  skipped: { reason: string; count: number }[];
  note: string | null;
  at: string;
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

// The API schemas keep a rule's trigger, condition and actions as open JSON (the server checks a
// definition as a whole and names each bad field), so the console reads them through the types
// above; calls go by path through the same client, so CSRF and problems work the same.
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
  dryRunRule: async (key: string, day?: string) => dataOf(await loose.POST(`${rulePath(key)}/dry-run`, { body: day ? { day } : {} })) as DryRunResult,
  dryRunDefinition: async (body: RuleDefinition, day?: string) => dataOf(await loose.POST('/api/v1/automation/rules/dry-run', { body: { ...body, ...(day ? { day } : {}) } })) as DryRunResult,
  listRuleRuns: async (key: string) => (dataOf(await loose.GET(`${rulePath(key)}/runs`, { params: { query: { limit: 100 } } })) as { items: Run[]; next: string | null }).items,
  lastRun: async (key: string) => (dataOf(await loose.GET(`${rulePath(key)}/runs`, { params: { query: { limit: 1 } } })) as { items: Run[] }).items[0] ?? null,
  getRecord: async (id: string) => dataOf(await loose.GET(`/api/v1/records/${encodeURIComponent(id)}`)) as { id: string; number: string; type: string; displayName: string },
  getCase: async (id: string) => dataOf(await loose.GET(`/api/v1/cases/${encodeURIComponent(id)}`)) as { id: string; number: string; title: string },
  listObjectTypes: async () => (dataOf(await loose.GET('/api/v1/object-types')) as { items: ObjectTypeSummary[] }).items,
};

export const automationKeys = {
  rules: ['automation', 'rules'] as const,
  rule: (key: string) => ['automation', 'rules', key] as const,
  versions: (key: string) => ['automation', 'rules', key, 'versions'] as const,
  runs: (key: string) => ['automation', 'rules', key, 'runs'] as const,
  lastRun: (key: string) => ['automation', 'rules', key, 'runs', 'last'] as const,
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

export function useLastRun(key: string) {
  return useQuery({ queryKey: automationKeys.lastRun(key), queryFn: () => automationApi.lastRun(key) });
}
