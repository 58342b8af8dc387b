import { parseInstantWithOffset, parseIsoDurationMs } from '../../../platform/clock/index.ts';
import { evaluateFeel } from '../../../platform/feel/index.ts';
import type { JobRecord, SubscriptionRecord } from '../engine/contract.ts';
import type { StaticOrExpression, TimerDef } from '../graph.ts';
import type { DeployedProcess } from '../engine/contract.ts';

/** A start event's timer, resolved at deployment: when it first fires and how often it repeats. */
export interface StartTimer {
  dueAt: Date;
  /** Firings left after this one (`R3/…` → 2); null: unbounded (`R/…`); 0 for a date or duration. */
  repetitionsLeft: number | null;
}

function textOf(value: StaticOrExpression | undefined): string | null {
  if (!value) return null;
  if (value.static !== undefined) return value.static;
  if (value.expression === undefined) return null;
  // A start event has no instance yet: its expression sees no variables (Camunda: now(), a literal).
  const result = evaluateFeel(value.expression, {});
  return result === null || result === undefined ? null : String(result);
}

const durationMs = (text: string): number | null => {
  const parsed = parseIsoDurationMs(text);
  return parsed.ok ? parsed.ms : null;
};
const instant = (text: string): Date | null => {
  const parsed = parseInstantWithOffset(text);
  return parsed.ok ? parsed.instant : null;
};

/**
 * The first firing of a start timer (ISO 8601 date, duration from deployment, or repeating
 * interval `R[n]/[start/]duration`); null when the value cannot be read (the model compiler
 * reports that at deployment, so this is a second line of defence).
 */
export function resolveStartTimer(timer: TimerDef, now: Date): StartTimer | null {
  const text = textOf(timer.value)?.trim();
  if (!text) return null;
  if (timer.type === 'date') {
    const at = instant(text);
    return at && { dueAt: at, repetitionsLeft: 0 };
  }
  if (timer.type === 'duration') {
    const ms = durationMs(text);
    return ms === null ? null : { dueAt: new Date(now.getTime() + ms), repetitionsLeft: 0 };
  }
  const parts = text.split('/');
  const repeat = /^R(\d*)$/.exec(parts[0] ?? '');
  if (!repeat || parts.length < 2 || parts.length > 3) return null;
  const total = repeat[1] === '' ? null : Number(repeat[1]);
  if (total === 0) return null;
  const period = durationMs(parts[parts.length - 1]!);
  if (period === null || period <= 0) return null;
  let dueAt = new Date(now.getTime() + period);
  if (parts.length === 3) {
    const start = instant(parts[1]!);
    if (!start) return null;
    dueAt = start;
  }
  return { dueAt, repetitionsLeft: total === null ? null : total - 1 };
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
      const timer = resolveStartTimer(event.timer, now);
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
        data: { timer: event.timer },
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
