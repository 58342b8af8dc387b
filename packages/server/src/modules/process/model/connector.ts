import type { ConnectorDef, StaticOrExpression } from '../graph.ts';
import { evaluateFeel } from '../../../platform/feel/index.ts';
import { type ExpressionSite, readExpression, readLiteralOrExpression, readStaticOrExpression } from './expressions.ts';
import { isIsoDuration } from './iso-time.ts';
import { type ModdleElement, childrenOf, extensionOf, stringOf } from './moddle-element.ts';
import type { ElementReadContext } from './read-context.ts';
import { camundaStyleAttribute } from './vendor-attributes.ts';

/** The Zeebe REST connector's task type; Docket runs it with its own HTTP connector. */
export const ZEEBE_HTTP_CONNECTOR_TYPE = 'io.camunda:http-json:1';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const DEFAULTS = { timeoutMs: 10_000, retries: 3, retryBackoff: 'PT10S' } as const;
const JAVA_IMPLEMENTATIONS = ['class', 'delegateExpression', 'expression'] as const;

/**
 * What a service, send or business-rule task calls. Java delegates cannot run in Docket: they are
 * refused with a pointer to the two things that can — a Docket connector or an external topic that
 * a worker completes through the API. A task with no implementation completes at once.
 */
export function readConnector(element: ModdleElement, context: ElementReadContext): ConnectorDef | undefined {
  refuseJavaImplementations(element, context);
  const docket = extensionOf(element, 'docket:Connector');
  if (docket) return readDocketConnector(docket, context);
  const taskDefinition = extensionOf(element, 'zeebe:TaskDefinition');
  const taskType = stringOf(taskDefinition, 'type')?.trim();
  if (taskType === ZEEBE_HTTP_CONNECTOR_TYPE) return readZeebeHttpConnector(element, taskDefinition, context);
  if (taskType) return { type: 'none', externalTopic: taskType };
  if (camundaStyleAttribute(element, 'type') === 'external') {
    const topic = camundaStyleAttribute(element, 'topic')?.trim();
    if (!topic) context.diagnostics.problem(context.elementId, 'invalid-extension', 'camunda:type="external" needs a camunda:topic.');
    return { type: 'none', externalTopic: topic ?? null };
  }
  return undefined;
}

export function refuseJavaImplementations(element: ModdleElement, context: ElementReadContext): void {
  const found: string[] = JAVA_IMPLEMENTATIONS.filter((name) => camundaStyleAttribute(element, name) !== undefined);
  const vendorType = camundaStyleAttribute(element, 'type');
  if (vendorType !== undefined && vendorType !== 'external') found.push(`type="${vendorType}"`);
  if (extensionOf(element, 'camunda:Connector')) found.push('camunda:connector');
  if (found.length === 0) return;
  context.diagnostics.problem(
    context.elementId,
    'unsupported-implementation',
    `The task is implemented in Java (${found.join(', ')}), which cannot run in Docket. Use a Docket connector (docket:connector type="http" or "publish-event") or an external topic (camunda:type="external" camunda:topic, or a zeebe:taskDefinition type) that a worker completes through the API.`,
  );
}

function readDocketConnector(connector: ModdleElement, context: ElementReadContext): ConnectorDef | undefined {
  const site = (what: string): ExpressionSite => ({ diagnostics: context.diagnostics, elementId: context.elementId, what });
  const type = stringOf(connector, 'type')?.trim() ?? 'http';
  if (type === 'publish-event') {
    const eventType = stringOf(connector, 'eventType')?.trim();
    if (!eventType) context.diagnostics.problem(context.elementId, 'invalid-extension', 'docket:connector type="publish-event" needs an eventType.');
    return { type: 'publish-event', publishEvent: { eventType: eventType ?? '', payload: readExpression(site('event payload'), stringOf(connector, 'payload')) } };
  }
  if (type === 'external') {
    const topic = stringOf(connector, 'topic')?.trim();
    if (!topic) context.diagnostics.problem(context.elementId, 'invalid-extension', 'docket:connector type="external" needs a topic.');
    return { type: 'none', externalTopic: topic ?? null };
  }
  if (type !== 'http') {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `docket:connector type must be http, publish-event or external; it is "${type}".`);
    return undefined;
  }
  const headers: Record<string, string> = {};
  for (const header of childrenOf(connector, 'headers')) {
    const name = stringOf(header, 'name')?.trim();
    if (name) headers[name] = stringOf(header, 'value') ?? '';
  }
  const body = readExpression(site('request body'), stringOf(connector, 'body'));
  return {
    type: 'http',
    http: {
      method: readMethod(stringOf(connector, 'method'), body !== null, context),
      url: readUrl(readStaticOrExpression(site('url'), stringOf(connector, 'url')), stringOf(connector, 'url'), context),
      headers,
      body,
      timeoutMs: readPositive(connector.timeoutMs, DEFAULTS.timeoutMs, 'timeoutMs', context),
      retries: readPositive(connector.retries, DEFAULTS.retries, 'retries', context, true),
      retryBackoff: readBackoff(stringOf(connector, 'retryBackoff'), context),
      resultVariable: stringOf(connector, 'resultVariable')?.trim() || null,
    },
  };
}

