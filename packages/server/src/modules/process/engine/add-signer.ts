import { type EngineChanges, ProcessCommandError, type TaskRecord } from './contract.ts';
import { addInnerInstance } from './multi-instance.ts';
import type { Operation } from './operation.ts';

/** 加签 alongside on an inner task of a multi-instance activity: one more inner instance for `assignee`. */
export async function addMultiInstanceSigner(operation: Operation, input: { taskId: string; assignee: string }): Promise<{ changes: EngineChanges; task: TaskRecord }> {
  const found = await operation.store.findTask(input.taskId);
  if (!found) throw new ProcessCommandError('not-found', `task ${input.taskId} does not exist`);
  const context = await operation.loadOrThrow(found.instanceId);
  const task = context.openTasks.find((open) => open.id === input.taskId);
  if (!task) throw new ProcessCommandError('not-active', `task ${input.taskId} is ${found.state}`, found.elementId);
  const inner = context.elementInstances.get(task.elementInstanceId);
  if (inner?.state !== 'active') throw new ProcessCommandError('not-active', `task ${task.id} is no longer active`, task.elementId);
  const body = inner.scopeId === null ? undefined : context.elementInstances.get(inner.scopeId);
  if (inner.loopCounter === null || !body?.isMultiInstanceBody || body.state !== 'active') {
    throw new ProcessCommandError('not-multi-instance', `task ${task.id} (${task.elementId}) is not part of a multi-instance activity`, task.elementId);
  }
  const added = addInnerInstance(operation, context, body, context.index.element(body.elementId), input.assignee);
  await operation.run();
  const created = context.openTasks.find((open) => open.elementInstanceId === added.id);
  if (!created) throw new ProcessCommandError('not-active', `the new signer of ${task.elementId} has no task`, task.elementId);
  return { changes: await operation.save(), task: created };
}
