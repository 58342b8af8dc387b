import type { ElementDef } from '../graph.ts';
import type { ElementInstanceRecord, EngineServices, JobRecord, TaskRecord } from './contract.ts';
import { ProcessCommandError } from './contract.ts';
import { type InstanceContext, type OperationSteps, commandError } from './operation-api.ts';
import { dueDateFrom } from './timers.ts';

/**
 * What tasks do on entry: user tasks (and external topics) open a TaskRecord, service and send
 * tasks run their connector, business-rule tasks evaluate a decision.
 */

export function createTask(op: OperationSteps, context: InstanceContext, elementInstance: ElementInstanceRecord, element: ElementDef): void {
  const definition = element.userTask;
  let variables: Record<string, unknown> | null = null;
  const vars = () => (variables ??= op.variablesAt(context, elementInstance));
  // A countersign member or a signer added alongside: the inner instance names its assignee.
  // 退回/撤回: the rewound task goes to a given user (`data.assignee`, used once).
  const signer = (elementInstance.data.signer ?? elementInstance.data.assignee) as string | undefined;
  if (elementInstance.data.assignee !== undefined) {
    delete elementInstance.data.assignee;
    op.touchElement(elementInstance);
  }
  const assignee = signer ?? op.resolve(definition?.assignee, vars, element.id);
  const due = op.resolve(definition?.dueDate, vars, element.id);
  const priority = op.resolve(definition?.priority, vars, element.id);
  let dueAt: Date | null = null;
  if (due !== null && due !== '') {
    try {
      dueAt = dueDateFrom(String(due), op.time);
    } catch (error) {
      throw commandError('expression-failed', `${element.id}: ${(error as Error).message}`, element.id);
    }
  }
  openTask(op, context, elementInstance, element, {
    assignee: assignee === null || assignee === '' ? null : String(assignee),
    candidateUsers: listOf(op.resolve(definition?.candidateUsers, vars, element.id)),
    candidateGroups: listOf(op.resolve(definition?.candidateGroups, vars, element.id)),
    departmentRole: definition?.departmentRole ?? null,
    formKey: definition?.formKey ?? null,
    dueAt,
    priority: priority === null || priority === '' || Number.isNaN(Number(priority)) ? 50 : Number(priority),
  });
}

export function openTask(
  op: OperationSteps,
  context: InstanceContext,
  elementInstance: ElementInstanceRecord,
  element: ElementDef,
  fields: Pick<TaskRecord, 'assignee' | 'candidateUsers' | 'candidateGroups' | 'departmentRole' | 'formKey' | 'dueAt' | 'priority'>,
): void {
  const task: TaskRecord = {
    id: op.services.newId(),
    instanceId: context.instance.id,
    elementInstanceId: elementInstance.id,
    elementId: element.id,
    name: element.name,
    caseId: context.instance.caseId,
    state: 'open',
    ...fields,
    createdAt: op.time,
    completedAt: null,
    completedBy: null,
    outcome: null,
    kind: 'process',
    parentTaskId: null,
    signerPosition: null,
    owner: null,
    delegationState: null,
  };
  context.openTasks.push(task);
  op.recordNewTask(task);
  op.emit({
    type: 'process.task-created',
    taskId: task.id,
    instanceId: task.instanceId,
    elementId: task.elementId,
    caseId: task.caseId,
    assignee: task.assignee,
    candidateGroups: task.candidateGroups,
  });
}

/**
 * 加签: a `signer` task on the parent's element instance, for `assignee` alone. It shares the
 * parent's element (so cancelling the element instance cancels it too) but never moves the token.
 */
export function openSignerTaskOn(op: OperationSteps, context: InstanceContext, parent: TaskRecord, assignee: string, position: 'before' | 'after' | 'alongside'): TaskRecord {
  const task: TaskRecord = {
    id: op.services.newId(),
    instanceId: parent.instanceId,
    elementInstanceId: parent.elementInstanceId,
    elementId: parent.elementId,
    name: parent.name,
    caseId: parent.caseId,
    state: 'open',
    assignee,
    candidateUsers: [],
    candidateGroups: [],
    departmentRole: null,
    formKey: parent.formKey,
    dueAt: parent.dueAt,
    priority: parent.priority,
    createdAt: op.time,
    completedAt: null,
    completedBy: null,
    outcome: null,
    kind: 'signer',
    parentTaskId: parent.id,
    signerPosition: position,
    owner: null,
    delegationState: null,
  };
  context.openTasks.push(task);
  op.recordNewTask(task);
  op.emit({ type: 'process.task-created', taskId: task.id, instanceId: task.instanceId, elementId: task.elementId, caseId: task.caseId, assignee, candidateGroups: [] });
  return task;
}

/** A task's work is done: variables where they belong, the outcome kept, the token moves on. */
export function completeTask(op: OperationSteps, context: InstanceContext, task: TaskRecord, variables: Record<string, unknown>, outcome: string | null, completedBy: string): void {
  const elementInstance = context.elementInstances.get(task.elementInstanceId);
  if (elementInstance?.state !== 'active') throw new ProcessCommandError('not-active', `task ${task.id} is no longer active`, task.elementId);
  const element = context.index.element(elementInstance.elementId);
  task.state = 'completed';
  task.completedAt = op.time;
  task.completedBy = completedBy;
  task.outcome = outcome;
  context.openTasks = context.openTasks.filter((open) => open.id !== task.id);
  op.touchTask(task);
  if (element.outputs.length > 0) Object.assign(elementInstance.variables, variables);
  else op.setVariables(context, elementInstance.id, variables);
  if (outcome !== null) elementInstance.outcome = outcome;
  if (outcome === 'approved' || outcome === 'rejected') {
    // Gateways after an approval test `outcome`. Inside a multi-instance it stays on the inner
    // instance: the body (a countersign) decides what its enclosing scope gets.
    if (elementInstance.loopCounter !== null) elementInstance.variables.outcome = outcome;
    else op.setVariable(context, elementInstance.scopeId, 'outcome', outcome);
  }
  op.touchElement(elementInstance);
  op.emit({ type: 'process.task-completed', taskId: task.id, instanceId: task.instanceId, elementId: task.elementId, caseId: task.caseId, outcome });
  op.enqueue('leave', context, elementInstance);
}

