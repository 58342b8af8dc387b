import type { ElementDef } from '../graph.ts';
import type { ElementInstanceRecord } from './contract.ts';
import type { InstanceContext, OperationSteps } from './operation-api.ts';

/**
 * Compensation: completed activities with a handler are logged in their scope's data; a compensate
 * throw runs their handlers newest first, one after another, and waits for them.
 */

export function scopeData(op: OperationSteps, context: InstanceContext, scopeId: string | null): Record<string, unknown> {
  if (scopeId === null) {
    context.instance.data ??= {};
    return context.instance.data;
  }
  const scope = context.elementInstances.get(scopeId);
  if (!scope) return {};
  op.touchElement(scope);
  return scope.data;
}

export function logCompensation(op: OperationSteps, context: InstanceContext, scopeId: string | null, element: ElementDef): void {
  const data = scopeData(op, context, scopeId);
  const log = (data.compensation as Array<{ elementId: string; handler: string }> | undefined) ?? [];
  log.push({ elementId: element.id, handler: element.compensationHandler as string });
  data.compensation = log;
}

/** Starts the handlers of completed activities, newest first; false when there is nothing to compensate. */
export function startCompensation(op: OperationSteps, context: InstanceContext, thrower: ElementInstanceRecord, activityRef: string | null): boolean {
  const data = scopeData(op, context, thrower.scopeId);
  const log = (data.compensation as Array<{ elementId: string; handler: string }> | undefined) ?? [];
  const chosen = log.filter((entry) => activityRef === null || entry.elementId === activityRef).reverse();
  if (chosen.length === 0) return false;
  data.compensation = log.filter((entry) => !chosen.includes(entry));
  thrower.data.compensationPending = chosen.map((entry) => entry.handler);
  op.touchElement(thrower);
  continueCompensation(op, context, thrower.id);
  return true;
}

export function continueCompensation(op: OperationSteps, context: InstanceContext, throwerId: string): void {
  const thrower = context.elementInstances.get(throwerId);
  if (thrower?.state !== 'active') return;
  const pending = (thrower.data.compensationPending as string[] | undefined) ?? [];
  const next = pending.shift();
  op.touchElement(thrower);
  if (next === undefined) {
    delete thrower.data.compensationPending;
    op.enqueue('leave', context, thrower);
    return;
  }
  const handler = op.createElementInstance(context, context.index.element(next), thrower.scopeId);
  handler.data.compensationFor = thrower.id;
  op.enqueue('enter', context, handler);
}
