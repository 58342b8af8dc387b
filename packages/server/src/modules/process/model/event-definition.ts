import type { EventDef, EventKind, TimerDef } from '../graph.ts';
import { type ExpressionSite, isExpressionText, readExpression, readStaticOrExpression } from './expressions.ts';
import { isIsoDateTime, isIsoDuration, isIsoRepeatingInterval } from './iso-time.ts';
import { type ModdleElement, childOf, childrenOf, expressionBodyOf, extensionOf, stringOf } from './moddle-element.ts';
import type { ElementReadContext } from './read-context.ts';
import { camundaStyleAttribute } from './vendor-attributes.ts';

/** Where an event sits decides which triggers it may have (BPMN 2.0 §10.5, tables 10.84–10.93). */
export type EventPosition = 'processStart' | 'subProcessStart' | 'eventSubProcessStart' | 'end' | 'intermediateCatch' | 'intermediateThrow' | 'boundary' | 'receiveTask' | 'sendTask';

const ALLOWED_KINDS: Record<EventPosition, readonly EventKind[]> = {
  processStart: ['none', 'message', 'timer', 'signal'],
  subProcessStart: ['none'],
  eventSubProcessStart: ['message', 'timer', 'signal', 'error', 'escalation', 'compensate'],
  end: ['none', 'message', 'signal', 'error', 'escalation', 'terminate', 'compensate'],
  intermediateCatch: ['message', 'timer', 'signal'],
  intermediateThrow: ['none', 'message', 'signal', 'escalation', 'compensate'],
  boundary: ['message', 'timer', 'signal', 'error', 'escalation', 'compensate'],
  receiveTask: ['message'],
  sendTask: ['message'],
};

const KIND_BY_DEFINITION: Record<string, EventKind | 'link' | 'unsupported'> = {
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:CompensateEventDefinition': 'compensate',
  'bpmn:LinkEventDefinition': 'link',
};

export type ReadEvent = { event: EventDef; linkName?: undefined } | { event: EventDef; linkName: string };

/** The trigger of an event, or of a receive task's message; problems for what cannot run. */
export function readEventDefinition(element: ModdleElement, position: EventPosition, context: ElementReadContext): ReadEvent {
  const definitions = [...childrenOf(element, 'eventDefinitions'), ...childrenOf(element, 'eventDefinitionRefs')];
  if (position === 'receiveTask') return { event: readMessage(element, element, context, true) };
  if (position === 'sendTask') return { event: readMessage(element, element, context, false) };
  if (definitions.length > 1) {
    context.diagnostics.problem(context.elementId, 'unsupported-element', 'An event with several triggers (multiple or parallel multiple) is not supported; split it into separate events.');
    return { event: { kind: 'none' } };
  }
  const definition = definitions[0];
  const kind = definition ? (KIND_BY_DEFINITION[definition.$type] ?? 'unsupported') : 'none';
  if (kind === 'unsupported') {
    const what = definition?.$type.replace('bpmn:', '').replace('EventDefinition', '').toLowerCase() ?? 'unknown';
    const why = what === 'cancel' ? ' (transactions are not supported)' : what === 'conditional' ? ' (use a message or signal sent when the data changes)' : '';
    context.diagnostics.problem(context.elementId, 'unsupported-element', `A ${what} event is not supported${why}.`);
    return { event: { kind: 'none' } };
  }
  if (kind === 'link') return readLink(definition as ModdleElement, position, context);
  if (!ALLOWED_KINDS[position].includes(kind)) {
    context.diagnostics.problem(context.elementId, 'invalid-event', `A ${kind === 'none' ? 'none' : kind} event cannot be used as ${describePosition(position)}.`);
  }
  const catches = position !== 'end' && position !== 'intermediateThrow';
  switch (kind) {
    case 'message':
      return { event: readMessage(element, definition as ModdleElement, context, catches) };
    case 'timer':
      return { event: { kind, timer: readTimer(definition as ModdleElement, context) ?? { type: 'duration', value: { static: 'PT0S' } } } };
    case 'signal':
      return { event: { kind, signalName: readSignalName(definition as ModdleElement, context) } };
    case 'error':
      return { event: readErrorOrEscalation(definition as ModdleElement, 'error', catches, context) };
    case 'escalation':
      return { event: readErrorOrEscalation(definition as ModdleElement, 'escalation', catches, context) };
    case 'compensate': {
      const activity = childOf(definition, 'activityRef');
      return { event: { kind, compensateActivityRef: activity?.id ?? null } };
    }
    default:
      return { event: { kind } };
  }
}

function describePosition(position: EventPosition): string {
  const descriptions: Record<EventPosition, string> = {
    processStart: 'the start event of a process',
    subProcessStart: 'the start event of an embedded sub-process (only a none start event is allowed there)',
    eventSubProcessStart: 'the start event of an event sub-process',
    end: 'an end event',
    intermediateCatch: 'an intermediate catch event',
    intermediateThrow: 'an intermediate throw event',
    boundary: 'a boundary event',
    receiveTask: 'a receive task',
    sendTask: 'a send task',
  };
  return descriptions[position];
}

