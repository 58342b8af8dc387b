import { evaluateFeel } from '../../../platform/feel/index.ts';
import type { ElementDef, EventDef, FlowDef, StaticOrExpression } from '../graph.ts';
import {
  type DeployedProcess,
  type ElementInstanceRecord,
  type EngineChanges,
  type EngineEvent,
  type EngineServices,
  type IncidentRecord,
  type InstanceAggregate,
  type InstanceRecord,
  type JobRecord,
  ProcessCommandError,
  type ProcessStore,
  type SubscriptionRecord,
  type TaskRecord,
} from './contract.ts';
import { returnFromCalledInstance, startCalledInstance } from './call-activity.ts';
import { continueCompensation, logCompensation, startCompensation } from './compensation.ts';
import { throwError } from './error-propagation.ts';
import { openCatch } from './event-catches.ts';
import { enterMultiInstanceBody, leaveInnerInstance } from './multi-instance.ts';
import { createTask, evaluateBusinessRule, publishMessage, runConnector } from './work-items.ts';
import { graphIndexFor } from './graph-index.ts';
import { NOT_SIMPLE, evaluateSimpleFeel } from './simple-feel.ts';
import { type InstanceContext, type OperationSteps, type StartInput, type StepKind, type TaskCancelReason, commandError } from './operation-api.ts';

/** Steps one operation may take without reaching a wait state: a loop without one would otherwise never end. */
export const STEP_LIMIT = 50_000;

const ROOT = '';

type Step = { kind: StepKind; context: InstanceContext; elementInstance: ElementInstanceRecord } | { kind: 'call'; run: () => Promise<void> | void };

/**
 * One engine operation: loads instances through the store, runs tokens until every one waits or
 * ends, and collects every change for a single `store.save`. Records are changed in place (they
 * are this operation's copies) and written whole at the end.
 */
export class Operation implements OperationSteps {
  private readonly contexts = new Map<string, InstanceContext>();
  private readonly queue: Step[] = [];
  private head = 0;
  private steps = 0;
  private readonly now: Date;
  /** Element instances whose async continuation is being run: enter/leave must not park them again. */
  readonly resumedBefore = new Set<string>();
  readonly resumedAfter = new Set<string>();

  private readonly touchedInstances = new Map<string, InstanceRecord>();
  private readonly createdInstanceIds = new Set<string>();
  private readonly touchedElements = new Map<string, ElementInstanceRecord>();
  private readonly createdElementIds = new Set<string>();
  private readonly touchedTasks = new Map<string, TaskRecord>();
  private readonly createdTaskIds = new Set<string>();
  private readonly jobsCreated = new Map<string, JobRecord>();
  private readonly jobsDeleted = new Map<string, JobRecord>();
  private readonly subscriptionsCreated = new Map<string, SubscriptionRecord>();
  private readonly subscriptionsDeleted = new Map<string, SubscriptionRecord>();
  private readonly touchedIncidents = new Map<string, IncidentRecord>();
  private readonly createdIncidentIds = new Set<string>();
  private readonly events: EngineEvent[] = [];

  constructor(
    readonly store: ProcessStore,
    readonly services: EngineServices,
    /** Inside a job a failing step becomes an incident; in a command it refuses the command. */
    readonly inJob = false,
  ) {
    this.now = services.now();
  }

  get time(): Date {
    return this.now;
  }

  // ───────────────────────── loading and saving ─────────────────────────

  async load(instanceId: string): Promise<InstanceContext | undefined> {
    const known = this.contexts.get(instanceId);
    if (known) return known;
    const aggregate = await this.store.loadInstance(instanceId);
    if (!aggregate) return undefined;
    const again = this.contexts.get(instanceId);
    if (again) return again;
    const definition = await this.store.getDefinition(aggregate.instance.definitionId);
    if (!definition) throw new ProcessCommandError('not-found', `definition ${aggregate.instance.definitionId} of instance ${instanceId} is missing`);
    return this.adopt(aggregate, definition);
  }

  async loadOrThrow(instanceId: string): Promise<InstanceContext> {
    const context = await this.load(instanceId);
    if (!context) throw new ProcessCommandError('not-found', `process instance ${instanceId} does not exist`);
    return context;
  }

  private adopt(aggregate: InstanceAggregate, definition: DeployedProcess): InstanceContext {
    const context: InstanceContext = {
      instance: aggregate.instance,
      definition,
      index: graphIndexFor(definition.id, definition.graph),
      elementInstances: new Map(),
      activeByScope: new Map(),
      openTasks: aggregate.openTasks,
      jobs: aggregate.jobs,
      subscriptions: aggregate.subscriptions,
      openIncidents: aggregate.openIncidents,
      inclusiveJoins: new Set(),
    };
    for (const elementInstance of aggregate.elementInstances) {
      context.elementInstances.set(elementInstance.id, elementInstance);
      if (elementInstance.state !== 'active') continue;
      this.addActive(context, elementInstance);
      if (elementInstance.data.arrivals && elementInstance.elementType === 'inclusiveGateway') context.inclusiveJoins.add(elementInstance);
    }
    this.contexts.set(aggregate.instance.id, context);
    this.touchedInstances.set(aggregate.instance.id, aggregate.instance);
    return context;
  }

