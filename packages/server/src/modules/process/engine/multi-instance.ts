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

export function enterMultiInstanceBody(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef): void {
  const loop = element.loop;
  if (!loop) return;
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
  body.variables.nrOfInstances = count;
  body.variables.nrOfCompletedInstances = 0;
  body.variables.nrOfActiveInstances = loop.sequential ? Math.min(1, count) : count;
  if (items) body.data.items = items;
  if (loop.outputCollection) body.data.outputs = new Array(count).fill(null);
  if (element.boundaryEvents.length > 0) op.openBoundaryCatches(context, body, element);
  if (count === 0) {
    finishMultiInstance(op, context, body, element);
    return;
  }
  for (let i = 0; i < (loop.sequential ? 1 : count); i++) startInnerInstance(op, context, body, element, i);
}

export function startInnerInstance(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef, position: number): void {
  const inner = op.createElementInstance(context, element, body.id, position + 1);
  const items = body.data.items as unknown[] | undefined;
  const variableName = element.loop?.elementVariable;
  if (variableName) inner.variables[variableName] = items ? (items[position] ?? null) : position + 1;
  op.enqueue('enter', context, inner);
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
  if (loop?.completionCondition && op.evaluate(loop.completionCondition, op.variablesAt(context, inner), element.id) === true) {
    for (const other of [...(op.activeIn(context, body.id) ?? [])]) op.cancelElementInstance(context, other, 'canceled');
    counters.nrOfActiveInstances = 0;
    finishMultiInstance(op, context, body, element);
    return;
  }
  if (loop?.sequential && counters.nrOfCompletedInstances < counters.nrOfInstances) {
    counters.nrOfActiveInstances = 1;
    startInnerInstance(op, context, body, element, counters.nrOfCompletedInstances);
    return;
  }
  if ((op.activeIn(context, body.id)?.size ?? 0) === 0) finishMultiInstance(op, context, body, element);
}

export function finishMultiInstance(op: OperationSteps, context: InstanceContext, body: ElementInstanceRecord, element: ElementDef): void {
  const loop = element.loop;
  if (loop?.outputCollection) op.setVariable(context, body.scopeId, loop.outputCollection, body.data.outputs ?? []);
  delete body.data.items;
  delete body.data.outputs;
  op.enqueue('leave', context, body);
}
