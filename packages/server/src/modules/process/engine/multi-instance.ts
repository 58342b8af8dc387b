import type { ElementDef } from '../graph.ts';
import type { ElementInstanceRecord } from './contract.ts';
import { logCompensation } from './compensation.ts';
import { type InstanceContext, type OperationSteps, commandError } from './operation-api.ts';

/**
 * Multi-instance activities: a body element instance (the scope boundary events attach to) with one
 * inner instance per item or count, all at once or one after another; nrOfInstances,
 * nrOfCompletedInstances and nrOfActiveInstances live on the body, loopCounter and the element
 * variable on each inner instance.
 */

export function enterMultiInstanceBody(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef): Promise<void> | void {
  const loop = element.loop;
  if (!loop) return;
  const members = element.userTask?.countersign?.members;
  // A countersign over a group or role: one signer per member, looked up outside the engine.
  if (members && !loop.collection && loop.cardinality === null) return enterWithMembers(op, context, body, element, members);
  const variables = op.variablesAt(context, body);
  let items: unknown[] | null = null;
  let count: number;
  if (loop.collection) {
    const collection = op.evaluate(loop.collection, variables, element.id);
    if (!Array.isArray(collection)) throw commandError('expression-failed', `${element.id}: the multi-instance collection ${loop.collection} is not a list`, element.id);
    items = collection;
    count = collection.length;
  } else {
    const cardinality = Number(loop.cardinality === null ? Number.NaN : op.evaluate(loop.cardinality, variables, element.id));
    if (!Number.isInteger(cardinality) || cardinality < 0) throw commandError('expression-failed', `${element.id}: the loop cardinality is not a whole number`, element.id);
    count = cardinality;
  }
  beginBody(op, context, body, element, items, count);
}

async function enterWithMembers(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef, members: string): Promise<void> {
  if (!op.services.membersOf) throw commandError('expression-failed', `${element.id}: countersign members ${members} cannot be looked up here`, element.id);
  const users = await op.services.membersOf(members);
  body.data.signers = users;
  beginBody(op, context, body, element, users, users.length);
}

function beginBody(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef, items: unknown[] | null, count: number): void {
  const loop = element.loop as NonNullable<ElementDef['loop']>;
  body.variables.nrOfInstances = count;
  body.variables.nrOfCompletedInstances = 0;
  body.variables.nrOfActiveInstances = loop.sequential ? Math.min(1, count) : count;
  if (items) body.data.items = items;
  if (loop.outputCollection) body.data.outputs = new Array(count).fill(null);
  const countersign = element.userTask?.countersign;
  if (countersign) body.data.countersign = { mode: countersign.mode, threshold: countersign.threshold, approved: 0, rejected: 0 } satisfies CountersignTally;
  if (element.boundaryEvents.length > 0) op.openBoundaryCatches(context, body, element);
  if (count === 0) {
    if (countersign) decideCountersign(op, context, body, element, true);
    finishMultiInstance(op, context, body, element);
    return;
  }
  if (loop.sequential) body.data.nextPosition = 1;
  for (let i = 0; i < (loop.sequential ? 1 : count); i++) startInnerInstance(op, context, body, element, i);
}

/**
 * A countersign's running count on its body (`data.countersign`); the total is the body's
 * nrOfInstances (which 加签 alongside grows). The task view reads it for inner tasks.
 */
export interface CountersignTally {
  mode: 'all' | 'any' | 'vote';
  threshold: number | null;
  approved: number;
  rejected: number;
}

/** The approvals a vote needs: a count, or a share of the signers rounded up. */
export function votesNeeded(threshold: number | null, total: number): number {
  if (threshold === null) return total;
  return threshold < 1 ? Math.ceil(threshold * total) : threshold;
}

/**
 * Whether the countersign is decided: 会签 (all) one rejection rejects, every approval approves;
 * 或签 (any) one approval approves, every rejection rejects; 票签 (vote) enough approvals approve,
 * too few possible approvals left reject. Null while open.
 */
export function countersignOutcome(tally: CountersignTally, total: number): 'approved' | 'rejected' | null {
  const remaining = total - tally.approved - tally.rejected;
  switch (tally.mode) {
    case 'all':
      if (tally.rejected > 0) return 'rejected';
      return remaining <= 0 ? 'approved' : null;
    case 'any':
      if (tally.approved > 0) return 'approved';
      return remaining <= 0 ? 'rejected' : null;
    case 'vote': {
      const needed = votesNeeded(tally.threshold, total);
      if (tally.approved >= needed) return 'approved';
      return tally.approved + Math.max(remaining, 0) < needed ? 'rejected' : null;
    }
  }
}

/**
 * Decides the countersign when its outcome is certain (or, with `force`, when every signer is
 * done): the remaining signers' instances are canceled, the body ends with the outcome, and the
 * enclosing scope gets `outcome` and `votes`. Returns whether it decided.
 */
function decideCountersign(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef, force = false): boolean {
  const tally = body.data.countersign as CountersignTally;
  const total = Number(body.variables.nrOfInstances);
  const outcome = countersignOutcome(tally, total) ?? (force ? (tally.rejected > 0 ? 'rejected' : 'approved') : null);
  if (outcome === null) return false;
  for (const other of [...(op.activeIn(context, body.id) ?? [])]) op.cancelElementInstance(context, other, 'canceled', 'countersign-decided');
  body.variables.nrOfActiveInstances = 0;
  body.outcome = outcome;
  op.touchElement(body);
  op.setVariable(context, body.scopeId, 'outcome', outcome);
  op.setVariable(context, body.scopeId, 'votes', { approved: tally.approved, rejected: tally.rejected, total });
  op.emit({
    type: 'process.countersign-decided',
    instanceId: context.instance.id,
    caseId: context.instance.caseId,
    elementId: element.id,
    outcome,
    approved: tally.approved,
    rejected: tally.rejected,
    total,
  });
  return true;
}

