import type { ElementDef } from '../graph.ts';
import { type ElementInstanceRecord, type EngineChanges, ProcessCommandError, type TaskRecord } from './contract.ts';
import type { GraphIndex } from './graph-index.ts';
import type { InstanceContext } from './operation-api.ts';
import type { Operation } from './operation.ts';

/**
 * 退回 / 撤回: the instance goes back to an earlier user task (contract.ts, `rewindToElement`).
 *
 * Everything is decided on the graph, level by level along the target's scopes (its sub-process,
 * the one around that, … the process): at each level the active tokens the target can reach are
 * cancelled, and every join the target can reach is set up as the rewound path will find it —
 * arrivals of flows the target reaches are forgotten (those branches run again), arrivals of
 * branches it cannot reach are kept, or given back when the join already fired and nothing can
 * bring them again (`instance.data.joinsFired` says which flows fired it last). A target inside a
 * sub-process that is not active opens it again (without its start event) down to the target.
 */
export async function rewindToElement(
  operation: Operation,
  input: { instanceId: string; targetElementId: string; fromTaskId: string | null; assignee: string | null; reason: 'returned' | 'withdrawn' },
): Promise<{ changes: EngineChanges; task: TaskRecord; canceledTaskIds: string[] }> {
  const context = await operation.loadOrThrow(input.instanceId);
  const { instance, index } = context;
  if (instance.state === 'completed' || instance.state === 'terminated') {
    throw new ProcessCommandError('not-active', `process instance ${instance.id} is ${instance.state}`);
  }
  const refuse = (why: string): never => {
    throw new ProcessCommandError('invalid-return-target', `${input.targetElementId} ${why}`, input.targetElementId);
  };
  const target = index.graph.elements[input.targetElementId];
  if (!target) return refuse(`is not an element of process ${instance.processKey}`);
  if (target.type !== 'userTask') refuse('is not a user task');
  if (target.loop) refuse('is a multi-instance activity');
  const chain = scopeChainOf(index, target);
  for (const scope of chain) {
    if (scope.loop) refuse(`sits inside the multi-instance activity ${scope.id}`);
    if (scope.triggeredByEvent) refuse(`sits inside the event sub-process ${scope.id}`);
  }

  const reach = reachableFrom(index, target.id);
  const reaches = (elementId: string) => ancestryOf(index, elementId).some((id) => reach.has(id));

  let fromTask: TaskRecord | undefined;
  if (input.fromTaskId !== null) {
    const found = await operation.store.findTask(input.fromTaskId);
    if (found?.instanceId !== instance.id) throw new ProcessCommandError('not-found', `task ${input.fromTaskId} does not exist in instance ${instance.id}`);
    fromTask = context.openTasks.find((open) => open.id === found.id);
    if (!fromTask) throw new ProcessCommandError('not-active', `task ${found.id} is ${found.state}`, found.elementId);
    if (!reaches(fromTask.elementId)) refuse(`does not lead to ${fromTask.elementId}`);
  } else if (!context.openTasks.some((task) => reaches(task.elementId))) {
    refuse('has no open task after it to withdraw');
  }

  // The scope instances the target goes into: the nearest active one, then new ones below it.
  const levels = scopeInstancesFor(context, chain, fromTask);
  const keep = new Set(levels.map((level) => level.instance?.id).filter((id): id is string => id !== undefined));

  // Cancel every token the target reaches (their tasks, signer tasks and inner scopes with them).
  const openBefore = [...context.openTasks];
  for (const level of levels) {
    if (level.instance === undefined) continue;
    for (const active of [...(operation.activeIn(context, level.instance?.id ?? null) ?? [])]) {
      if (keep.has(active.id) || !reach.has(active.elementId)) continue;
      if (active.data.arrivals && index.isJoin(active.elementId)) continue;
      operation.cancelElementInstance(context, active, 'canceled', input.reason);
    }
  }
  // Task records are this operation's copies: a canceled one says so.
  const canceled = openBefore.filter((task) => task.state === 'canceled');
  const canceledTaskIds = canceled.map((task) => task.id);

  // Open the sub-processes that are not active, outermost first.
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i] as ScopeLevel;
    if (level.instance !== undefined || level.scope === null) continue;
    const parentLevel = levels[i + 1] as ScopeLevel;
    const parentId = parentLevel.instance?.id ?? null;
    level.instance = reenterScope(operation, context, level.scope, parentId);
  }

  for (const level of levels) setUpJoins(operation, context, level, reach, target.id);

  const scopeId = levels[0]?.instance?.id ?? null;
  const rewound = operation.createElementInstance(context, target, scopeId);
  if (input.assignee !== null) rewound.data.assignee = input.assignee;
  // The step runs again now, even if the model continues it asynchronously.
  operation.resumedBefore.add(rewound.id);
  operation.enqueue('enter', context, rewound);
  await operation.run();
  const task = context.openTasks.find((open) => open.elementInstanceId === rewound.id);
  if (!task) throw new ProcessCommandError('not-active', `${target.id} opened no task`, target.id);
  operation.emit({
    type: 'process.instance-rewound',
    instanceId: instance.id,
    caseId: instance.caseId,
    fromElementIds: [...new Set(canceled.map((t) => t.elementId))],
    targetElementId: target.id,
    taskId: task.id,
  });
  return { changes: await operation.save(), task, canceledTaskIds };
}