  async save(): Promise<EngineChanges> {
    const changes: EngineChanges = {
      instances: [...this.touchedInstances.values()],
      createdInstanceIds: this.createdInstanceIds,
      elementInstances: [...this.touchedElements.values()],
      createdElementInstanceIds: this.createdElementIds,
      tasks: [...this.touchedTasks.values()],
      createdTaskIds: this.createdTaskIds,
      jobsCreated: [...this.jobsCreated.values()],
      jobsDeleted: [...this.jobsDeleted.values()],
      subscriptionsCreated: [...this.subscriptionsCreated.values()],
      subscriptionsDeleted: [...this.subscriptionsDeleted.values()],
      incidents: [...this.touchedIncidents.values()],
      createdIncidentIds: this.createdIncidentIds,
      events: this.events,
    };
    await this.store.save(changes);
    return changes;
  }

  contextOf(instanceId: string): InstanceContext | undefined {
    return this.contexts.get(instanceId);
  }

  touchTask(task: TaskRecord): void {
    this.touchedTasks.set(task.id, task);
  }

  recordNewTask(task: TaskRecord): void {
    this.touchedTasks.set(task.id, task);
    this.createdTaskIds.add(task.id);
  }

  touchIncident(incident: IncidentRecord): void {
    this.touchedIncidents.set(incident.id, incident);
  }

  touchElement(elementInstance: ElementInstanceRecord): void {
    this.touchedElements.set(elementInstance.id, elementInstance);
  }

  emit(event: EngineEvent): void {
    this.events.push(event);
  }

  // ───────────────────────── the run loop ─────────────────────────

  enqueue(kind: StepKind, context: InstanceContext, elementInstance: ElementInstanceRecord): void {
    this.queue.push({ kind, context, elementInstance });
  }

  defer(run: () => Promise<void> | void): void {
    this.queue.push({ kind: 'call', run });
  }

  /** Runs every queued step, then the inclusive joins that can now fire, until nothing moves. */
  async run(): Promise<void> {
    for (;;) {
      while (this.head < this.queue.length) {
        const step = this.queue[this.head++] as Step;
        if (++this.steps > STEP_LIMIT) {
          throw new ProcessCommandError('step-limit', `the process ran ${STEP_LIMIT} steps without waiting: a loop without a wait state`, step.kind === 'call' ? null : step.elementInstance.elementId);
        }
        if (step.kind === 'call') {
          await step.run();
          continue;
        }
        if (step.elementInstance.state !== 'active') continue;
        if (this.inJob) {
          try {
            await this.runStep(step.kind, step.context, step.elementInstance);
          } catch (error) {
            this.failStep(step.context, step.elementInstance, step.kind, error);
          }
        } else {
          await this.runStep(step.kind, step.context, step.elementInstance);
        }
      }
      if (this.head > 1024) {
        this.queue.length = 0;
        this.head = 0;
      }
      if (!this.fireInclusiveJoins()) return;
    }
  }

  private runStep(kind: StepKind, context: InstanceContext, elementInstance: ElementInstanceRecord): Promise<void> | void {
    return kind === 'enter' ? this.enter(context, elementInstance) : this.leave(context, elementInstance);
  }

  private failStep(context: InstanceContext, elementInstance: ElementInstanceRecord, kind: StepKind, error: unknown): void {
    if (!(error instanceof ProcessCommandError) || error.code === 'step-limit') throw error;
    const incidentKind = (error as { incidentKind?: string }).incidentKind ?? error.code;
    elementInstance.data.retryStep = kind;
    this.touchElement(elementInstance);
    // Entering runs again on retry, and opens the boundary catches again.
    if (kind === 'enter') this.closeCatchesOf(context, elementInstance.id);
    this.createIncident(context, elementInstance, incidentKind, error.message, null);
  }

  // ───────────────────────── records ─────────────────────────

  private addActive(context: InstanceContext, elementInstance: ElementInstanceRecord): void {
    const key = elementInstance.scopeId ?? ROOT;
    let set = context.activeByScope.get(key);
    if (!set) {
      set = new Set();
      context.activeByScope.set(key, set);
    }
    set.add(elementInstance);
  }

  activeIn(context: InstanceContext, scopeId: string | null): Set<ElementInstanceRecord> | undefined {
    return context.activeByScope.get(scopeId ?? ROOT);
  }

  createInstance(
    definition: DeployedProcess,
    input: {
      variables: Record<string, unknown>;
      caseId?: string | null;
      businessKey?: string | null;
      startedBy?: string | null;
      parentInstanceId?: string | null;
      parentElementInstanceId?: string | null;
      rootInstanceId?: string | null;
    },
  ): InstanceContext {
    const id = this.services.newId();
    const instance: InstanceRecord = {
      id,
      definitionId: definition.id,
      processKey: definition.key,
      version: definition.version,
      state: 'active',
      caseId: input.caseId ?? null,
      businessKey: input.businessKey ?? null,
      parentInstanceId: input.parentInstanceId ?? null,
      parentElementInstanceId: input.parentElementInstanceId ?? null,
      rootInstanceId: input.rootInstanceId ?? id,
      variables: { ...input.variables },
      startedAt: this.now,
      endedAt: null,
      startedBy: input.startedBy ?? null,
      revision: 0,
    };
    this.createdInstanceIds.add(id);
    const context = this.adopt({ instance, elementInstances: [], openTasks: [], jobs: [], subscriptions: [], openIncidents: [] }, definition);
    this.emit({ type: 'process.instance-started', instanceId: id, processKey: definition.key, version: definition.version, caseId: instance.caseId, parentInstanceId: instance.parentInstanceId });
    return context;
  }

