import { parseIsoDurationMs } from '../../../platform/clock/iso-duration.ts';
import {
  ConcurrentChangeError,
  type DeployedProcess,
  type EngineChanges,
  type EngineServices,
  type InstanceRecord,
  type JobRecord,
  ProcessCommandError,
  type ProcessEngineApi,
  type ProcessStore,
  type TaskRecord,
} from './contract.ts';
import { graphIndexFor } from './graph-index.ts';
import type { InstanceContext } from './operation-api.ts';
import { throwError } from './error-propagation.ts';
import { Operation } from './operation.ts';
import { addMultiInstanceSigner } from './add-signer.ts';
import { rewindToElement } from './rewind.ts';
import { completeTask, createConnectorJob, openSignerTaskOn } from './work-items.ts';

/**
 * The BPMN interpreter behind the commands layer. Each operation reads through the store, runs the
 * instance until every token waits or ends, and saves every change once; if it throws, nothing is
 * saved. Time and ids come only from `EngineServices`, so the same inputs make the same changes.
 */
export class ProcessEngine implements ProcessEngineApi {
  constructor(
    private readonly store: ProcessStore,
    private readonly services: EngineServices,
  ) {}

  private operation(inJob = false): Operation {
    return new Operation(this.store, this.services, inJob);
  }

  async startInstance(input: Parameters<ProcessEngineApi['startInstance']>[0]): Promise<{ instance: InstanceRecord; changes: EngineChanges }> {
    assertVariables(input.variables);
    const operation = this.operation();
    const context = operation.startInstance(input.definition, {
      variables: input.variables,
      caseId: input.caseId ?? null,
      businessKey: input.businessKey ?? null,
      startedBy: input.startedBy ?? null,
      startEventId: input.startEventId ?? null,
    });
    await operation.run();
    return { instance: context.instance, changes: await operation.save() };
  }

  async completeTask(input: { taskId: string; variables: Record<string, unknown>; outcome?: string | null; completedBy: string }): Promise<{ changes: EngineChanges }> {
    assertVariables(input.variables);
    const operation = this.operation();
    const { context, task } = await openTask(operation, input.taskId);
    if (task.kind === 'signer') throw new ProcessCommandError('not-active', `task ${task.id} is a signer task: completeSignerTask completes it`, task.elementId);
    // 加签: a signer task still open beside it holds the step (before/alongside: the parent waits for
    // it; after: the approvals layer completes the parent once the signer has).
    const signer = context.openTasks.find((open) => open.kind === 'signer' && open.parentTaskId === task.id);
    if (signer) throw new ProcessCommandError('not-active', `task ${task.id} waits for its signer task ${signer.id}`, task.elementId);
    completeTask(operation, context, task, input.variables, input.outcome ?? null, input.completedBy);
    await operation.run();
    return { changes: await operation.save() };
  }

  async assignTask(input: { taskId: string; assignee: string | null }): Promise<{ changes: EngineChanges }> {
    const operation = this.operation();
    const { task } = await openTask(operation, input.taskId);
    task.assignee = input.assignee;
    operation.touchTask(task);
    return { changes: await operation.save() };
  }

  async correlateMessage(input: {
    name: string;
    correlationKey?: string | null;
    processInstanceId?: string | null;
    variables: Record<string, unknown>;
  }): Promise<{ instanceIds: string[]; started: boolean; changes: EngineChanges }> {
    assertVariables(input.variables);
    const operation = this.operation();
    const candidates = await this.store.findMessageSubscriptions(input.name, input.correlationKey ?? null);
    for (const candidate of candidates) {
      if (candidate.instanceId === null || (input.processInstanceId && candidate.instanceId !== input.processInstanceId)) continue;
      const context = await operation.load(candidate.instanceId);
      const subscription = context?.subscriptions.find((open) => open.id === candidate.id);
      if (!context || !subscription) continue;
      operation.fireSubscription(context, subscription, input.variables);
      await operation.run();
      return { instanceIds: [context.instance.id], started: false, changes: await operation.save() };
    }
    if (!input.processInstanceId) {
      for (const start of await this.store.findStartSubscriptions('message-start', input.name)) {
        const definition = await this.store.getDefinition(start.definitionId);
        if (!definition) continue;
        const context = operation.startInstance(definition, { variables: input.variables, businessKey: input.correlationKey ?? null, startEventId: start.elementId });
        await operation.run();
        return { instanceIds: [context.instance.id], started: true, changes: await operation.save() };
      }
    }
    throw new ProcessCommandError('no-subscription', `nothing waits for message ${input.name}${input.correlationKey ? ` with correlation key ${input.correlationKey}` : ''}`);
  }

