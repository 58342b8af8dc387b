/**
 * A process as the engine runs it: what `model/` compiles from BPMN XML (bpmn-moddle, the Docket
 * extension namespace, and the Camunda/Zeebe/Flowable attributes read as their Docket
 * equivalents) and what `engine/` interprets. Plain JSON: it is stored with the deployed
 * definition, so a running instance keeps the graph of its version without reparsing XML.
 *
 * Expressions are FEEL text without a leading `=` (`platform/feel`); a value that was a plain
 * literal in the XML (not an expression) is a `StaticOrExpression` with `static` set.
 */

export const PROCESS_GRAPH_FORMAT = 1;

export interface ProcessGraph {
  format: typeof PROCESS_GRAPH_FORMAT;
  /** The BPMN process id: the key a definition's versions share. */
  key: string;
  name: string | null;
  /** Every flow node, boundary event and sub-process of the process, nested ones included, by id. */
  elements: Record<string, ElementDef>;
  flows: Record<string, FlowDef>;
  /** The process level: its start events, event sub-processes and direct children. */
  scope: ScopeDef;
  /** Candidate starters and other process-level settings from the Docket namespace. */
  settings: ProcessSettings;
}

export interface ProcessSettings {
  /** Groups or roles allowed to start it by hand (`camunda:candidateStarterGroups`); empty: anyone with process:start. */
  candidateStarterGroups: string[];
  /** Days to keep this process's history after an instance ends (Camunda historyTimeToLive); null: the server default. */
  historyTimeToLiveDays: number | null;
  /**
   * Issue 15, separation of duties (`docket:processSettings separationOfDuties=`): who may not
   * complete a user task of this process. `maker`: the case's creator (or the instance's starter
   * without a case); `previous-steps`: anyone who completed an earlier user task of the instance;
   * `both`. A user task's own `separationOfDuties` overrides it. Absent (older graphs): none.
   */
  separationOfDuties?: SeparationOfDuties;
}

export type SeparationOfDuties = 'none' | 'maker' | 'previous-steps' | 'both';

export interface ScopeDef {
  /** Start events directly in this scope (not those of event sub-processes). */
  startEvents: string[];
  /** Event sub-processes directly in this scope. */
  eventSubProcesses: string[];
  /** Every element directly in this scope (flow nodes, boundary events, sub-processes). */
  children: string[];
}

export interface FlowDef {
  id: string;
  /** True when the XML had no id and the compiler made one (`flow_<source>_<target>_<n>`). */
  generatedId: boolean;
  name: string | null;
  sourceRef: string;
  targetRef: string;
  /** A `conditionExpression`; null for an unconditional flow. */
  condition: string | null;
  /** The gateway's or activity's `default` flow. */
  isDefault: boolean;
}

export type ElementType =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'task'
  | 'userTask'
  | 'manualTask'
  | 'serviceTask'
  | 'sendTask'
  | 'receiveTask'
  | 'businessRuleTask'
  | 'scriptTask'
  | 'callActivity'
  | 'subProcess'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway';

export type EventKind = 'none' | 'message' | 'timer' | 'signal' | 'error' | 'escalation' | 'terminate' | 'compensate';

export interface EventDef {
  kind: EventKind;
  /** message: the message name (`bpmn:Message@name`, may be an expression in Zeebe). */
  messageName?: StaticOrExpression;
  /** message catch: the correlation key expression (`zeebe:subscription@correlationKey`, `docket:correlationKey`). */
  correlationKey?: string | null;
  timer?: TimerDef;
  /** signal: the signal name. */
  signalName?: StaticOrExpression;
  /** error / escalation: the code; null on a catch event catches any. */
  errorCode?: string | null;
  escalationCode?: string | null;
  /** error catch: variable the error code is written to (`camunda:errorCodeVariable`). */
  errorCodeVariable?: string | null;
  /** compensate throw: the activity to compensate; null compensates the whole scope. */
  compensateActivityRef?: string | null;
}

export interface TimerDef {
  type: 'date' | 'duration' | 'cycle';
  /** ISO 8601 date, duration or repeating interval (`R3/PT10M`, `R/PT1H`), or a FEEL expression giving one. */
  value: StaticOrExpression;
}

export interface StaticOrExpression {
  static?: string;
  expression?: string;
}

export interface ElementDef {
  id: string;
  name: string | null;
  type: ElementType;
  /** The enclosing sub-process (embedded or event); null at the process level. */
  parent: string | null;
  incoming: string[];
  outgoing: string[];
  /** The default outgoing flow (gateways and activities). */
  defaultFlow: string | null;
  /** Events: what is thrown or caught. Absent on non-events. */
  event?: EventDef;
  /** Boundary events: the activity they are attached to and whether they interrupt it. */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** Activities: boundary events attached to them. */
  boundaryEvents: string[];
  /** Sub-processes: their own scope. */
  scope?: ScopeDef;
  /** Event sub-processes (`triggeredByEvent`). */
  triggeredByEvent?: boolean;
  /** Start events of event sub-processes: interrupting or not. */
  isInterrupting?: boolean;
  /** Activities: multi-instance. */
  loop?: LoopDef;
  userTask?: UserTaskDef;
  /** Service and send tasks: the connector they call (none: the task completes at once). */
  connector?: ConnectorDef;
  businessRule?: BusinessRuleDef;
  callActivity?: CallActivityDef;
  /** Input mappings into the element's local scope, evaluated on entry (`camunda:inputOutput`, `zeebe:ioMapping`). */
  inputs: VariableMapping[];
  /** Output mappings from the element's local scope to its parent scope, on completion. */
  outputs: VariableMapping[];
  /** Async continuations the model asks for (`camunda:asyncBefore/After`, `docket:async`). */
  asyncBefore: boolean;
  asyncAfter: boolean;
  /** Compensation: this activity is a compensation handler (`isForCompensation`). */
  isForCompensation: boolean;
  /** Compensation: the handler of this activity (via the compensate boundary event's association). */
  compensationHandler: string | null;
  /** Event-based gateway: the catch events (or receive tasks) after it. */
  eventBasedTargets?: string[];
}

