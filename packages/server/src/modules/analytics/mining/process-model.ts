import type { ElementType, ProcessGraph } from '../../process/index.ts';

/**
 * What conformance checking needs from a deployed BPMN graph, pure: which steps (activities) may
 * directly follow which, which may come first or last, and which every path from start to end
 * passes through. Gateways and events are not steps: a token passes them without anyone working,
 * so "A then B" is allowed when a sequence-flow path leads from A to B through gateways and events
 * only. Steps in parallel branches may follow each other in either order (their start order is an
 * accident of who picked the task up first).
 */
export interface ProcessModel {
  /** The steps of the model, by element id. */
  steps: Map<string, { name: string | null; type: ElementType }>;
  /** `from` → the steps allowed directly after it. */
  follows: Map<string, Set<string>>;
  /** Steps an instance may begin with. */
  first: Set<string>;
  /** Steps an instance may end with. */
  last: Set<string>;
  /** Steps on every path from a start event to an end event at the process level. */
  mandatory: Set<string>;
}

const ACTIVITY_TYPES: ReadonlySet<ElementType> = new Set<ElementType>([
  'task',
  'userTask',
  'manualTask',
  'serviceTask',
  'sendTask',
  'receiveTask',
  'businessRuleTask',
  'scriptTask',
  'callActivity',
  'subProcess',
]);

/** The element types process mining counts as steps (the SQL filters history by them). */
export const STEP_TYPES: readonly ElementType[] = [...ACTIVITY_TYPES];

const isStep = (graph: ProcessGraph, id: string) => {
  const element = graph.elements[id];
  return element !== undefined && ACTIVITY_TYPES.has(element.type) && element.triggeredByEvent !== true;
};

/** The elements a token reaches from `id` in one move: its outgoing flows' targets and its boundary events. */
function successors(graph: ProcessGraph, id: string): string[] {
  const element = graph.elements[id];
  if (!element) return [];
  const next = element.outgoing.map((flowId) => graph.flows[flowId]?.targetRef).filter((t): t is string => t !== undefined);
  next.push(...element.boundaryEvents);
  // A sub-process's inner steps come after it starts; its own successors after its inner end.
  if (element.scope) next.push(...element.scope.startEvents);
  // An inner end event leaves the sub-process: what follows the sub-process follows it.
  if (element.type === 'endEvent' && element.parent !== null) {
    const parent = graph.elements[element.parent];
    if (parent) next.push(...parent.outgoing.map((flowId) => graph.flows[flowId]?.targetRef).filter((t): t is string => t !== undefined));
  }
  return next;
}

/** Steps reachable from the successors of `from` through non-step elements only (plus whether an end event is). */
function nextSteps(graph: ProcessGraph, from: string[]): { steps: Set<string>; reachesEnd: boolean } {
  const steps = new Set<string>();
  let reachesEnd = false;
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (isStep(graph, id)) {
      steps.add(id);
      continue;
    }
    const element = graph.elements[id];
    if (element?.type === 'endEvent' && element.parent === null) reachesEnd = true;
    stack.push(...successors(graph, id));
  }
  return { steps, reachesEnd };
}

/** Every element reachable from `from` (steps included, not stopping at them), stopping before joins. */
function branchElements(graph: ProcessGraph, from: string): Set<string> {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    const element = graph.elements[id];
    if (element && (element.type === 'parallelGateway' || element.type === 'inclusiveGateway') && element.incoming.length > 1) continue;
    seen.add(id);
    stack.push(...successors(graph, id));
  }
  return seen;
}