  createElementInstance(context: InstanceContext, element: ElementDef, scopeId: string | null, loopCounter: number | null = null): ElementInstanceRecord {
    const elementInstance: ElementInstanceRecord = {
      id: this.services.newId(),
      instanceId: context.instance.id,
      elementId: element.id,
      elementType: element.type,
      scopeId,
      state: 'active',
      startedAt: this.now,
      endedAt: null,
      outcome: null,
      variables: {},
      isMultiInstanceBody: element.loop !== undefined && loopCounter === null,
      loopCounter,
      data: {},
    };
    if (loopCounter !== null) elementInstance.variables.loopCounter = loopCounter;
    context.elementInstances.set(elementInstance.id, elementInstance);
    this.addActive(context, elementInstance);
    this.createdElementIds.add(elementInstance.id);
    this.touchedElements.set(elementInstance.id, elementInstance);
    return elementInstance;
  }

  /** Ends an element instance: its state, time and outcome, its boundary catches closed. */
  endElementInstance(context: InstanceContext, elementInstance: ElementInstanceRecord, state: ElementInstanceRecord['state']): void {
    elementInstance.state = state;
    elementInstance.endedAt = this.now;
    if (state !== 'completed' || elementInstance.outcome === null) elementInstance.outcome = state === 'completed' ? 'completed' : state;
    this.activeIn(context, elementInstance.scopeId)?.delete(elementInstance);
    context.inclusiveJoins.delete(elementInstance);
    this.touchedElements.set(elementInstance.id, elementInstance);
    if (context.jobs.length > 0 || context.subscriptions.length > 0) this.closeCatchesOf(context, elementInstance.id);
  }

  private closeCatchesOf(context: InstanceContext, elementInstanceId: string, only?: (elementId: string) => boolean): void {
    for (const job of [...context.jobs]) if (job.elementInstanceId === elementInstanceId && (!only || only(job.elementId))) this.deleteJob(context, job);
    for (const subscription of [...context.subscriptions]) {
      if (subscription.elementInstanceId === elementInstanceId && (!only || only(subscription.elementId))) this.deleteSubscription(context, subscription);
    }
  }

  createJob(context: InstanceContext | null, job: Omit<JobRecord, 'id'>): JobRecord {
    const record: JobRecord = { ...job, id: this.services.newId() };
    context?.jobs.push(record);
    this.jobsCreated.set(record.id, record);
    return record;
  }

  deleteJob(context: InstanceContext | null, job: JobRecord): void {
    if (context) {
      const at = context.jobs.findIndex((candidate) => candidate.id === job.id);
      if (at < 0) return;
      context.jobs.splice(at, 1);
    }
    if (this.jobsCreated.has(job.id)) this.jobsCreated.delete(job.id);
    else this.jobsDeleted.set(job.id, job);
  }

  createSubscription(context: InstanceContext, subscription: Omit<SubscriptionRecord, 'id'>): SubscriptionRecord {
    const record: SubscriptionRecord = { ...subscription, id: this.services.newId() };
    context.subscriptions.push(record);
    this.subscriptionsCreated.set(record.id, record);
    return record;
  }

  deleteSubscription(context: InstanceContext, subscription: SubscriptionRecord): void {
    const at = context.subscriptions.findIndex((candidate) => candidate.id === subscription.id);
    if (at < 0) return;
    context.subscriptions.splice(at, 1);
    if (this.subscriptionsCreated.has(subscription.id)) this.subscriptionsCreated.delete(subscription.id);
    else this.subscriptionsDeleted.set(subscription.id, subscription);
  }

  /** Subscriptions of this operation not yet saved (a signal thrown now reaches catches opened now). */
  createdSubscriptions(): Iterable<SubscriptionRecord> {
    return this.subscriptionsCreated.values();
  }

  isSubscriptionDeleted(id: string): boolean {
    return this.subscriptionsDeleted.has(id);
  }

  createIncident(context: InstanceContext, elementInstance: ElementInstanceRecord, kind: string, message: string, jobId: string | null): IncidentRecord {
    const incident: IncidentRecord = {
      id: this.services.newId(),
      instanceId: context.instance.id,
      elementInstanceId: elementInstance.id,
      elementId: elementInstance.elementId,
      kind,
      message,
      jobId,
      createdAt: this.now,
      resolvedAt: null,
    };
    context.openIncidents.push(incident);
    this.touchedIncidents.set(incident.id, incident);
    this.createdIncidentIds.add(incident.id);
    if (context.instance.state === 'active') context.instance.state = 'incident';
    this.emit({ type: 'process.incident-created', incidentId: incident.id, instanceId: context.instance.id, elementId: incident.elementId, kind, message });
    return incident;
  }