export interface LoopDef {
  sequential: boolean;
  /** loopCardinality: a number or an expression giving one. */
  cardinality: string | null;
  /** inputCollection (Zeebe, `camunda:collection`): an expression giving a list. */
  collection: string | null;
  /** The variable each instance gets its item in (`camunda:elementVariable`, zeebe inputElement). */
  elementVariable: string | null;
  /** Evaluated after each instance completes, with nrOfInstances, nrOfCompletedInstances, nrOfActiveInstances. */
  completionCondition: string | null;
  /** Zeebe outputCollection/outputElement: collects one value per instance, in order. */
  outputCollection: string | null;
  outputElement: string | null;
}

/** Who a user task goes to, read from the Docket namespace or its Camunda/Zeebe/Flowable equivalents. */
export interface UserTaskDef {
  /** A user id or an expression giving one. */
  assignee: StaticOrExpression | null;
  /** Comma-separated user ids, or an expression giving a list. */
  candidateUsers: StaticOrExpression | null;
  /** Comma-separated groups/roles, or an expression giving a list. */
  candidateGroups: StaticOrExpression | null;
  /** Department-relative role: e.g. role `branch-head` of the case's department (`relativeTo: 'case-department'`). */
  departmentRole: { role: string; relativeTo: 'case-department' | 'initiator-department' | 'parent-department' } | null;
  /** Form reference (`docket:formKey`, `camunda:formKey`, `zeebe:formDefinition`). */
  formKey: string | null;
  /** Due date: an ISO date/duration or an expression. */
  dueDate: StaticOrExpression | null;
  /**
   * Countersign (会签 all / 或签 any / 票签 vote) on a multi-instance user task: inner tasks end with
   * outcome `approved` or `rejected`; the body ends early once the outcome is decided. `threshold`
   * (vote): a count ≥ 1, or a share 0 < t < 1 of the signers (ceil). `members`: a group or role key
   * whose active users each get an inner instance (assignee = the user) when the loop names no
   * collection or cardinality. On its end the body's outcome is `approved`/`rejected` and the
   * enclosing scope gets `outcome` and `votes` ({ approved, rejected, total }).
   */
  countersign: { mode: 'all' | 'any' | 'vote'; threshold: number | null; members?: string | null } | null;
  /** Issue 15: overrides the process's separation of duties for this task; absent: the process's. */
  separationOfDuties?: SeparationOfDuties | null;
  /** SLA policy this step is held to (used by the SLA engine). */
  slaRef: string | null;
  priority: StaticOrExpression | null;
}

export interface ConnectorDef {
  type: 'http' | 'publish-event' | 'none';
  /** http: method, url (static or expression), headers, body expression, timeout and retries. */
  http?: {
    method: string;
    url: StaticOrExpression;
    headers: Record<string, string>;
    body: string | null;
    timeoutMs: number;
    retries: number;
    /** ISO duration of the first back-off; doubles each retry. */
    retryBackoff: string;
    resultVariable: string | null;
  };
  /** publish-event: the domain event type and the payload expression. */
  publishEvent?: { eventType: string; payload: string | null };
  /** A Zeebe task type or Camunda external topic the engine has no connector for: the task waits for completion through the API. */
  externalTopic?: string | null;
}

export interface BusinessRuleDef {
  /** The decision key (DMN decision id), static or an expression. */
  decisionRef: StaticOrExpression;
  resultVariable: string | null;
  /** Camunda's mapDecisionResult: singleEntry, singleResult, collectEntries, resultList (default). */
  mapDecisionResult: 'singleEntry' | 'singleResult' | 'collectEntries' | 'resultList';
}

export interface CallActivityDef {
  /** The called process key, static or an expression. */
  processKey: StaticOrExpression;
  /** latest (default), a fixed version number, or the version deployed together with the caller. */
  binding: 'latest' | 'deployment' | { version: number };
  /** camunda:in / zeebe:input: into the child. */
  in: VariableMapping[];
  /** camunda:out / zeebe:output: back to the caller. */
  out: VariableMapping[];
  /** `camunda:in variables="all"`, Zeebe propagateAllParentVariables (default true in Zeebe). */
  inAll: boolean;
  /** `camunda:out variables="all"`, Zeebe propagateAllChildVariables. */
  outAll: boolean;
}

export interface VariableMapping {
  /** A FEEL expression over the source scope (a plain variable name is also an expression). */
  source: string;
  /** The variable name set in the target scope. */
  target: string;
}

/** A reason the compiler refuses a definition, or a warning it deploys with. */
export interface ModelProblem {
  /** The element (or flow, or process) id; null for the file as a whole. */
  elementId: string | null;
  /** A stable code: `unsupported-element`, `feel-syntax`, `gateway-needs-default`, `missing-called-process`, `not-bpmn` … */
  code: string;
  message: string;
}