function readZeebeHttpConnector(element: ModdleElement, taskDefinition: ModdleElement | undefined, context: ElementReadContext): ConnectorDef {
  const site = (what: string): ExpressionSite => ({ diagnostics: context.diagnostics, elementId: context.elementId, what });
  const inputs = new Map(childrenOf(extensionOf(element, 'zeebe:IoMapping'), 'inputParameters').map((input) => [stringOf(input, 'target') ?? '', stringOf(input, 'source')]));
  const taskHeaders = new Map(childrenOf(extensionOf(element, 'zeebe:TaskHeaders'), 'values').map((header) => [stringOf(header, 'key') ?? '', stringOf(header, 'value')]));
  const rawUrl = inputs.get('url');
  const timeoutSeconds = Number(feelLiteral(inputs.get('readTimeoutInSeconds') ?? inputs.get('connectionTimeoutInSeconds')));
  // Zeebe's job retries count every attempt (3 by default); Docket's count the calls after the first.
  const attempts = Number(stringOf(taskDefinition, 'retries') ?? 3);
  return {
    type: 'http',
    http: {
      method: readMethod(feelLiteral(inputs.get('method')), inputs.has('body'), context),
      url: readUrl(readStaticOrExpression(site('url'), rawUrl), rawUrl, context),
      headers: readZeebeHeaders(inputs.get('headers'), context),
      body: readLiteralOrExpression(site('request body'), inputs.get('body')),
      timeoutMs: Number.isFinite(timeoutSeconds) && timeoutSeconds > 0 ? timeoutSeconds * 1000 : DEFAULTS.timeoutMs,
      retries: Number.isInteger(attempts) && attempts >= 0 ? Math.max(0, attempts - 1) : 2,
      retryBackoff: readBackoff(taskHeaders.get('retryBackoff'), context),
      resultVariable: taskHeaders.get('resultVariable')?.trim() || null,
    },
  };
}

/** `=30` or `30`, `="POST"` or `POST`: the literal a connector template wrote. */
function feelLiteral(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const text = raw.trim().replace(/^=\s*/, '');
  return /^"(.*)"$/.test(text) ? text.slice(1, -1) : text;
}

function readZeebeHeaders(raw: string | undefined, context: ElementReadContext): Record<string, string> {
  if (!raw?.trim()) return {};
  try {
    const value = evaluateFeel(raw, {});
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([name, header]) => [name, String(header)]));
    }
  } catch {
    // reported below
  }
  context.diagnostics.problem(context.elementId, 'unsupported-expression', 'The connector headers must be a FEEL context of fixed values, such as ={"Accept": "application/json"}.');
  return {};
}

function readMethod(raw: string | undefined, hasBody: boolean, context: ElementReadContext): string {
  const method = raw?.trim().toUpperCase() || (hasBody ? 'POST' : 'GET');
  if (!HTTP_METHODS.includes(method)) context.diagnostics.problem(context.elementId, 'invalid-extension', `The HTTP method "${raw}" is not one of ${HTTP_METHODS.join(', ')}.`);
  return method;
}

function readUrl(url: StaticOrExpression | null, raw: string | undefined, context: ElementReadContext): StaticOrExpression {
  if (url === null) {
    if (!raw?.trim()) context.diagnostics.problem(context.elementId, 'invalid-extension', 'The HTTP connector needs a url.');
    return { static: '' };
  }
  if (url.static !== undefined && !/^https?:\/\//i.test(url.static)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `The connector url "${url.static}" must start with http:// or https://.`);
  }
  return url;
}

function readPositive(value: unknown, fallback: number, name: string, context: ElementReadContext, zeroAllowed = false): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `docket:connector ${name} must be a whole number${zeroAllowed ? '' : ' above 0'}.`);
    return fallback;
  }
  return value;
}

function readBackoff(raw: string | undefined, context: ElementReadContext): string {
  if (!raw?.trim()) return DEFAULTS.retryBackoff;
  if (!isIsoDuration(raw)) {
    context.diagnostics.problem(context.elementId, 'invalid-extension', `The retry back-off "${raw}" is not an ISO 8601 duration such as PT10S.`);
    return DEFAULTS.retryBackoff;
  }
  return raw.trim();
}