  resolveIncident(context: InstanceContext, incident: IncidentRecord): void {
    incident.resolvedAt = this.now;
    this.touchedIncidents.set(incident.id, incident);
    context.openIncidents = context.openIncidents.filter((open) => open.id !== incident.id);
    if (context.openIncidents.length === 0 && context.instance.state === 'incident') context.instance.state = 'active';
    this.emit({ type: 'process.incident-resolved', incidentId: incident.id, instanceId: context.instance.id, elementId: incident.elementId });
  }

  // ───────────────────────── variables and expressions ─────────────────────────

  /** FEEL context at an element instance: the root's variables, then each enclosing scope's, inner wins. */
  variablesAt(context: InstanceContext, elementInstance: ElementInstanceRecord | null, scopeId: string | null = elementInstance?.scopeId ?? null): Record<string, unknown> {
    let chain: ElementInstanceRecord[] | null = null;
    for (let id = scopeId; id !== null; ) {
      const scope = context.elementInstances.get(id);
      if (!scope) break;
      if (chain === null) chain = [];
      chain.push(scope);
      id = scope.scopeId;
    }
    const hasLocal = elementInstance !== null && !isEmpty(elementInstance.variables);
    if (chain === null && !hasLocal) return context.instance.variables;
    const merged: Record<string, unknown> = { ...context.instance.variables };
    if (chain) for (let i = chain.length - 1; i >= 0; i--) Object.assign(merged, (chain[i] as ElementInstanceRecord).variables);
    if (hasLocal) Object.assign(merged, elementInstance.variables);
    return merged;
  }

  evaluate(expression: string, variables: Record<string, unknown>, elementId: string | null): unknown {
    const simple = evaluateSimpleFeel(expression, variables);
    if (simple !== NOT_SIMPLE) return simple;
    try {
      return evaluateFeel(expression, variables);
    } catch (error) {
      throw commandError('expression-failed', `${elementId ?? 'expression'}: ${(error as Error).message}`, elementId);
    }
  }

  resolve(value: StaticOrExpression | null | undefined, variables: () => Record<string, unknown>, elementId: string): unknown {
    if (!value) return null;
    if (value.static !== undefined) return value.static;
    if (value.expression !== undefined) return this.evaluate(value.expression, variables(), elementId);
    return null;
  }

  /**
   * Sets a variable where Camunda 7 would: in the nearest scope, starting at `fromScopeId`, that
   * already has it, else at the process level.
   */
  setVariable(context: InstanceContext, fromScopeId: string | null, name: string, value: unknown): void {
    for (let id = fromScopeId; id !== null; ) {
      const scope = context.elementInstances.get(id);
      if (!scope) break;
      if (Object.hasOwn(scope.variables, name)) {
        scope.variables[name] = value;
        this.touchedElements.set(scope.id, scope);
        return;
      }
      id = scope.scopeId;
    }
    context.instance.variables[name] = value;
  }

  setVariables(context: InstanceContext, fromScopeId: string | null, variables: Record<string, unknown>): void {
    for (const name in variables) this.setVariable(context, fromScopeId, name, variables[name]);
  }

  // ───────────────────────── starting ─────────────────────────

  /** Starts a new instance at a start event (none by default) and queues its first step. */
  startInstance(definition: DeployedProcess, input: StartInput): InstanceContext {
    const index = graphIndexFor(definition.id, definition.graph);
    const startId = input.startEventId ?? index.graph.scope.startEvents.find((id) => (index.element(id).event?.kind ?? 'none') === 'none');
    if (!startId || !index.graph.scope.startEvents.includes(startId)) {
      throw new ProcessCommandError(
        'no-start-event',
        input.startEventId ? `process ${definition.key} has no start event ${input.startEventId}` : `process ${definition.key} has no none start event`,
        input.startEventId ?? null,
      );
    }
    const context = this.createInstance(definition, input);
    this.openScopeCatches(context, null);
    const start = this.createElementInstance(context, index.element(startId), null);
    this.enqueue('enter', context, start);
    return context;
  }

  /** A scope starts: its event sub-processes' message, signal and timer starts begin to listen. */
  openScopeCatches(context: InstanceContext, scope: ElementInstanceRecord | null): void {
    const starts = context.index.eventSubProcessStarts(scope?.elementId ?? null);
    for (const start of starts) openCatch(this, context, scope, start, start.isInterrupting !== false);
  }

  // ───────────────────────── entering an element ─────────────────────────

