import type { ProcessGraph } from '../graph.ts';

/**
 * The contract between the interpreter (`engine/`), its stores (`engine/memory-store.ts` for unit
 * tests, `store/` on PostgreSQL) and the commands that drive it (`commands/`, routes, job
 * handlers). The interpreter is deterministic: given the store's contents, the clock and the id
 * source it makes the same changes. It never touches a database or the network itself: it reads
 * through `ProcessStore`, asks `EngineServices` for what lies outside the process, and hands every
 * change of one operation to `ProcessStore.save` once, at the end, so one command is one write.
 */

export interface DeployedProcess {
  /** The definition id (one per key and version). */
  id: string;
  key: string;
  version: number;
  /** The deployment this version came with (a call activity with binding `deployment` uses it). */
  deploymentId: string;
  graph: ProcessGraph;
}

export type InstanceState = 'active' | 'completed' | 'terminated' | 'incident';

export interface InstanceRecord {
  id: string;
  definitionId: string;
  processKey: string;
  version: number;
  state: InstanceState;
  caseId: string | null;
  businessKey: string | null;
  /** Call activities: the calling instance and its call-activity element instance. */
  parentInstanceId: string | null;
  parentElementInstanceId: string | null;
  rootInstanceId: string;
  /** The root scope's variables (JSON). Local scopes' variables live on their element instances. */
  variables: Record<string, unknown>;
  startedAt: Date;
  endedAt: Date | null;
  /** Who started it (user id or system actor), kept for assignment rules such as "initiator's department". */
  startedBy: string | null;
  /** Optimistic lock: the store writes `WHERE revision = <loaded>` and bumps it; a mismatch is a concurrent change. */
  revision: number;
  /** Interpreter bookkeeping of the process-level scope (compensation log …): JSON, private to the engine; absent means empty. */
  data?: Record<string, unknown>;
}

export type ElementInstanceState = 'active' | 'completed' | 'canceled' | 'terminated';

export interface ElementInstanceRecord {
  id: string;
  instanceId: string;
  elementId: string;
  elementType: string;
  /** The element instance of the enclosing scope (sub-process, multi-instance body); null at the process level. */
  scopeId: string | null;
  state: ElementInstanceState;
  startedAt: Date;
  endedAt: Date | null;
  /** `completed`, `canceled`, `terminated`, or a task outcome such as `approved`; null while active. */
  outcome: string | null;
  /** Local variables of this scope (input mappings, loop variables, an event sub-process's scope). */
  variables: Record<string, unknown>;
  /** Multi-instance: the body has `isMultiInstanceBody`; an inner instance has its `loopCounter` (1-based). */
  isMultiInstanceBody: boolean;
  loopCounter: number | null;
  /** Interpreter bookkeeping (join arrivals, multi-instance counters, cycle counts, compensation log …): JSON, private to the engine. */
  data: Record<string, unknown>;
}

export interface TaskRecord {
  id: string;
  instanceId: string;
  elementInstanceId: string;
  elementId: string;
  name: string | null;
  caseId: string | null;
  state: 'open' | 'completed' | 'canceled';
  assignee: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  /** Department-relative role, resolved by the commands layer when the task is created. */
  departmentRole: { role: string; relativeTo: string } | null;
  formKey: string | null;
  dueAt: Date | null;
  priority: number;
  createdAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
  outcome: string | null;
  /**
   * Issue 15 (approvals). Absent on records made before it; the stores default them.
   * - `kind`: `process` is the engine's own task of a user task (completing it moves the token);
   *   `signer` is a 加签 task beside it (same element instance, `parentTaskId` set): completing it
   *   never moves the token, cancelling the element instance cancels it.
   * - `owner`: 委派 the delegator, who gets the task back (`delegationState` pending → resolved);
   *   an out-of-office rule's absent user, for whom the delegate acts.
   */
  kind?: 'process' | 'signer';
  parentTaskId?: string | null;
  signerPosition?: 'before' | 'after' | 'alongside' | null;
  owner?: string | null;
  delegationState?: 'pending' | 'resolved' | null;
}

/** Work the engine leaves for later: a timer, an async continuation, a connector call. */
export interface JobRecord {
  id: string;
  kind: 'timer' | 'timer-start' | 'async-before' | 'async-after' | 'connector';
  /** null for a timer start event (no instance yet). */
  instanceId: string | null;
  elementInstanceId: string | null;
  /** The element the job belongs to (the timer event, the async activity, the service task). */
  elementId: string;
  definitionId: string;
  dueAt: Date;
  /** Connector calls still allowed after this one; cycle repetitions left (null: unbounded `R/`). */
  retriesLeft: number | null;
  data: Record<string, unknown>;
}