export function compileProcessModel(graph: ProcessGraph): ProcessModel {
  const steps = new Map<string, { name: string | null; type: ElementType }>();
  for (const element of Object.values(graph.elements)) if (isStep(graph, element.id)) steps.set(element.id, { name: element.name, type: element.type });

  const follows = new Map<string, Set<string>>();
  const last = new Set<string>();
  for (const id of steps.keys()) {
    const next = nextSteps(graph, successors(graph, id));
    follows.set(id, next.steps);
    if (next.reachesEnd) last.add(id);
  }
  const first = nextSteps(graph, graph.scope.startEvents).steps;

  // Concurrency: steps in different branches of one parallel or inclusive split.
  for (const element of Object.values(graph.elements)) {
    if ((element.type !== 'parallelGateway' && element.type !== 'inclusiveGateway') || element.outgoing.length < 2) continue;
    const branches = element.outgoing.map((flowId) => {
      const target = graph.flows[flowId]?.targetRef;
      return target === undefined ? new Set<string>() : new Set([...branchElements(graph, target)].filter((id) => steps.has(id)));
    });
    for (let i = 0; i < branches.length; i++) {
      for (let j = 0; j < branches.length; j++) {
        if (i === j) continue;
        for (const a of branches[i]!) for (const b of branches[j]!) follows.get(a)!.add(b);
      }
    }
    // The step after the join may follow the last step of any branch, and a branch's first step
    // may follow the step before the split: both are already sequence-flow paths.
  }

  const mandatory = new Set<string>();
  for (const id of steps.keys()) {
    if (graph.elements[id]!.parent !== null) continue;
    if (!endReachableWithout(graph, id)) mandatory.add(id);
  }
  return { steps, follows, first, last, mandatory };
}

/**
 * Whether a process-level end event can be reached from a start event when `blocked` cannot be
 * entered. A parallel join is reached only when every flow into it is (AND), anything else when
 * one is: removing one branch of a parallel split then blocks the end, as the engine would wait.
 * Least fixpoint, so loops do not make a step reach itself.
 */
function endReachableWithout(graph: ProcessGraph, blocked: string): boolean {
  const predecessors = new Map<string, string[]>();
  for (const id of Object.keys(graph.elements)) {
    for (const next of successors(graph, id)) predecessors.set(next, [...(predecessors.get(next) ?? []), id]);
  }
  const reached = new Set<string>(graph.scope.startEvents.filter((id) => id !== blocked));
  for (let changed = true; changed; ) {
    changed = false;
    for (const element of Object.values(graph.elements)) {
      if (reached.has(element.id) || element.id === blocked) continue;
      const from = predecessors.get(element.id) ?? [];
      if (from.length === 0) continue;
      const isJoin = element.type === 'parallelGateway' && element.incoming.length > 1;
      if (isJoin ? from.every((id) => reached.has(id)) : from.some((id) => reached.has(id))) {
        reached.add(element.id);
        changed = true;
      }
    }
  }
  return Object.values(graph.elements).some((e) => e.type === 'endEvent' && e.parent === null && reached.has(e.id));
}

/** How one trace (the steps of an instance in start order) departs from the model. */
export interface TraceDeviations {
  /** Mandatory steps the trace never passed (only judged for instances that completed). */
  skipped: string[];
  /** Steps executed more than once, with how many extra executions. */
  repeated: { elementId: string; extra: number }[];
  /** Consecutive steps no sequence-flow path allows; `from` null: an instance that began with `to`. `to` null: ended after `from`. */
  disallowed: { from: string | null; to: string | null }[];
}

export function checkTrace(model: ProcessModel, trace: readonly string[], completed: boolean): TraceDeviations {
  const counts = new Map<string, number>();
  for (const step of trace) counts.set(step, (counts.get(step) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n > 1).map(([elementId, n]) => ({ elementId, extra: n - 1 }));
  const skipped = completed ? [...model.mandatory].filter((id) => !counts.has(id)) : [];
  const disallowed: TraceDeviations['disallowed'] = [];
  const seen = new Set<string>();
  const add = (from: string | null, to: string | null) => {
    const key = `${from}\u0000${to}`;
    if (!seen.has(key)) {
      seen.add(key);
      disallowed.push({ from, to });
    }
  };
  if (trace.length > 0 && !model.first.has(trace[0]!)) add(null, trace[0]!);
  for (let i = 1; i < trace.length; i++) {
    const from = trace[i - 1]!;
    const to = trace[i]!;
    if (!model.follows.get(from)?.has(to)) add(from, to);
  }
  if (completed && trace.length > 0 && !model.last.has(trace[trace.length - 1]!)) add(trace[trace.length - 1]!, null);
  return { skipped, repeated, disallowed };
}