  private enter(context: InstanceContext, elementInstance: ElementInstanceRecord): Promise<void> | void {
    const element = context.index.element(elementInstance.elementId);
    if (element.asyncBefore && !this.resumedBefore.has(elementInstance.id) && elementInstance.loopCounter === null) {
      this.createJob(context, {
        kind: 'async-before',
        instanceId: context.instance.id,
        elementInstanceId: elementInstance.id,
        elementId: element.id,
        definitionId: context.definition.id,
        dueAt: this.now,
        retriesLeft: null,
        data: {},
      });
      return;
    }
    if (elementInstance.isMultiInstanceBody) return enterMultiInstanceBody(this, context, elementInstance, element);
    if (element.inputs.length > 0) {
      const variables = this.variablesAt(context, null, elementInstance.scopeId);
      for (const mapping of element.inputs) elementInstance.variables[mapping.target] = this.evaluate(mapping.source, { ...variables, ...elementInstance.variables }, element.id);
    }
    if (element.boundaryEvents.length > 0 && elementInstance.loopCounter === null) this.openBoundaryCatches(context, elementInstance, element);
    switch (element.type) {
      case 'startEvent':
      case 'boundaryEvent':
      case 'task':
      case 'manualTask':
      case 'scriptTask':
      case 'exclusiveGateway':
      case 'parallelGateway':
      case 'inclusiveGateway':
        this.enqueue('leave', context, elementInstance);
        return;
      case 'endEvent':
      case 'intermediateThrowEvent':
        return this.throwEvent(context, elementInstance, element);
      case 'intermediateCatchEvent':
        if (!element.event || element.event.kind === 'none') this.enqueue('leave', context, elementInstance);
        else openCatch(this, context, elementInstance, element, true);
        return;
      case 'receiveTask':
        openCatch(this, context, elementInstance, element, true);
        return;
      case 'eventBasedGateway':
        for (const targetId of element.eventBasedTargets ?? []) openCatch(this, context, elementInstance, context.index.element(targetId), true);
        return;
      case 'userTask':
        createTask(this, context, elementInstance, element);
        return;
      case 'serviceTask':
      case 'sendTask':
        return runConnector(this, context, elementInstance, element);
      case 'businessRuleTask':
        return evaluateBusinessRule(this, context, elementInstance, element);
      case 'callActivity':
        return startCalledInstance(this, context, elementInstance, element);
      case 'subProcess':
        this.enterSubProcess(context, elementInstance, element);
        return;
    }
  }

  private enterSubProcess(context: InstanceContext, scope: ElementInstanceRecord, element: ElementDef): void {
    this.openScopeCatches(context, scope);
    const scopeDef = context.index.scopeOf(element.id);
    const startId = scopeDef.startEvents.find((id) => (context.index.element(id).event?.kind ?? 'none') === 'none') ?? scopeDef.startEvents[0];
    if (startId === undefined) {
      this.enqueue('leave', context, scope);
      return;
    }
    this.enqueue('enter', context, this.createElementInstance(context, context.index.element(startId), scope.id));
  }

  // ───────────────────────── leaving an element ─────────────────────────

  /** The element is done: outputs, compensation log, outgoing flows (or the end of the token). */
  private leave(context: InstanceContext, elementInstance: ElementInstanceRecord): Promise<void> | void {
    const element = context.index.element(elementInstance.elementId);
    if (element.asyncAfter && !this.resumedAfter.has(elementInstance.id) && elementInstance.loopCounter === null && !elementInstance.data.asyncAfter) {
      elementInstance.data.asyncAfter = true;
      this.touchElement(elementInstance);
      this.closeCatchesOf(context, elementInstance.id);
      this.createJob(context, {
        kind: 'async-after',
        instanceId: context.instance.id,
        elementInstanceId: elementInstance.id,
        elementId: element.id,
        definitionId: context.definition.id,
        dueAt: this.now,
        retriesLeft: null,
        data: {},
      });
      return;
    }
    if (elementInstance.loopCounter !== null) return leaveInnerInstance(this, context, elementInstance, element);
    if (!elementInstance.isMultiInstanceBody && element.outputs.length > 0) this.applyOutputs(context, elementInstance, element, elementInstance.scopeId);
    if (element.compensationHandler && !elementInstance.isMultiInstanceBody) logCompensation(this, context, elementInstance.scopeId, element);
    const flows = this.selectOutgoing(context, elementInstance, element);
    this.endElementInstance(context, elementInstance, 'completed');
    const compensationFor = elementInstance.data.compensationFor as string | undefined;
    if (compensationFor !== undefined) continueCompensation(this, context, compensationFor);
    for (const flow of flows) this.takeFlow(context, flow, elementInstance.scopeId);
    if (flows.length === 0) this.scopeMayBeDone(context, elementInstance.scopeId);
  }

  applyOutputs(context: InstanceContext, elementInstance: ElementInstanceRecord, element: ElementDef, targetScopeId: string | null): void {
    const variables = this.variablesAt(context, elementInstance);
    for (const mapping of element.outputs) this.setVariable(context, targetScopeId, mapping.target, this.evaluate(mapping.source, variables, element.id));
  }

  private selectOutgoing(context: InstanceContext, elementInstance: ElementInstanceRecord, element: ElementDef): FlowDef[] {
    const outgoing = context.index.outgoing(element.id);
    if (outgoing.length === 0) return outgoing;
    if (element.type === 'parallelGateway') return outgoing;
    let variables: Record<string, unknown> | null = null;
    const matches = (flow: FlowDef): boolean => {
      if (flow.condition === null) return true;
      variables ??= this.variablesAt(context, elementInstance);
      return this.evaluate(flow.condition, variables, element.id) === true;
    };
    if (element.type === 'exclusiveGateway') {
      for (const flow of outgoing) if (!flow.isDefault && flow.id !== element.defaultFlow && matches(flow)) return [flow];
    } else {
      if (element.type !== 'inclusiveGateway' && outgoing.length === 1 && outgoing[0]?.condition === null) return outgoing;
      const taken = outgoing.filter((flow) => !flow.isDefault && flow.id !== element.defaultFlow && matches(flow));
      if (taken.length > 0) return taken;
    }
    const fallback = outgoing.find((flow) => flow.isDefault || flow.id === element.defaultFlow);
    if (fallback) return [fallback];
    throw new ProcessCommandError('no-matching-flow', `no outgoing flow of ${element.id} matches and it has no default flow`, element.id);
  }

