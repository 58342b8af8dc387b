import type { ElementDef, StaticOrExpression } from '../graph.ts';
import {
  type DeployedProcess,
  type ElementInstanceRecord,
  type EngineEvent,
  type EngineServices,
  type IncidentRecord,
  type InstanceRecord,
  type JobRecord,
  ProcessCommandError,
  type ProcessStore,
  type SubscriptionRecord,
  type TaskRecord,
} from './contract.ts';
import type { GraphIndex } from './graph-index.ts';

/** One instance as an operation sees it: what it loaded plus what it did, indexed for the steps. */
export interface InstanceContext {
  instance: InstanceRecord;
  definition: DeployedProcess;
  index: GraphIndex;
  /** Every element instance this operation knows: the active ones loaded, and all it created or ended. */
  elementInstances: Map<string, ElementInstanceRecord>;
  /** Active element instances by scope (ROOT for the process level). */
  activeByScope: Map<string, Set<ElementInstanceRecord>>;
  openTasks: TaskRecord[];
  jobs: JobRecord[];
  subscriptions: SubscriptionRecord[];
  openIncidents: IncidentRecord[];
  /** Waiting inclusive joins, re-evaluated whenever the operation runs out of steps. */
  inclusiveJoins: Set<ElementInstanceRecord>;
}

export type StepKind = 'enter' | 'leave';

/** Why a task was canceled, when it is one of issue 15's approval reasons (null: its element ended). */
export type TaskCancelReason = 'returned' | 'withdrawn' | 'countersign-decided' | 'signer-rejected' | null;

/**
 * What an element's behaviour (multi-instance.ts, work-items.ts, call-activity.ts, compensation.ts)
 * may do with the operation running it: `Operation` implements it, the behaviours see only this.
 */
export interface OperationSteps {
  readonly store: ProcessStore;
  readonly services: EngineServices;
  /** The operation's one instant: every record it writes carries it. */
  readonly time: Date;
  activeIn(context: InstanceContext, scopeId: string | null): Set<ElementInstanceRecord> | undefined;
  applyOutputs(context: InstanceContext, elementInstance: ElementInstanceRecord, element: ElementDef, targetScopeId: string | null): void;
  /** `reason` goes on the task-canceled events of its tasks (a countersign decided, a return). */
  cancelElementInstance(context: InstanceContext, elementInstance: ElementInstanceRecord, state: 'canceled' | 'terminated', reason?: TaskCancelReason): void;
  cancelTask(context: InstanceContext, task: TaskRecord, reason?: TaskCancelReason): void;
  createElementInstance(context: InstanceContext, element: ElementDef, scopeId: string | null, loopCounter?: number | null): ElementInstanceRecord;
  createJob(context: InstanceContext | null, job: Omit<JobRecord, 'id'>): JobRecord;
  emit(event: EngineEvent): void;
  endElementInstance(context: InstanceContext, elementInstance: ElementInstanceRecord, state: ElementInstanceRecord['state']): void;
  enqueue(kind: StepKind, context: InstanceContext, elementInstance: ElementInstanceRecord): void;
  evaluate(expression: string, variables: Record<string, unknown>, elementId: string | null): unknown;
  openBoundaryCatches(context: InstanceContext, host: ElementInstanceRecord, element: ElementDef): void;
  resolve(value: StaticOrExpression | null | undefined, variables: () => Record<string, unknown>, elementId: string): unknown;
  setVariable(context: InstanceContext, fromScopeId: string | null, name: string, value: unknown): void;
  setVariables(context: InstanceContext, fromScopeId: string | null, variables: Record<string, unknown>): void;
  startInstance(definition: DeployedProcess, input: StartInput): InstanceContext;
  touchElement(elementInstance: ElementInstanceRecord): void;
  load(instanceId: string): Promise<InstanceContext | undefined>;
  createSubscription(context: InstanceContext, subscription: Omit<SubscriptionRecord, 'id'>): SubscriptionRecord;
  triggerBoundary(context: InstanceContext, host: ElementInstanceRecord, boundary: ElementDef, variables: Record<string, unknown>): void;
  startEventSubProcess(context: InstanceContext, scopeId: string | null, start: ElementDef, variables: Record<string, unknown>): ElementInstanceRecord | undefined;
  touchTask(task: TaskRecord): void;
  recordNewTask(task: TaskRecord): void;
  variablesAt(context: InstanceContext, elementInstance: ElementInstanceRecord | null, scopeId?: string | null): Record<string, unknown>;
}

export interface StartInput {
  variables: Record<string, unknown>;
  caseId?: string | null;
  businessKey?: string | null;
  startedBy?: string | null;
  startEventId?: string | null;
  parentInstanceId?: string | null;
  parentElementInstanceId?: string | null;
  rootInstanceId?: string | null;
}

/** An error that carries the incident kind it becomes when it happens inside a job. */
export function commandError(code: ProcessCommandError['code'], message: string, elementId: string | null, incidentKind?: string): ProcessCommandError {
  const error = new ProcessCommandError(code, message, elementId);
  if (incidentKind) Object.assign(error, { incidentKind });
  return error;
}
