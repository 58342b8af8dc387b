import type { EventDef } from '../graph.ts';
import type { ElementDef } from '../graph.ts';
import type { ElementInstanceRecord } from './contract.ts';
import { type InstanceContext, type OperationSteps, commandError } from './operation-api.ts';
import { timerSchedule } from './timers.ts';

/** Opening a catch: a message or signal subscription, or a timer job, owned by the element instance that waits. */

/**
 * Opens what an event waits on: a message or signal subscription, or a timer job. `owner` is the
 * element instance the catch belongs to (the catch event itself, the activity of a boundary
 * event, the event-based gateway, the scope of an event sub-process; null for the process level).
 */
export function openCatch(op: OperationSteps, context: InstanceContext, owner: ElementInstanceRecord | null, catcher: ElementDef, interrupting: boolean): void {
  const event: EventDef | undefined = catcher.event ?? (catcher.type === 'receiveTask' ? { kind: 'message', messageName: { static: catcher.name ?? catcher.id } } : undefined);
  if (!event) return;
  let variables: Record<string, unknown> | null = null;
  const vars = () => (variables ??= owner ? op.variablesAt(context, owner) : context.instance.variables);
  const common = { instanceId: context.instance.id, elementInstanceId: owner?.id ?? null, elementId: catcher.id, definitionId: context.definition.id };
  if (event.kind === 'message') {
    const name = op.resolve(event.messageName, vars, catcher.id) ?? catcher.id;
    const key = event.correlationKey ? op.evaluate(event.correlationKey, vars(), catcher.id) : null;
    op.createSubscription(context, { kind: 'message', name: String(name), correlationKey: key === null || key === undefined ? null : String(key), interrupting, ...common });
  } else if (event.kind === 'signal') {
    const name = op.resolve(event.signalName, vars, catcher.id) ?? catcher.id;
    op.createSubscription(context, { kind: 'signal', name: String(name), correlationKey: null, interrupting, ...common });
  } else if (event.kind === 'timer' && event.timer) {
    const text = op.resolve(event.timer.value, vars, catcher.id);
    let schedule: ReturnType<typeof timerSchedule>;
    try {
      schedule = timerSchedule(event.timer.type, String(text), op.time);
    } catch (error) {
      throw commandError('expression-failed', `${catcher.id}: ${(error as Error).message}`, catcher.id);
    }
    op.createJob(context, {
      kind: 'timer',
      ...common,
      dueAt: schedule.dueAt,
      retriesLeft: schedule.repetitionsLeft,
      data: schedule.intervalMs === null ? {} : { intervalMs: schedule.intervalMs },
    });
  }
}