/** A catch waiting for a message or signal, or a start event of the latest version waiting to start one. */
export interface SubscriptionRecord {
  id: string;
  kind: 'message' | 'signal' | 'message-start' | 'signal-start';
  name: string;
  correlationKey: string | null;
  instanceId: string | null;
  elementInstanceId: string | null;
  elementId: string;
  definitionId: string;
  /** Whether catching it interrupts (boundary events, event sub-process starts). */
  interrupting: boolean;
}

export interface IncidentRecord {
  id: string;
  instanceId: string;
  elementInstanceId: string;
  elementId: string;
  /** `connector-failed`, `decision-failed`, `expression-failed`, `called-process-missing` … */
  kind: string;
  message: string;
  /** The job to run again when the incident is retried. */
  jobId: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

/** An instance with everything active in it: what one command reads before it changes the instance. */
export interface InstanceAggregate {
  instance: InstanceRecord;
  /** Active element instances only (completed ones are history). */
  elementInstances: ElementInstanceRecord[];
  openTasks: TaskRecord[];
  jobs: JobRecord[];
  subscriptions: SubscriptionRecord[];
  openIncidents: IncidentRecord[];
}

/** What happened, for audit, domain events and history pages; the commands layer publishes them. */
export type EngineEvent =
  | { type: 'process.instance-started'; instanceId: string; processKey: string; version: number; caseId: string | null; parentInstanceId: string | null }
  | { type: 'process.instance-completed'; instanceId: string; processKey: string; caseId: string | null }
  | { type: 'process.instance-terminated'; instanceId: string; processKey: string; caseId: string | null; reason: string }
  | { type: 'process.task-created'; taskId: string; instanceId: string; elementId: string; caseId: string | null; assignee: string | null; candidateGroups: string[] }
  | { type: 'process.task-completed'; taskId: string; instanceId: string; elementId: string; caseId: string | null; outcome: string | null }
  | {
      type: 'process.task-canceled';
      taskId: string;
      instanceId: string;
      elementId: string;
      caseId: string | null;
      reason?: 'returned' | 'withdrawn' | 'countersign-decided' | 'signer-rejected' | null;
    }
  /** 退回 / 撤回: the instance was rewound to an earlier user task. */
  | { type: 'process.instance-rewound'; instanceId: string; caseId: string | null; fromElementIds: string[]; targetElementId: string; taskId: string }
  /** A countersign (会签/或签/票签) multi-instance decided: early or when every signer acted. */
  | { type: 'process.countersign-decided'; instanceId: string; caseId: string | null; elementId: string; outcome: 'approved' | 'rejected'; approved: number; rejected: number; total: number }
  | { type: 'process.incident-created'; incidentId: string; instanceId: string; elementId: string; kind: string; message: string }
  | { type: 'process.incident-resolved'; incidentId: string; instanceId: string; elementId: string }
  | { type: 'process.event-published'; eventType: string; instanceId: string; elementId: string; caseId: string | null; payload: unknown };

/** Everything one engine operation changed. Records are whole rows; `created*` tells insert from update. */
export interface EngineChanges {
  instances: InstanceRecord[];
  createdInstanceIds: Set<string>;
  elementInstances: ElementInstanceRecord[];
  createdElementInstanceIds: Set<string>;
  tasks: TaskRecord[];
  createdTaskIds: Set<string>;
  jobsCreated: JobRecord[];
  jobsDeleted: JobRecord[];
  subscriptionsCreated: SubscriptionRecord[];
  subscriptionsDeleted: SubscriptionRecord[];
  incidents: IncidentRecord[];
  createdIncidentIds: Set<string>;
  events: EngineEvent[];
}

/** Changes that change nothing, for writes made outside an engine operation (deploy moving start events). */
export function emptyEngineChanges(): EngineChanges {
  return {
    instances: [],
    createdInstanceIds: new Set(),
    elementInstances: [],
    createdElementInstanceIds: new Set(),
    tasks: [],
    createdTaskIds: new Set(),
    jobsCreated: [],
    jobsDeleted: [],
    subscriptionsCreated: [],
    subscriptionsDeleted: [],
    incidents: [],
    createdIncidentIds: new Set(),
    events: [],
  };
}

export interface ProcessStore {
  getDefinition(definitionId: string): Promise<DeployedProcess | undefined>;
  /** The latest version of a key, or a given one. */
  findDefinition(key: string, version?: number): Promise<DeployedProcess | undefined>;
  /** The version of `key` deployed in `deploymentId` (call activity binding `deployment`). */
  findDefinitionInDeployment(key: string, deploymentId: string): Promise<DeployedProcess | undefined>;
  loadInstance(instanceId: string): Promise<InstanceAggregate | undefined>;
  findTask(taskId: string): Promise<TaskRecord | undefined>;
  findJob(jobId: string): Promise<JobRecord | undefined>;
  findIncident(incidentId: string): Promise<IncidentRecord | undefined>;
  /** Instance-level message catches of this name (and correlation key, when given). */
  findMessageSubscriptions(name: string, correlationKey: string | null): Promise<SubscriptionRecord[]>;
  /** Instance-level signal catches of this name. */
  findSignalSubscriptions(name: string): Promise<SubscriptionRecord[]>;
  /** Start events of the latest versions waiting for this message or signal. */
  findStartSubscriptions(kind: 'message-start' | 'signal-start', name: string): Promise<SubscriptionRecord[]>;
  /** Writes one operation's changes; throws `ConcurrentChangeError` when an instance's revision moved. */
  save(changes: EngineChanges): Promise<void>;
}

export class ConcurrentChangeError extends Error {
  constructor(readonly instanceId: string) {
    super(`process instance ${instanceId} was changed by another command`);
    this.name = 'ConcurrentChangeError';
  }
}

/**
 * A command the model cannot carry out; nothing is saved. The commands layer answers with a
 * problem (422 for `no-matching-flow`, 409 for a task or instance no longer in that state, 404 …).
 */
export class ProcessCommandError extends Error {
  constructor(
    readonly code:
      | 'no-matching-flow'
      | 'not-found'
      | 'not-active'
      | 'expression-failed'
      | 'no-subscription'
      | 'invalid-variables'
      | 'invalid-migration'
      | 'called-process-missing'
      | 'no-start-event'
      | 'step-limit'
      | 'invalid-return-target'
      | 'not-multi-instance',
    message: string,
    readonly elementId: string | null = null,
  ) {
    super(message);
    this.name = 'ProcessCommandError';
  }
}

/** What lies outside the process: time, ids, decisions, events. Injected, so the core stays deterministic. */
export interface EngineServices {
  now(): Date;
  /** Time-ordered unique ids (uuid v7 in production, a counter in unit tests). */
  newId(): string;
  /** Evaluates a deployed decision (business-rule tasks); rows of output name → value, as DMN COLLECT/RULE ORDER give them. */
  evaluateDecision(decisionKey: string, variables: Record<string, unknown>): Promise<DecisionOutcome>;
  /**
   * Issue 15: the active users holding a group or role key, sorted by id (a countersign with
   * `members` makes one inner instance per user). Optional: absent in unit tests that need none.
   */
  membersOf?(groupOrRoleKey: string): Promise<string[]>;
}

export interface DecisionOutcome {
  /** One entry per matched rule (or one for a literal expression), output name → value. */
  resultList: Array<Record<string, unknown>>;
  /** The decision's single result as DMN defines it (a hit policy with an aggregation, a literal expression). */
  result: unknown;
}

/** The operations the commands layer calls. Each reads through the store, then saves once. */
export interface ProcessEngineApi {
  startInstance(input: {
    definition: DeployedProcess;
    variables: Record<string, unknown>;
    caseId?: string | null;
    businessKey?: string | null;
    startedBy?: string | null;
    /** A none start event by default; a named one (message/timer starts use their own operations). */
    startEventId?: string;
  }): Promise<{ instance: InstanceRecord; changes: EngineChanges }>;