  private takeFlow(context: InstanceContext, flow: FlowDef, scopeId: string | null): void {
    const target = context.index.element(flow.targetRef);
    if (context.index.isJoin(target.id)) {
      this.arriveAtJoin(context, target, flow.id, scopeId);
      return;
    }
    this.enqueue('enter', context, this.createElementInstance(context, target, scopeId));
  }

  // ───────────────────────── joins ─────────────────────────

  private arriveAtJoin(context: InstanceContext, gateway: ElementDef, flowId: string, scopeId: string | null): void {
    let join: ElementInstanceRecord | undefined;
    for (const candidate of this.activeIn(context, scopeId) ?? []) {
      if (candidate.elementId === gateway.id && candidate.data.arrivals) {
        join = candidate;
        break;
      }
    }
    if (!join) {
      join = this.createElementInstance(context, gateway, scopeId);
      join.data.arrivals = {};
    }
    const arrivals = join.data.arrivals as Record<string, number>;
    arrivals[flowId] = (arrivals[flowId] ?? 0) + 1;
    this.touchElement(join);
    if (gateway.type === 'inclusiveGateway') {
      context.inclusiveJoins.add(join);
      return;
    }
    if (gateway.incoming.every((incoming) => (arrivals[incoming] ?? 0) > 0)) this.fireJoin(context, join, gateway, gateway.incoming);
  }

  /** The join consumes one token per flow that has one; extra tokens wait in a new join instance for the next activation. */
  private fireJoin(context: InstanceContext, join: ElementInstanceRecord, gateway: ElementDef, consumed: string[]): void {
    const arrivals = join.data.arrivals as Record<string, number>;
    const left: Record<string, number> = {};
    let anyLeft = false;
    for (const flowId in arrivals) {
      const count = (arrivals[flowId] as number) - (consumed.includes(flowId) ? 1 : 0);
      if (count > 0) {
        left[flowId] = count;
        anyLeft = true;
      }
    }
    join.data = {};
    context.inclusiveJoins.delete(join);
    // 退回 past a join that fired gives it back the arrivals of the branches that will not run
    // again (engine/rewind.ts): it needs to know which flows fired it last.
    context.instance.data ??= {};
    const data = context.instance.data;
    data.joinsFired ??= {};
    const fired = data.joinsFired as Record<string, string[]>;
    fired[gateway.id] = consumed;
    if (anyLeft) {
      const next = this.createElementInstance(context, gateway, join.scopeId);
      next.data.arrivals = left;
      if (gateway.type === 'inclusiveGateway') context.inclusiveJoins.add(next);
    }
    this.enqueue('leave', context, join);
  }

  /**
   * An inclusive join fires once no active token of its scope can still reach an incoming flow that
   * has no token yet (BPMN 2.0 §13.4.3). Runs when the operation has no more steps, so every token
   * has moved as far as it will.
   */
  private fireInclusiveJoins(): boolean {
    let fired = false;
    for (const context of this.contexts.values()) {
      for (const join of [...context.inclusiveJoins]) {
        if (join.state !== 'active' || !join.data.arrivals) continue;
        const arrivals = join.data.arrivals as Record<string, number>;
        const gateway = context.index.element(join.elementId);
        const active = this.activeIn(context, join.scopeId) ?? new Set();
        let blocked = false;
        for (const { flowId, sources } of context.index.inclusiveJoinSources(gateway.id)) {
          if ((arrivals[flowId] ?? 0) > 0) continue;
          for (const other of active) {
            if (other.elementId !== gateway.id && sources.has(other.elementId)) {
              blocked = true;
              break;
            }
          }
          if (blocked) break;
        }
        if (blocked) continue;
        this.fireJoin(
          context,
          join,
          gateway,
          gateway.incoming.filter((flowId) => (arrivals[flowId] ?? 0) > 0),
        );
        fired = true;
      }
    }
    return fired;
  }

  // ───────────────────────── scopes ─────────────────────────

  /** Nothing is active in the scope any more: the sub-process (or the instance) completes. */
  private scopeMayBeDone(context: InstanceContext, scopeId: string | null): void {
    const active = this.activeIn(context, scopeId);
    if (active && active.size > 0) return;
    if (scopeId === null) {
      this.completeInstance(context);
      return;
    }
    const scope = context.elementInstances.get(scopeId);
    if (scope?.state !== 'active' || scope.isMultiInstanceBody) return;
    this.enqueue('leave', context, scope);
  }

  private completeInstance(context: InstanceContext): void {
    const { instance } = context;
    if (instance.state === 'completed' || instance.state === 'terminated') return;
    instance.state = 'completed';
    instance.endedAt = this.now;
    for (const job of [...context.jobs]) this.deleteJob(context, job);
    for (const subscription of [...context.subscriptions]) this.deleteSubscription(context, subscription);
    this.emit({ type: 'process.instance-completed', instanceId: instance.id, processKey: instance.processKey, caseId: instance.caseId });
    if (instance.parentInstanceId !== null && instance.parentElementInstanceId !== null) {
      const parentId = instance.parentInstanceId;
      const callId = instance.parentElementInstanceId;
      this.defer(async () => {
        const parent = await this.load(parentId);
        const call = parent?.elementInstances.get(callId);
        if (!parent || !call || call.state !== 'active') return;
        returnFromCalledInstance(this, parent, call, context);
      });
    }
  }