  async broadcastSignal(input: { name: string; variables: Record<string, unknown> }): Promise<{ instanceIds: string[]; changes: EngineChanges }> {
    assertVariables(input.variables);
    const operation = this.operation();
    const instanceIds = await operation.broadcastSignal(input.name, input.variables);
    await operation.run();
    return { instanceIds, changes: await operation.save() };
  }

  executeJob(input: { jobId: string }): Promise<{ changes: EngineChanges }> {
    return this.incidentOnFailure(input.jobId, () => this.runJob(input.jobId));
  }

  /**
   * A job that fails in a way its own operation could not turn into an incident (a loop past the
   * step limit, an unexpected error) is discarded and becomes an incident on its element in a
   * fresh operation, so the job worker does not run it again and again.
   */
  private async incidentOnFailure(jobId: string, run: () => Promise<{ changes: EngineChanges }>): Promise<{ changes: EngineChanges }> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof ConcurrentChangeError || (error instanceof ProcessCommandError && error.code === 'not-found')) throw error;
      const operation = this.operation(true);
      const job = await this.store.findJob(jobId);
      if (!job?.instanceId || !job.elementInstanceId) throw error;
      const context = await operation.load(job.instanceId);
      const live = context?.jobs.find((candidate) => candidate.id === job.id);
      const owner = context?.elementInstances.get(job.elementInstanceId);
      if (!context || !live || owner?.state !== 'active') throw error;
      operation.deleteJob(context, live);
      owner.data.failedJob = { kind: live.kind, elementId: live.elementId, retriesLeft: live.retriesLeft, data: live.data };
      operation.touchElement(owner);
      operation.createIncident(context, owner, error instanceof ProcessCommandError ? error.code : 'job-failed', (error as Error).message, live.id);
      return { changes: await operation.save() };
    }
  }

  private async runJob(jobId: string): Promise<{ changes: EngineChanges }> {
    const input = { jobId };
    const operation = this.operation(true);
    const job = await this.store.findJob(input.jobId);
    if (!job) throw new ProcessCommandError('not-found', `job ${input.jobId} does not exist`);
    if (job.kind === 'timer-start') {
      operation.deleteJob(null, job);
      const next = nextCycle(job, job.dueAt);
      if (next) operation.createJob(null, next);
      const definition = await this.store.getDefinition(job.definitionId);
      if (definition) operation.startInstance(definition, { variables: {}, startEventId: job.elementId });
      await operation.run();
      return { changes: await operation.save() };
    }
    const context = job.instanceId === null ? undefined : await operation.load(job.instanceId);
    const live = context?.jobs.find((candidate) => candidate.id === job.id);
    if (!context || !live) return { changes: await operation.save() };
    const owner = live.elementInstanceId === null ? null : context.elementInstances.get(live.elementInstanceId);
    // The element the job was for has ended (a canceled task, a completed scope): nothing to do.
    if (owner === undefined || (owner !== null && owner.state !== 'active')) {
      operation.deleteJob(context, live);
      return { changes: await operation.save() };
    }
    switch (live.kind) {
      case 'timer': {
        operation.deleteJob(context, live);
        const catcher = context.index.element(live.elementId);
        const repeats = (catcher.type === 'boundaryEvent' && catcher.cancelActivity === false) || (catcher.type === 'startEvent' && catcher.isInterrupting === false);
        const next = repeats ? nextCycle(live, live.dueAt) : null;
        if (next) operation.createJob(context, next);
        operation.triggerCatch(context, live.elementId, live.elementInstanceId, {});
        break;
      }
      case 'async-before':
        if (owner === null) break;
        operation.deleteJob(context, live);
        operation.resumedBefore.add(owner.id);
        operation.enqueue('enter', context, owner);
        break;
      case 'async-after':
        if (owner === null) break;
        operation.deleteJob(context, live);
        operation.resumedAfter.add(owner.id);
        operation.enqueue('leave', context, owner);
        break;
      case 'connector':
        // The job handler calls out with `data.request` and reports through completeConnector.
        break;
    }
    await operation.run();
    return { changes: await operation.save() };
  }

  completeConnector(input: { jobId: string; result: { ok: true; value: unknown } | { ok: false; error: string; bpmnErrorCode?: string | null } }): Promise<{ changes: EngineChanges }> {
    return this.incidentOnFailure(input.jobId, () => this.reportConnector(input));
  }

  private async reportConnector(input: { jobId: string; result: { ok: true; value: unknown } | { ok: false; error: string; bpmnErrorCode?: string | null } }): Promise<{ changes: EngineChanges }> {
    const operation = this.operation(true);
    const job = await this.store.findJob(input.jobId);
    if (job?.kind !== 'connector' || job.instanceId === null) throw new ProcessCommandError('not-found', `connector job ${input.jobId} does not exist`);
    const context = await operation.loadOrThrow(job.instanceId);
    const live = context.jobs.find((candidate) => candidate.id === job.id);
    if (!live) throw new ProcessCommandError('not-found', `connector job ${input.jobId} does not exist`);
    operation.deleteJob(context, live);
    const owner = live.elementInstanceId === null ? undefined : context.elementInstances.get(live.elementInstanceId);
    if (owner?.state !== 'active') return { changes: await operation.save() };
    const element = context.index.element(owner.elementId);
    const { result } = input;
    if (result.ok) {
      const resultVariable = element.connector?.http?.resultVariable;
      if (resultVariable) operation.setVariable(context, owner.id, resultVariable, result.value);
      operation.enqueue('leave', context, owner);
    } else if (result.bpmnErrorCode) {
      const caught = await throwError(operation, context, owner, 'error', result.bpmnErrorCode);
      if (!caught) operation.createIncident(context, owner, 'unhandled-error', `error ${result.bpmnErrorCode} from the connector of ${element.id} is not caught`, live.id);
    } else {
      // retriesLeft counts the calls still allowed after this one (`retries="2"`: three calls in all).
      const retriesLeft = live.retriesLeft ?? 0;
      const attempt = Number(live.data.attempt ?? 0);
      if (retriesLeft > 0) {
        const backoff = parseIsoDurationMs(element.connector?.http?.retryBackoff ?? 'PT10S');
        const delayMs = (backoff.ok ? backoff.ms : 10_000) * 2 ** attempt;
        createConnectorJob(operation, context, owner, element, retriesLeft - 1, attempt + 1, new Date(operation.time.getTime() + delayMs));
      } else {
        operation.createIncident(context, owner, 'connector-failed', result.error, live.id);
      }
    }
    await operation.run();
    return { changes: await operation.save() };
  }

  async setVariables(input: { instanceId: string; variables: Record<string, unknown>; elementInstanceId?: string | null }): Promise<{ changes: EngineChanges }> {
    assertVariables(input.variables);
    const operation = this.operation();
    const context = await activeInstance(operation, input.instanceId);
    if (input.elementInstanceId) {
      const scope = context.elementInstances.get(input.elementInstanceId);
      if (scope?.state !== 'active') throw new ProcessCommandError('not-found', `element instance ${input.elementInstanceId} is not active in instance ${input.instanceId}`);
      Object.assign(scope.variables, input.variables);
      operation.touchElement(scope);
    } else {
      Object.assign(context.instance.variables, input.variables);
    }
    return { changes: await operation.save() };
  }

  async terminateInstance(input: { instanceId: string; reason: string }): Promise<{ changes: EngineChanges }> {
    const operation = this.operation();
    const context = await activeInstance(operation, input.instanceId);
    operation.terminateInstance(context, input.reason);
    await operation.run();
    return { changes: await operation.save() };
  }

  async migrateInstance(input: { instanceId: string; target: DeployedProcess; mapping: Record<string, string> }): Promise<{ changes: EngineChanges }> {
    const operation = this.operation();
    const context = await activeInstance(operation, input.instanceId);
    const { target, mapping } = input;
    const targetElements = target.graph.elements;
    const remap = (elementId: string): string | undefined => mapping[elementId] ?? (targetElements[elementId] ? elementId : undefined);
    const active = [...context.elementInstances.values()].filter((elementInstance) => elementInstance.state === 'active');
    for (const elementInstance of active) {
      const targetId = mapping[elementInstance.elementId];
      const targetElement = targetId === undefined ? undefined : targetElements[targetId];
      if (!targetElement)
        throw new ProcessCommandError(
          'invalid-migration',
          `active element ${elementInstance.elementId} is not mapped to an element of ${target.key} version ${target.version}`,
          elementInstance.elementId,
        );
      if (targetElement.type !== elementInstance.elementType) {
        throw new ProcessCommandError(
          'invalid-migration',
          `${elementInstance.elementId} (${elementInstance.elementType}) cannot become ${targetId} (${targetElement.type})`,
          elementInstance.elementId,
        );
      }
    }
    for (const elementInstance of active) {
      elementInstance.elementId = mapping[elementInstance.elementId] as string;
      // The job an incident retry re-makes must name an element of the target too.
      const failedJob = elementInstance.data.failedJob as { elementId: string } | undefined;
      if (failedJob) failedJob.elementId = remap(failedJob.elementId) ?? elementInstance.elementId;
      operation.touchElement(elementInstance);
    }
    // A task keeps its id (people may have it open); its element, and the name shown for it, are the target's.
    for (const task of context.openTasks) {
      const elementId = remap(task.elementId);
      if (elementId === undefined) continue;
      task.elementId = elementId;
      task.name = targetElements[elementId]?.name ?? task.name;
      operation.touchTask(task);
    }
    for (const incident of context.openIncidents) {
      const elementId = remap(incident.elementId);
      if (elementId === undefined) continue;
      incident.elementId = elementId;
      operation.touchIncident(incident);
    }
    // Jobs and subscriptions are rows the store inserts and deletes, so a moved one is a new row.
    for (const job of [...context.jobs]) {
      const elementId = remap(job.elementId);
      operation.deleteJob(context, job);
      if (elementId !== undefined) operation.createJob(context, { ...job, elementId, definitionId: target.id });
    }
    for (const subscription of [...context.subscriptions]) {
      const elementId = remap(subscription.elementId);
      operation.deleteSubscription(context, subscription);
      if (elementId !== undefined) operation.createSubscription(context, { ...subscription, elementId, definitionId: target.id });
    }
    Object.assign(context.instance, { definitionId: target.id, processKey: target.key, version: target.version });
    context.definition = target;
    context.index = graphIndexFor(target.id, target.graph);
    return { changes: await operation.save() };
  }

  async retryIncident(input: { incidentId: string }): Promise<{ changes: EngineChanges }> {
    const operation = this.operation(true);
    const incident = await this.store.findIncident(input.incidentId);
    if (!incident) throw new ProcessCommandError('not-found', `incident ${input.incidentId} does not exist`);
    const context = await operation.loadOrThrow(incident.instanceId);
    const open = context.openIncidents.find((candidate) => candidate.id === incident.id);
    if (!open) throw new ProcessCommandError('not-active', `incident ${input.incidentId} is already resolved`);
    operation.resolveIncident(context, open);
    const owner = context.elementInstances.get(open.elementInstanceId);
    if (owner && owner.state === 'active') {
      const element = context.index.element(owner.elementId);
      const failedJob = owner.data.failedJob as Pick<JobRecord, 'kind' | 'elementId' | 'retriesLeft' | 'data'> | undefined;
      if (failedJob) {
        delete owner.data.failedJob;
        operation.touchElement(owner);
        operation.createJob(context, { ...failedJob, instanceId: context.instance.id, elementInstanceId: owner.id, definitionId: context.definition.id, dueAt: operation.time });
      } else if (open.kind === 'connector-failed' && element.connector?.http) {
        createConnectorJob(operation, context, owner, element, element.connector.http.retries, 0);
      } else if (owner.data.retryStep === 'enter' || owner.data.retryStep === 'leave') {
        const step = owner.data.retryStep;
        delete owner.data.retryStep;
        operation.touchElement(owner);
        operation.enqueue(step, context, owner);
      }
    }
    await operation.run();
    return { changes: await operation.save() };
  }

  // ── Issue 15: approvals ──

  rewindToElement(input: Parameters<ProcessEngineApi['rewindToElement']>[0]): ReturnType<ProcessEngineApi['rewindToElement']> {
    return rewindToElement(this.operation(), input);
  }

  addMultiInstanceSigner(input: Parameters<ProcessEngineApi['addMultiInstanceSigner']>[0]): ReturnType<ProcessEngineApi['addMultiInstanceSigner']> {
    return addMultiInstanceSigner(this.operation(), input);
  }

  /** 加签 on a single task: a `signer` task on the parent's element instance; the token stays where it is. */
  async openSignerTask(input: { parentTaskId: string; assignee: string; position: 'before' | 'after' | 'alongside' }): Promise<{ changes: EngineChanges; task: TaskRecord }> {
    const operation = this.operation();
    const { context, task: parent } = await openTask(operation, input.parentTaskId);
    if (parent.kind === 'signer') throw new ProcessCommandError('not-active', `task ${parent.id} is itself a signer task`, parent.elementId);
    const elementInstance = context.elementInstances.get(parent.elementInstanceId);
    if (elementInstance?.state !== 'active') throw new ProcessCommandError('not-active', `task ${parent.id} is no longer active`, parent.elementId);
    const task = openSignerTaskOn(operation, context, parent, input.assignee, input.position);
    return { changes: await operation.save(), task };
  }

  /** Completes a signer task: its outcome is recorded, the token does not move. */
  async completeSignerTask(input: { taskId: string; outcome: string; completedBy: string }): Promise<{ changes: EngineChanges }> {
    const operation = this.operation();
    const { context, task } = await openTask(operation, input.taskId);
    if (task.kind !== 'signer') throw new ProcessCommandError('not-active', `task ${task.id} is not a signer task`, task.elementId);
    task.state = 'completed';
    task.completedAt = operation.time;
    task.completedBy = input.completedBy;
    task.outcome = input.outcome;
    context.openTasks = context.openTasks.filter((open) => open.id !== task.id);
    operation.touchTask(task);
    operation.emit({ type: 'process.task-completed', taskId: task.id, instanceId: task.instanceId, elementId: task.elementId, caseId: task.caseId, outcome: task.outcome });
    return { changes: await operation.save() };
  }

  /** Ends a step's open signer tasks (another signer's reject decided it); the parent and the token stay. */
  async cancelSignerTasks(input: { parentTaskId: string; reason: 'signer-rejected' }): Promise<{ changes: EngineChanges; canceledTaskIds: string[] }> {
    const operation = this.operation();
    const { context, task: parent } = await openTask(operation, input.parentTaskId);
    if (parent.kind === 'signer') throw new ProcessCommandError('not-active', `task ${parent.id} is itself a signer task`, parent.elementId);
    const signers = context.openTasks.filter((open) => open.kind === 'signer' && open.parentTaskId === parent.id);
    for (const signer of signers) operation.cancelTask(context, signer, input.reason);
    return { changes: await operation.save(), canceledTaskIds: signers.map((signer) => signer.id) };
  }

  /** 转办, 委派, out-of-office: the fields given change (undefined leaves one as it is), the token does not. */
  async updateTask(input: { taskId: string; assignee?: string | null; owner?: string | null; delegationState?: 'pending' | 'resolved' | null }): Promise<{ changes: EngineChanges }> {
    const operation = this.operation();
    const { task } = await openTask(operation, input.taskId);
    if (input.assignee !== undefined) task.assignee = input.assignee;
    if (input.owner !== undefined) task.owner = input.owner;
    if (input.delegationState !== undefined) task.delegationState = input.delegationState;
    operation.touchTask(task);
    return { changes: await operation.save() };
  }
}