  /**
   * Issue 15: refuses (`not-active`) a `signer` task (completeSignerTask completes those) and a task
   * whose signer task is still open. Outcome `approved`/`rejected` sets the variable `outcome` in
   * the task's scope (inside a multi-instance: on the inner instance only).
   */
  completeTask(input: { taskId: string; variables: Record<string, unknown>; outcome?: string | null; completedBy: string }): Promise<{ changes: EngineChanges }>;

  /** Claims or hands a task to a user (null: back to the candidates). */
  assignTask(input: { taskId: string; assignee: string | null }): Promise<{ changes: EngineChanges }>;

  /** Correlates to one waiting catch (or starts an instance from a message start event). */
  correlateMessage(input: {
    name: string;
    correlationKey?: string | null;
    processInstanceId?: string | null;
    variables: Record<string, unknown>;
  }): Promise<{ instanceIds: string[]; started: boolean; changes: EngineChanges }>;

  /** Every waiting catch and signal start event of this name. */
  broadcastSignal(input: { name: string; variables: Record<string, unknown> }): Promise<{ instanceIds: string[]; changes: EngineChanges }>;

  /** Runs a due job: fires a timer, continues asynchronously, or calls a connector's result handler. */
  executeJob(input: { jobId: string }): Promise<{ changes: EngineChanges }>;