interface ScopeLevel {
  /** The sub-process element of this level; null for the process level. */
  scope: ElementDef | null;
  /** Its active instance (undefined: to be opened again); null for the process level. */
  instance: ElementInstanceRecord | null | undefined;
}

/** The target's enclosing sub-processes, innermost first. */
function scopeChainOf(index: GraphIndex, element: ElementDef): ElementDef[] {
  const chain: ElementDef[] = [];
  for (let parent = element.parent; parent !== null; parent = index.element(parent).parent) chain.push(index.element(parent));
  return chain;
}

/** An element and its enclosing sub-processes, innermost first. */
function ancestryOf(index: GraphIndex, elementId: string): string[] {
  const ids = [elementId];
  for (let parent = index.element(elementId).parent; parent !== null; parent = index.element(parent).parent) ids.push(parent);
  return ids;
}

/**
 * The levels from the target's scope out to the process, each with its active instance: for each
 * sub-process the instance that encloses the returned task when there is one, else the first
 * active one inside the level outside it; undefined below the nearest active one.
 */
function scopeInstancesFor(context: InstanceContext, chain: ElementDef[], fromTask: TaskRecord | undefined): ScopeLevel[] {
  const levels: ScopeLevel[] = chain.map((scope) => ({ scope, instance: undefined }));
  levels.push({ scope: null, instance: null });
  const fromAncestors = new Set<string>();
  if (fromTask) {
    for (let id: string | null = fromTask.elementInstanceId; id !== null; ) {
      fromAncestors.add(id);
      id = context.elementInstances.get(id)?.scopeId ?? null;
    }
  }
  for (let i = levels.length - 2; i >= 0; i--) {
    const level = levels[i] as ScopeLevel;
    const outer = (levels[i + 1] as ScopeLevel).instance;
    if (outer === undefined) break;
    const candidates = [...context.elementInstances.values()].filter(
      (candidate) => candidate.state === 'active' && candidate.elementId === level.scope?.id && candidate.scopeId === (outer?.id ?? null),
    );
    level.instance = candidates.find((candidate) => fromAncestors.has(candidate.id)) ?? candidates[0];
    if (level.instance === undefined) break;
  }
  return levels;
}