function readLink(definition: ModdleElement, position: EventPosition, context: ElementReadContext): ReadEvent {
  if (position !== 'intermediateCatch' && position !== 'intermediateThrow') {
    context.diagnostics.problem(context.elementId, 'invalid-event', 'A link event can only be an intermediate throw or catch event.');
  }
  const name = stringOf(definition, 'name')?.trim() ?? '';
  if (!name) context.diagnostics.problem(context.elementId, 'link-without-name', 'A link event needs a name that pairs the throw with its catch.');
  return { event: { kind: 'none' }, linkName: name };
}

function readMessage(element: ModdleElement, definition: ModdleElement, context: ElementReadContext, catches: boolean): EventDef {
  const message = childOf(definition, 'messageRef');
  const site = (what: string): ExpressionSite => ({ diagnostics: context.diagnostics, elementId: context.elementId, what });
  const rawName = stringOf(message, 'name');
  const messageName = readStaticOrExpression(site('message name'), rawName);
  if (catches && !rawName?.trim()) {
    context.diagnostics.problem(context.elementId, 'message-without-name', 'The element waits for a message but names none: reference a bpmn:message with a name.');
  }
  const rawKey =
    stringOf(extensionOf(element, 'docket:Subscription'), 'correlationKey') ??
    stringOf(extensionOf(message, 'docket:Subscription'), 'correlationKey') ??
    stringOf(extensionOf(message, 'zeebe:Subscription'), 'correlationKey') ??
    stringOf(extensionOf(element, 'zeebe:Subscription'), 'correlationKey');
  const event: EventDef = { kind: 'message', correlationKey: readExpression(site('correlation key'), rawKey) };
  if (messageName) event.messageName = messageName;
  return event;
}

function readSignalName(definition: ModdleElement, context: ElementReadContext): EventDef['signalName'] {
  const rawName = stringOf(childOf(definition, 'signalRef'), 'name');
  if (!rawName?.trim()) {
    context.diagnostics.problem(context.elementId, 'signal-without-name', 'The signal event references no bpmn:signal with a name.');
    return { static: '' };
  }
  return readStaticOrExpression({ diagnostics: context.diagnostics, elementId: context.elementId, what: 'signal name' }, rawName) ?? { static: rawName };
}

function readErrorOrEscalation(definition: ModdleElement, kind: 'error' | 'escalation', catches: boolean, context: ElementReadContext): EventDef {
  const reference = childOf(definition, kind === 'error' ? 'errorRef' : 'escalationRef');
  const code = stringOf(reference, kind === 'error' ? 'errorCode' : 'escalationCode')?.trim() || null;
  if (!catches && code === null) {
    context.diagnostics.problem(context.elementId, `${kind}-without-code`, `The ${kind} thrown here has no code: reference a bpmn:${kind} with an ${kind}Code.`);
  }
  if (kind === 'error') return { kind, errorCode: code, errorCodeVariable: camundaStyleAttribute(definition, 'errorCodeVariable')?.trim() || null };
  return { kind, escalationCode: code };
}

function readTimer(definition: ModdleElement, context: ElementReadContext): TimerDef | null {
  const candidates = (
    [
      ['date', expressionBodyOf(definition, 'timeDate')],
      ['duration', expressionBodyOf(definition, 'timeDuration')],
      ['cycle', expressionBodyOf(definition, 'timeCycle')],
    ] as const
  ).filter((candidate): candidate is readonly ['date' | 'duration' | 'cycle', string] => candidate[1] !== undefined);
  if (candidates.length === 0) {
    context.diagnostics.problem(context.elementId, 'timer-without-definition', 'The timer has no timeDate, timeDuration or timeCycle.');
    return null;
  }
  if (candidates.length > 1) {
    context.diagnostics.problem(context.elementId, 'invalid-timer', 'The timer has more than one of timeDate, timeDuration and timeCycle.');
  }
  const [type, raw] = candidates[0] as readonly ['date' | 'duration' | 'cycle', string];
  const site: ExpressionSite = { diagnostics: context.diagnostics, elementId: context.elementId, what: `timer ${type}` };
  if (isExpressionText(raw)) {
    const expression = readExpression(site, raw);
    return { type, value: expression === null ? { static: raw } : { expression } };
  }
  const valid = type === 'date' ? isIsoDateTime(raw) : type === 'duration' ? isIsoDuration(raw) : isIsoRepeatingInterval(raw);
  if (!valid) {
    const expected =
      type === 'date'
        ? 'an ISO 8601 date-time such as 2026-12-31T09:00:00Z'
        : type === 'duration'
          ? 'an ISO 8601 duration such as PT30M'
          : 'an ISO 8601 repeating interval such as R/PT1H or R3/PT10M (cron is not supported)';
    context.diagnostics.problem(context.elementId, 'invalid-timer', `The timer ${type} "${raw}" is not ${expected}.`);
  }
  return { type, value: { static: raw.trim() } };
}
