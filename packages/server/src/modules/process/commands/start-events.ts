import { evaluateFeel } from '../../../platform/feel/index.ts';
import type { JobRecord, SubscriptionRecord } from '../engine/contract.ts';
import { timerSchedule, type TimerSchedule } from '../engine/timers.ts';
import type { StaticOrExpression, TimerDef } from '../graph.ts';
import type { DeployedProcess } from '../engine/contract.ts';

function textOf(value: StaticOrExpression | undefined): string | null {
  if (!value) return null;
  if (value.static !== undefined) return value.static;
  if (value.expression === undefined) return null;
  // A start event has no instance yet: its expression sees no variables (Camunda: now(), a literal).
  const result = evaluateFeel(value.expression, {});
  return result === null || result === undefined ? null : String(result);
}

/** A start timer's first firing; null when its value cannot be read (the compiler reports that at deployment). */
function scheduleOf(timer: TimerDef, now: Date): TimerSchedule | null {
  try {
    const text = textOf(timer.value);
    return text ? timerSchedule(timer.type, text, now) : null;
  } catch {
    return null;
  }
}

/**
 * What a newly latest version waits on before any instance exists: a job per timer start event
 * and a subscription per message or signal start event at the process level.
 */
export function startEventsOf(definition: DeployedProcess, now: Date, newId: () => string): { jobs: JobRecord[]; subscriptions: SubscriptionRecord[] } {
  const jobs: JobRecord[] = [];
  const subscriptions: SubscriptionRecord[] = [];
  for (const elementId of definition.graph.scope.startEvents) {
    const event = definition.graph.elements[elementId]?.event;
    if (!event) continue;
    if (event.kind === 'timer' && event.timer) {
      const timer = scheduleOf(event.timer, now);
      if (!timer) continue;
      jobs.push({
        id: newId(),
        kind: 'timer-start',
        instanceId: null,
        elementInstanceId: null,
        elementId,
        definitionId: definition.id,
        dueAt: timer.dueAt,
        retriesLeft: timer.repetitionsLeft,
        // As the interpreter's own timers: it schedules the next firing of a cycle from intervalMs.
        data: timer.intervalMs === null ? {} : { intervalMs: timer.intervalMs },
      });
    } else if (event.kind === 'message' || event.kind === 'signal') {
      const name = textOf(event.kind === 'message' ? event.messageName : event.signalName);
      if (!name) continue;
      subscriptions.push({
        id: newId(),
        kind: event.kind === 'message' ? 'message-start' : 'signal-start',
        name,
        correlationKey: null,
        instanceId: null,
        elementInstanceId: null,
        elementId,
        definitionId: definition.id,
        interrupting: true,
      });
    }
  }
  return { jobs, subscriptions };
}
