import type { ElementInstanceRecord, IncidentRecord, InstanceRecord, InstanceState, JobRecord, SubscriptionRecord, TaskRecord } from '../engine/contract.ts';

// Rows as PostgreSQL returns them, by the driver (Date) or inside json_agg (ISO text): both
// become the engine's records here, and the records become JSON rows for jsonb_to_recordset.

type Row = Record<string, unknown>;

const dateOf = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
const dateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : dateOf(value));
const textOrNull = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const objectOf = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

export function toInstanceRecord(r: Row): InstanceRecord {
  return {
    id: String(r.id),
    definitionId: String(r.definition_id),
    processKey: String(r.process_key),
    version: Number(r.version),
    state: r.state as InstanceState,
    caseId: textOrNull(r.case_id),
    businessKey: textOrNull(r.business_key),
    parentInstanceId: textOrNull(r.parent_instance_id),
    parentElementInstanceId: textOrNull(r.parent_element_instance_id),
    rootInstanceId: String(r.root_instance_id),
    variables: objectOf(r.variables),
    startedAt: dateOf(r.started_at),
    endedAt: dateOrNull(r.ended_at),
    startedBy: textOrNull(r.started_by),
    revision: Number(r.revision),
    data: objectOf(r.data),
  };
}

export function toElementInstanceRecord(r: Row): ElementInstanceRecord {
  return {
    id: String(r.id),
    instanceId: String(r.instance_id),
    elementId: String(r.element_id),
    elementType: String(r.element_type),
    scopeId: textOrNull(r.scope_id),
    state: r.state as ElementInstanceRecord['state'],
    startedAt: dateOf(r.started_at),
    endedAt: null,
    outcome: null,
    variables: objectOf(r.variables),
    isMultiInstanceBody: Boolean(r.is_multi_instance_body),
    loopCounter: r.loop_counter === null || r.loop_counter === undefined ? null : Number(r.loop_counter),
    data: objectOf(r.data),
  };
}

export function toTaskRecord(r: Row): TaskRecord {
  return {
    id: String(r.id),
    instanceId: String(r.instance_id),
    elementInstanceId: String(r.element_instance_id),
    elementId: String(r.element_id),
    name: textOrNull(r.name),
    caseId: textOrNull(r.case_id),
    state: r.state as TaskRecord['state'],
    assignee: textOrNull(r.assignee),
    candidateUsers: (r.candidate_users as string[] | null) ?? [],
    candidateGroups: (r.candidate_groups as string[] | null) ?? [],
    departmentRole: (r.department_role as TaskRecord['departmentRole']) ?? null,
    formKey: textOrNull(r.form_key),
    dueAt: dateOrNull(r.due_at),
    priority: Number(r.priority),
    createdAt: dateOf(r.created_at),
    completedAt: dateOrNull(r.completed_at),
    completedBy: textOrNull(r.completed_by),
    outcome: textOrNull(r.outcome),
    // Rows written before issue 15 read as the engine's own tasks (the column defaults to 'process').
    kind: (textOrNull(r.kind) ?? 'process') as NonNullable<TaskRecord['kind']>,
    parentTaskId: textOrNull(r.parent_task_id),
    signerPosition: textOrNull(r.signer_position) as TaskRecord['signerPosition'],
    owner: textOrNull(r.owner),
    delegationState: textOrNull(r.delegation_state) as TaskRecord['delegationState'],
  };
}

export function toJobRecord(r: Row): JobRecord {
  return {
    id: String(r.id),
    kind: r.kind as JobRecord['kind'],
    instanceId: textOrNull(r.instance_id),
    elementInstanceId: textOrNull(r.element_instance_id),
    elementId: String(r.element_id),
    definitionId: String(r.definition_id),
    dueAt: dateOf(r.due_at),
    retriesLeft: r.retries_left === null || r.retries_left === undefined ? null : Number(r.retries_left),
    data: objectOf(r.data),
  };
}