  /** A connector call's outcome, reported by the job handler after it called out. */
  completeConnector(input: { jobId: string; result: { ok: true; value: unknown } | { ok: false; error: string; bpmnErrorCode?: string | null } }): Promise<{ changes: EngineChanges }>;

  setVariables(input: { instanceId: string; variables: Record<string, unknown>; elementInstanceId?: string | null }): Promise<{ changes: EngineChanges }>;

  terminateInstance(input: { instanceId: string; reason: string }): Promise<{ changes: EngineChanges }>;

  /** Moves an instance to another version; every active element must be mapped to an element of the target. */
  migrateInstance(input: { instanceId: string; target: DeployedProcess; mapping: Record<string, string> }): Promise<{ changes: EngineChanges }>;

  /** Runs the incident's job again (connector retries reset to the element's setting). */
  retryIncident(input: { incidentId: string }): Promise<{ changes: EngineChanges }>;

  // ── Issue 15: approvals ────────────────────────────────────────────────────────────────

  /**
   * 退回 / 撤回: rewinds the instance to `targetElementId`, a user task upstream of `fromTaskId`
   * (the task being returned; null for a withdraw, which rewinds from every open task downstream
   * of the target). Every active token the target can reach is cancelled (tasks too, with reason
   * `returned`/`withdrawn`), waiting joins the target can reach forget the arrivals of flows the
   * target can reach and keep (or regain, when the join already fired) those of branches it
   * cannot, so the rewound path runs again and meets the other branches as they were. A target in
   * an enclosing scope ends the inner scopes; a target inside a sub-process that is not active
   * re-enters it. A new task opens at the target, given to `assignee` when not null (else the
   * element's assignment is evaluated again).
   * Refuses (`ProcessCommandError('invalid-return-target')`) a target that is not a user task,
   * cannot reach the task, or sits inside a multi-instance activity.
   */
  rewindToElement(input: {
    instanceId: string;
    targetElementId: string;
    fromTaskId: string | null;
    assignee: string | null;
    reason: 'returned' | 'withdrawn';
  }): Promise<{ changes: EngineChanges; task: TaskRecord; canceledTaskIds: string[] }>;

  /**
   * 加签 alongside inside a multi-instance: one more inner instance beside the task's, whose
   * task goes to `assignee` (the element variable is set to it); nrOfInstances and the countersign
   * total grow by one.
   */
  addMultiInstanceSigner(input: { taskId: string; assignee: string }): Promise<{ changes: EngineChanges; task: TaskRecord }>;

  /** 加签 before/after/alongside on a single task: a `signer` task on the same element instance. */
  openSignerTask(input: { parentTaskId: string; assignee: string; position: 'before' | 'after' | 'alongside' }): Promise<{ changes: EngineChanges; task: TaskRecord }>;

  /** Completes a `signer` task (never moves the token); `parentTaskId` then decides what follows. */
  completeSignerTask(input: { taskId: string; outcome: string; completedBy: string }): Promise<{ changes: EngineChanges }>;

  /**
   * Cancels every open `signer` task of `parentTaskId` (task-canceled events with `reason`), the
   * token and the parent untouched: `signer-rejected` when one signer's reject decides the step,
   * so the parent can then be completed (completeTask refuses while a signer task is open).
   */
  cancelSignerTasks(input: { parentTaskId: string; reason: 'signer-rejected' }): Promise<{ changes: EngineChanges; canceledTaskIds: string[] }>;

  /** Task fields the approval commands own (转办, 委派, out-of-office), the token untouched. */
  updateTask(input: { taskId: string; assignee?: string | null; owner?: string | null; delegationState?: 'pending' | 'resolved' | null }): Promise<{ changes: EngineChanges }>;
}