  /** Cancels an element instance and everything inside it: tasks, catches, called instances. */
  cancelElementInstance(context: InstanceContext, elementInstance: ElementInstanceRecord, state: 'canceled' | 'terminated', reason: TaskCancelReason = null): void {
    if (elementInstance.state !== 'active') return;
    const inside = this.activeIn(context, elementInstance.id);
    if (inside) for (const child of [...inside]) this.cancelElementInstance(context, child, state, reason);
    // Every task of it: the user task's own and any signer tasks (加签) beside it.
    for (const task of [...context.openTasks]) if (task.elementInstanceId === elementInstance.id) this.cancelTask(context, task, reason);
    for (const incident of [...context.openIncidents]) if (incident.elementInstanceId === elementInstance.id) this.resolveIncident(context, incident);
    const childInstanceId = elementInstance.data.childInstanceId as string | undefined;
    if (childInstanceId !== undefined) {
      this.defer(async () => {
        const child = await this.load(childInstanceId);
        if (child) this.terminateInstance(child, `the calling activity ${elementInstance.elementId} was ${state}`);
      });
    }
    this.endElementInstance(context, elementInstance, state);
  }

  cancelTask(context: InstanceContext, task: TaskRecord, reason: TaskCancelReason = null): void {
    // Its element instance's endedAt says when; completedAt stays for work actually done.
    task.state = 'canceled';
    context.openTasks = context.openTasks.filter((open) => open.id !== task.id);
    this.touchTask(task);
    this.emit({ type: 'process.task-canceled', taskId: task.id, instanceId: task.instanceId, elementId: task.elementId, caseId: task.caseId, ...(reason ? { reason } : {}) });
  }

  /** Every active element ends as terminated, every catch closes, called instances end too. */
  terminateInstance(context: InstanceContext, reason: string): void {
    const { instance } = context;
    if (instance.state === 'completed' || instance.state === 'terminated') return;
    for (const elementInstance of [...(this.activeIn(context, null) ?? [])]) this.cancelElementInstance(context, elementInstance, 'terminated');
    for (const job of [...context.jobs]) this.deleteJob(context, job);
    for (const subscription of [...context.subscriptions]) this.deleteSubscription(context, subscription);
    for (const incident of [...context.openIncidents]) this.resolveIncident(context, incident);
    instance.state = 'terminated';
    instance.endedAt = this.now;
    this.emit({ type: 'process.instance-terminated', instanceId: instance.id, processKey: instance.processKey, caseId: instance.caseId, reason });
  }

  // ───────────────────────── tasks ─────────────────────────

  // ───────────────────────── connectors and decisions ─────────────────────────

  // ───────────────────────── call activities ─────────────────────────

  // ───────────────────────── catching events ─────────────────────────

  openBoundaryCatches(context: InstanceContext, host: ElementInstanceRecord, element: ElementDef): void {
    for (const boundaryId of element.boundaryEvents) {
      const boundary = context.index.element(boundaryId);
      openCatch(this, context, host, boundary, boundary.cancelActivity !== false);
    }
  }

  /**
   * A message, signal or timer reached a catch: resumes the waiting event, chooses the event-based
   * gateway's path, or triggers a boundary event or an event sub-process.
   */
  triggerCatch(context: InstanceContext, catcherId: string, ownerId: string | null, variables: Record<string, unknown>): void {
    const catcher = context.index.element(catcherId);
    if (catcher.type === 'startEvent') {
      this.startEventSubProcess(context, ownerId, catcher, variables);
      return;
    }
    const owner = ownerId === null ? undefined : context.elementInstances.get(ownerId);
    if (owner?.state !== 'active') return;
    if (catcher.type === 'boundaryEvent') {
      this.triggerBoundary(context, owner, catcher, variables);
      return;
    }
    if (owner.elementId === catcherId) {
      this.closeCatchesOf(context, owner.id);
      this.setVariables(context, owner.scopeId, variables);
      this.enqueue('leave', context, owner);
      return;
    }
    // The event-based gateway: the first event wins, the others' catches close with the gateway.
    const flow = context.index.outgoing(owner.elementId).find((candidate) => candidate.targetRef === catcherId);
    this.endElementInstance(context, owner, 'completed');
    const target = this.createElementInstance(context, catcher, owner.scopeId);
    this.setVariables(context, owner.scopeId, variables);
    if (!flow) throw new Error(`event-based gateway ${owner.elementId} has no flow to ${catcherId}`);
    this.enqueue('leave', context, target);
  }

  triggerBoundary(context: InstanceContext, host: ElementInstanceRecord, boundary: ElementDef, variables: Record<string, unknown>): void {
    if (boundary.cancelActivity !== false) this.cancelElementInstance(context, host, 'canceled');
    const event = this.createElementInstance(context, boundary, host.scopeId);
    this.setVariables(context, host.scopeId, variables);
    this.enqueue('leave', context, event);
  }