export function toSubscriptionRecord(r: Row): SubscriptionRecord {
  return {
    id: String(r.id),
    kind: r.kind as SubscriptionRecord['kind'],
    name: String(r.name),
    correlationKey: textOrNull(r.correlation_key),
    instanceId: textOrNull(r.instance_id),
    elementInstanceId: textOrNull(r.element_instance_id),
    elementId: String(r.element_id),
    definitionId: String(r.definition_id),
    interrupting: Boolean(r.interrupting),
  };
}

export function toIncidentRecord(r: Row): IncidentRecord {
  return {
    id: String(r.id),
    instanceId: String(r.instance_id),
    elementInstanceId: String(r.element_instance_id),
    elementId: String(r.element_id),
    kind: String(r.kind),
    message: String(r.message),
    jobId: textOrNull(r.job_id),
    createdAt: dateOf(r.created_at),
    resolvedAt: dateOrNull(r.resolved_at),
  };
}

export const instanceRow = (i: InstanceRecord) => ({
  id: i.id,
  definition_id: i.definitionId,
  process_key: i.processKey,
  version: i.version,
  state: i.state,
  case_id: i.caseId,
  business_key: i.businessKey,
  parent_instance_id: i.parentInstanceId,
  parent_element_instance_id: i.parentElementInstanceId,
  root_instance_id: i.rootInstanceId,
  variables: i.variables,
  started_at: i.startedAt,
  ended_at: i.endedAt,
  started_by: i.startedBy,
  revision: i.revision,
  data: i.data ?? {},
});

export const elementInstanceRow = (e: ElementInstanceRecord) => ({
  id: e.id,
  instance_id: e.instanceId,
  element_id: e.elementId,
  element_type: e.elementType,
  scope_id: e.scopeId,
  state: e.state,
  started_at: e.startedAt,
  // An element that ends without an end time (it should not) still gets one: history needs it.
  ended_at: e.endedAt,
  outcome: e.outcome ?? (e.state === 'active' ? null : e.state),
  variables: e.variables,
  is_multi_instance_body: e.isMultiInstanceBody,
  loop_counter: e.loopCounter,
  data: e.data,
});

export const taskRow = (t: TaskRecord) => ({
  id: t.id,
  instance_id: t.instanceId,
  element_instance_id: t.elementInstanceId,
  element_id: t.elementId,
  name: t.name,
  case_id: t.caseId,
  state: t.state,
  assignee: t.assignee,
  candidate_users: t.candidateUsers,
  candidate_groups: t.candidateGroups,
  department_role: t.departmentRole,
  form_key: t.formKey,
  due_at: t.dueAt,
  priority: t.priority,
  created_at: t.createdAt,
  completed_at: t.completedAt,
  completed_by: t.completedBy,
  outcome: t.outcome,
  kind: t.kind ?? 'process',
  parent_task_id: t.parentTaskId ?? null,
  signer_position: t.signerPosition ?? null,
  owner: t.owner ?? null,
  delegation_state: t.delegationState ?? null,
});

export const jobRow = (j: JobRecord, platformJobKey: string) => ({
  id: j.id,
  kind: j.kind,
  instance_id: j.instanceId,
  element_instance_id: j.elementInstanceId,
  element_id: j.elementId,
  definition_id: j.definitionId,
  due_at: j.dueAt,
  retries_left: j.retriesLeft,
  data: j.data,
  platform_job_key: platformJobKey,
});

export const subscriptionRow = (s: SubscriptionRecord) => ({
  id: s.id,
  kind: s.kind,
  name: s.name,
  correlation_key: s.correlationKey,
  instance_id: s.instanceId,
  element_instance_id: s.elementInstanceId,
  element_id: s.elementId,
  definition_id: s.definitionId,
  interrupting: s.interrupting,
});

export const incidentRow = (i: IncidentRecord) => ({
  id: i.id,
  instance_id: i.instanceId,
  element_instance_id: i.elementInstanceId,
  element_id: i.elementId,
  kind: i.kind,
  message: i.message,
  job_id: i.jobId,
  created_at: i.createdAt,
  resolved_at: i.resolvedAt,
});