export function startInnerInstance(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef, position: number): ElementInstanceRecord {
  const inner = op.createElementInstance(context, element, body.id, position + 1);
  const items = body.data.items as unknown[] | undefined;
  const variableName = element.loop?.elementVariable;
  if (variableName) inner.variables[variableName] = items ? (items[position] ?? null) : position + 1;
  // A countersign's members (and signers added alongside) are the inner tasks' assignees.
  const signer = (body.data.signers as string[] | undefined)?.[position];
  if (signer !== undefined) inner.data.signer = signer;
  op.enqueue('enter', context, inner);
  return inner;
}

export function leaveInnerInstance(op: OperationSteps, context: InstanceContext, inner: ElementInstanceRecord, element: ElementDef): void {
  const body = context.elementInstances.get(inner.scopeId as string);
  if (body?.state !== 'active') return;
  const loop = element.loop;
  if (element.outputs.length > 0) op.applyOutputs(context, inner, element, body.scopeId);
  if (loop?.outputCollection && loop.outputElement) {
    (body.data.outputs as unknown[])[(inner.loopCounter as number) - 1] = op.evaluate(loop.outputElement, op.variablesAt(context, inner), element.id);
  }
  if (element.compensationHandler) logCompensation(op, context, body.scopeId, element);
  op.endElementInstance(context, inner, 'completed');
  const counters = body.variables as { nrOfInstances: number; nrOfCompletedInstances: number; nrOfActiveInstances: number };
  counters.nrOfCompletedInstances += 1;
  counters.nrOfActiveInstances -= 1;
  op.touchElement(body);
  const tally = body.data.countersign as CountersignTally | undefined;
  if (tally) {
    // Only an explicit rejection counts against; a signer's completion otherwise approves.
    if (inner.outcome === 'rejected') tally.rejected += 1;
    else tally.approved += 1;
    if (decideCountersign(op, context, body, element)) {
      finishMultiInstance(op, context, body, element);
      return;
    }
  }
  if (loop?.completionCondition && op.evaluate(loop.completionCondition, op.variablesAt(context, inner), element.id) === true) {
    for (const other of [...(op.activeIn(context, body.id) ?? [])]) op.cancelElementInstance(context, other, 'canceled');
    counters.nrOfActiveInstances = 0;
    finishMultiInstance(op, context, body, element);
    return;
  }
  if (loop?.sequential) {
    // A signer added alongside runs beside the current one: the next in line waits for both.
    if ((op.activeIn(context, body.id)?.size ?? 0) > 0) return;
    const next = nextSequentialPosition(body);
    if (next < counters.nrOfInstances) {
      counters.nrOfActiveInstances = 1;
      body.data.nextPosition = next + 1;
      startInnerInstance(op, context, body, element, next);
      return;
    }
  }
  if ((op.activeIn(context, body.id)?.size ?? 0) === 0) finishMultiInstance(op, context, body, element);
}

export function finishMultiInstance(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef): void {
  const loop = element.loop;
  if (loop?.outputCollection) op.setVariable(context, body.scopeId, loop.outputCollection, body.data.outputs ?? []);
  delete body.data.items;
  delete body.data.outputs;
  delete body.data.signers;
  delete body.data.nextPosition;
  delete body.data.startedOutOfOrder;
  op.enqueue('leave', context, body);
}

/**
 * The next position of a sequential body: counted from the completed instances (bodies started
 * before signers could be added) or `data.nextPosition`, skipping positions a signer added
 * alongside has already started (`data.startedOutOfOrder`).
 */
function nextSequentialPosition(body: ElementInstanceRecord): number {
  let next = Number(body.data.nextPosition ?? body.variables.nrOfCompletedInstances);
  const skip = (body.data.startedOutOfOrder as number[] | undefined) ?? [];
  while (skip.includes(next)) next++;
  return next;
}

/**
 * 加签 alongside in a multi-instance: one more inner instance, started now (also in a sequential
 * body, where it runs beside the current signer), for `assignee`; nrOfInstances (and with it a
 * countersign's total) grows by one.
 */
export function addInnerInstance(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef, assignee: string): ElementInstanceRecord {
  const counters = body.variables as { nrOfInstances: number; nrOfCompletedInstances: number; nrOfActiveInstances: number };
  const position = counters.nrOfInstances;
  counters.nrOfInstances += 1;
  counters.nrOfActiveInstances += 1;
  const items = body.data.items as unknown[] | undefined;
  if (items) items[position] = assignee;
  const signers = body.data.signers as string[] | undefined;
  if (signers) signers[position] = assignee;
  const outputs = body.data.outputs as unknown[] | undefined;
  if (outputs) outputs[position] = null;
  if (element.loop?.sequential) {
    if (body.data.nextPosition === undefined) body.data.nextPosition = counters.nrOfCompletedInstances + 1;
    body.data.startedOutOfOrder = [...((body.data.startedOutOfOrder as number[] | undefined) ?? []), position];
  }
  op.touchElement(body);
  const inner = startInnerInstance(op, context, body, element, position);
  const variableName = element.loop?.elementVariable;
  if (variableName) inner.variables[variableName] = assignee;
  inner.data.signer = assignee;
  return inner;
}