async function openTask(operation: Operation, taskId: string) {
  const found = await operation.store.findTask(taskId);
  if (!found) throw new ProcessCommandError('not-found', `task ${taskId} does not exist`);
  const context = await operation.loadOrThrow(found.instanceId);
  const task = context.openTasks.find((open) => open.id === taskId);
  if (!task) throw new ProcessCommandError('not-active', `task ${taskId} is ${found.state}`, found.elementId);
  return { context, task };
}

async function activeInstance(operation: Operation, instanceId: string): Promise<InstanceContext> {
  const context = await operation.loadOrThrow(instanceId);
  if (context.instance.state === 'completed' || context.instance.state === 'terminated') {
    throw new ProcessCommandError('not-active', `process instance ${instanceId} is ${context.instance.state}`);
  }
  return context;
}

function assertVariables(variables: unknown): void {
  if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) throw new ProcessCommandError('invalid-variables', 'variables must be an object of names to values');
}

/** The next firing of a repeating timer, or null when the cycle is used up. */
function nextCycle<T extends { dueAt: Date; retriesLeft: number | null; data: Record<string, unknown> }>(job: T & { id: string }, from: Date): Omit<T, 'id'> | null {
  const intervalMs = job.data.intervalMs as number | undefined;
  if (intervalMs === undefined || (job.retriesLeft !== null && job.retriesLeft <= 0)) return null;
  const { id: _id, ...rest } = job;
  return { ...rest, dueAt: new Date(from.getTime() + intervalMs), retriesLeft: job.retriesLeft === null ? null : job.retriesLeft - 1 };
}