  startEventSubProcess(context: InstanceContext, scopeId: string | null, start: ElementDef, variables: Record<string, unknown>): ElementInstanceRecord | undefined {
    if (scopeId !== null && context.elementInstances.get(scopeId)?.state !== 'active') return undefined;
    if (start.isInterrupting !== false) {
      for (const active of [...(this.activeIn(context, scopeId) ?? [])]) this.cancelElementInstance(context, active, 'canceled');
      const espStarts = new Set(context.index.eventSubProcessStarts(scopeId === null ? null : (context.elementInstances.get(scopeId)?.elementId ?? null)).map((s) => s.id));
      for (const job of [...context.jobs]) if (job.elementInstanceId === scopeId && espStarts.has(job.elementId)) this.deleteJob(context, job);
      for (const subscription of [...context.subscriptions]) if (subscription.elementInstanceId === scopeId && espStarts.has(subscription.elementId)) this.deleteSubscription(context, subscription);
    }
    const eventSubProcess = this.createElementInstance(context, context.index.element(start.parent as string), scopeId);
    // As for every other catch (Camunda 7 setVariables, Zeebe's default merge): the event's variables
    // and an errorCodeVariable land where the scope has them, else on the instance.
    this.setVariables(context, scopeId, variables);
    const startInstance = this.createElementInstance(context, start, eventSubProcess.id);
    this.enqueue('leave', context, startInstance);
    return eventSubProcess;
  }

  // ───────────────────────── throwing events ─────────────────────────

  private async throwEvent(context: InstanceContext, elementInstance: ElementInstanceRecord, element: ElementDef): Promise<void> {
    const event: EventDef = element.event ?? { kind: 'none' };
    switch (event.kind) {
      case 'terminate':
        this.terminateScope(context, elementInstance);
        return;
      case 'error': {
        const code = String(event.errorCode ?? '');
        const caught = await throwError(this, context, elementInstance, 'error', code, () => this.endElementInstance(context, elementInstance, 'completed'));
        if (!caught) this.createIncident(context, elementInstance, 'unhandled-error', `error ${code || '(no code)'} thrown by ${element.id} is not caught`, null);
        return;
      }
      case 'escalation': {
        await throwError(this, context, elementInstance, 'escalation', String(event.escalationCode ?? ''));
        break;
      }
      case 'message':
        publishMessage(this, context, elementInstance, element);
        break;
      case 'signal': {
        const name = String(this.resolve(event.signalName, () => this.variablesAt(context, elementInstance), element.id) ?? element.id);
        await this.broadcastSignal(name, { ...elementInstance.variables });
        break;
      }
      case 'compensate':
        if (startCompensation(this, context, elementInstance, event.compensateActivityRef ?? null)) return;
        break;
    }
    if (elementInstance.state === 'active') this.enqueue('leave', context, elementInstance);
  }

  /** Terminate end event: ends everything in its scope; at the process level the instance completes. */
  private terminateScope(context: InstanceContext, endEvent: ElementInstanceRecord): void {
    const scopeId = endEvent.scopeId;
    for (const active of [...(this.activeIn(context, scopeId) ?? [])]) if (active !== endEvent) this.cancelElementInstance(context, active, 'terminated');
    this.endElementInstance(context, endEvent, 'completed');
    if (scopeId === null) {
      this.completeInstance(context);
      return;
    }
    this.scopeMayBeDone(context, scopeId);
  }

  /** Signals reach every waiting catch and signal start event, this operation's new ones included. */
  async broadcastSignal(name: string, variables: Record<string, unknown>): Promise<string[]> {
    const reached: string[] = [];
    const seen = new Set<string>();
    const stored = await this.store.findSignalSubscriptions(name);
    const fresh = [...this.createdSubscriptions()].filter((subscription) => subscription.kind === 'signal' && subscription.name === name);
    for (const subscription of [...stored, ...fresh]) {
      if (seen.has(subscription.id) || this.isSubscriptionDeleted(subscription.id) || subscription.instanceId === null) continue;
      seen.add(subscription.id);
      const context = await this.load(subscription.instanceId);
      const current = context?.subscriptions.find((candidate) => candidate.id === subscription.id);
      if (!context || !current) continue;
      this.fireSubscription(context, current, variables);
      if (!reached.includes(context.instance.id)) reached.push(context.instance.id);
    }
    for (const start of await this.store.findStartSubscriptions('signal-start', name)) {
      const definition = await this.store.getDefinition(start.definitionId);
      if (!definition) continue;
      reached.push(this.startInstance(definition, { variables, startEventId: start.elementId }).instance.id);
    }
    return reached;
  }

  /** A subscription's event arrived: one-shot catches close, a non-interrupting event sub-process keeps listening. */
  fireSubscription(context: InstanceContext, subscription: SubscriptionRecord, variables: Record<string, unknown>): void {
    const catcher = context.index.element(subscription.elementId);
    const keeps = !subscription.interrupting && (catcher.type === 'startEvent' || catcher.type === 'boundaryEvent');
    if (!keeps) this.deleteSubscription(context, subscription);
    this.triggerCatch(context, subscription.elementId, subscription.elementInstanceId, variables);
  }

  // ───────────────────────── compensation ─────────────────────────

  // ───────────────────────── multi-instance ─────────────────────────
}

function isEmpty(record: Record<string, unknown>): boolean {
  for (const _ in record) return false;
  return true;
}