export function runConnector(op: OperationSteps, context: InstanceContext, elementInstance: ElementInstanceRecord, element: ElementDef): void {
  const connector = element.connector;
  if (connector?.externalTopic) {
    openTask(op, context, elementInstance, element, {
      assignee: null,
      candidateUsers: [],
      candidateGroups: [`topic:${connector.externalTopic}`],
      departmentRole: null,
      formKey: null,
      dueAt: null,
      priority: 50,
    });
    return;
  }
  if (connector?.type === 'publish-event' && connector.publishEvent) {
    const { eventType, payload } = connector.publishEvent;
    publish(op, context, element, eventType, payload === null ? null : op.evaluate(payload, op.variablesAt(context, elementInstance), element.id));
  } else if (connector?.type === 'http' && connector.http) {
    createConnectorJob(op, context, elementInstance, element, connector.http.retries, 0);
    return;
  } else if (element.type === 'sendTask') {
    publishMessage(op, context, elementInstance, element);
  }
  op.enqueue('leave', context, elementInstance);
}

/** The job handler calls out with `data.request` and reports through `completeConnector`. */
export function createConnectorJob(
  op: OperationSteps,
  context: InstanceContext,
  elementInstance: ElementInstanceRecord,
  element: ElementDef,
  retriesLeft: number,
  attempt: number,
  dueAt: Date = op.time,
): JobRecord {
  const http = element.connector?.http;
  if (!http) throw new ProcessCommandError('not-active', `${element.id} has no http connector`, element.id);
  const variables = op.variablesAt(context, elementInstance);
  const url = op.resolve(http.url, () => variables, element.id);
  return op.createJob(context, {
    kind: 'connector',
    instanceId: context.instance.id,
    elementInstanceId: elementInstance.id,
    elementId: element.id,
    definitionId: context.definition.id,
    dueAt,
    retriesLeft,
    data: {
      attempt,
      request: {
        method: http.method,
        url: url === null ? null : String(url),
        headers: http.headers,
        body: http.body === null ? null : op.evaluate(http.body, variables, element.id),
        timeoutMs: http.timeoutMs,
      },
    },
  });
}

export function publish(op: OperationSteps, context: InstanceContext, element: ElementDef, eventType: string, payload: unknown): void {
  op.emit({ type: 'process.event-published', eventType, instanceId: context.instance.id, elementId: element.id, caseId: context.instance.caseId, payload });
}

export function publishMessage(op: OperationSteps, context: InstanceContext, elementInstance: ElementInstanceRecord, element: ElementDef): void {
  const name = op.resolve(element.event?.messageName, () => op.variablesAt(context, elementInstance), element.id) ?? element.name ?? element.id;
  publish(op, context, element, 'process.message-sent', { messageName: String(name), variables: { ...elementInstance.variables } });
}

export async function evaluateBusinessRule(op: OperationSteps, context: InstanceContext, elementInstance: ElementInstanceRecord, element: ElementDef): Promise<void> {
  const rule = element.businessRule;
  if (!rule) throw commandError('expression-failed', `${element.id} names no decision`, element.id, 'decision-failed');
  const variables = op.variablesAt(context, elementInstance);
  const key = String(op.resolve(rule.decisionRef, () => variables, element.id));
  let outcome: Awaited<ReturnType<EngineServices['evaluateDecision']>>;
  try {
    outcome = await op.services.evaluateDecision(key, variables);
  } catch (error) {
    throw commandError('expression-failed', `decision ${key} failed: ${(error as Error).message}`, element.id, 'decision-failed');
  }
  if (rule.resultVariable) op.setVariable(context, elementInstance.id, rule.resultVariable, mapDecisionResult(outcome.resultList, rule.mapDecisionResult, element.id));
  op.enqueue('leave', context, elementInstance);
}

/** Candidate users and groups: a FEEL list, or a comma-separated text. */
function listOf(value: unknown): string[] {
  if (value === null || value === undefined || value === '') return [];
  if (Array.isArray(value)) return value.filter((item) => item !== null && item !== undefined).map(String);
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Camunda 7's mapDecisionResult. */
function mapDecisionResult(resultList: Array<Record<string, unknown>>, mapping: string, elementId: string): unknown {
  switch (mapping) {
    case 'singleEntry': {
      if (resultList.length > 1) throw commandError('expression-failed', `${elementId}: the decision gave ${resultList.length} results where one entry was expected`, elementId, 'decision-failed');
      const first = resultList[0];
      if (!first) return null;
      const values = Object.values(first);
      if (values.length > 1) throw commandError('expression-failed', `${elementId}: the decision result has ${values.length} entries where one was expected`, elementId, 'decision-failed');
      return values[0] ?? null;
    }
    case 'singleResult':
      if (resultList.length > 1) throw commandError('expression-failed', `${elementId}: the decision gave ${resultList.length} results where one was expected`, elementId, 'decision-failed');
      return resultList[0] ?? null;
    case 'collectEntries':
      return resultList.map((row) => {
        const values = Object.values(row);
        if (values.length > 1) throw commandError('expression-failed', `${elementId}: a decision result has ${values.length} entries where one was expected`, elementId, 'decision-failed');
        return values[0] ?? null;
      });
    default:
      return resultList;
  }
}