/** A sub-process entered again above the target: its inputs and catches, not its start event. */
function reenterScope(operation: Operation, context: InstanceContext, scope: ElementDef, parentId: string | null): ElementInstanceRecord {
  const entered = operation.createElementInstance(context, scope, parentId);
  if (scope.inputs.length > 0) {
    const variables = operation.variablesAt(context, null, parentId);
    for (const mapping of scope.inputs) entered.variables[mapping.target] = operation.evaluate(mapping.source, { ...variables, ...entered.variables }, scope.id);
  }
  if (scope.boundaryEvents.length > 0) operation.openBoundaryCatches(context, entered, scope);
  operation.openScopeCatches(context, entered);
  return entered;
}

/**
 * The joins of one level the target reaches: arrivals of flows the target reaches are forgotten;
 * a flow it does not reach keeps its arrival, or gets one back when the join fired with it last
 * and no active token can bring one again.
 */
function setUpJoins(operation: Operation, context: InstanceContext, level: ScopeLevel, reach: Set<string>, targetId: string): void {
  const { index } = context;
  const scopeId = level.instance?.id ?? null;
  const children = index.scopeOf(level.scope?.id ?? null).children;
  const firedLast = (context.instance.data?.joinsFired ?? {}) as Record<string, string[]>;
  for (const joinId of children) {
    if (!index.isJoin(joinId) || !reach.has(joinId)) continue;
    const gateway = index.element(joinId);
    const active = [...(operation.activeIn(context, scopeId) ?? [])];
    const waiting = active.find((candidate) => candidate.elementId === joinId && candidate.data.arrivals);
    const arrivals: Record<string, number> = { ...((waiting?.data.arrivals as Record<string, number> | undefined) ?? {}) };
    const sources = new Map(index.inclusiveJoinSources(joinId).map(({ flowId, sources }) => [flowId, sources]));
    for (const flowId of gateway.incoming) {
      const sourceRef = index.graph.flows[flowId]?.sourceRef as string;
      if (sourceRef === targetId || reach.has(sourceRef)) {
        delete arrivals[flowId];
        continue;
      }
      if ((arrivals[flowId] ?? 0) > 0 || waiting) continue;
      const fired = firedLast[joinId];
      const firedWithIt = fired ? fired.includes(flowId) : gateway.type === 'parallelGateway';
      const stillComing = active.some((token) => token.elementId !== joinId && sources.get(flowId)?.has(token.elementId));
      if (firedWithIt && !stillComing) arrivals[flowId] = 1;
    }
    const any = Object.keys(arrivals).length > 0;
    if (waiting) {
      if (!any) {
        operation.cancelElementInstance(context, waiting, 'canceled');
        continue;
      }
      waiting.data.arrivals = arrivals;
      operation.touchElement(waiting);
    } else if (any) {
      const join = operation.createElementInstance(context, gateway, scopeId);
      join.data.arrivals = arrivals;
      if (gateway.type === 'inclusiveGateway') context.inclusiveJoins.add(join);
    }
  }
}

/**
 * Every element a token at `targetId` can go on to: along flows, into the sub-processes it enters,
 * to the boundary events of the activities it passes, and out of the scopes it ends in.
 */
export function reachableFrom(index: GraphIndex, targetId: string): Set<string> {
  const reached = new Set<string>();
  const exited = new Set<string>();
  const pending: string[] = [];
  const push = (id: string) => {
    if (reached.has(id)) return;
    reached.add(id);
    pending.push(id);
  };
  const exit = (scopeId: string | null) => {
    for (let id = scopeId; id !== null && !exited.has(id); id = index.element(id).parent) {
      exited.add(id);
      for (const flow of index.outgoing(id)) push(flow.targetRef);
    }
  };
  const visit = (id: string) => {
    const element = index.element(id);
    for (const flow of index.outgoing(id)) push(flow.targetRef);
    for (const boundaryId of element.boundaryEvents) push(boundaryId);
    if (element.type === 'subProcess' && element.scope && !element.triggeredByEvent) for (const startId of element.scope.startEvents) push(startId);
    exit(element.parent);
  };
  visit(targetId);
  while (pending.length > 0) visit(pending.pop() as string);
  return reached;
}
