import type { FastifyInstance, RouteOptions } from 'fastify';
import { Type } from '@sinclair/typebox';
import { OPERATIONS, type OperationEntry } from './openapi-operations.ts';

/** RFC 9457 problem details, as sendProblem (problem-handler.ts) writes them; extension members vary by type. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'Stable problem type, `/problems/<slug>`; every slug is described in docs/problems.md', examples: ['/problems/validation-failed'] }),
    title: Type.String(),
    status: Type.Integer({ minimum: 400, maximum: 599 }),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String({ description: 'The request path' })),
    requestId: Type.Optional(Type.String()),
    retryable: Type.Optional(Type.Boolean()),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ examples: ['fields.residentId'] }),
          reason: Type.String(),
          code: Type.Optional(Type.String({ examples: ['required', 'check-digit'] })),
          params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
        }),
        { description: 'For validation-failed: one entry per offending field' },
      ),
    ),
  },
  { $id: 'Problem', additionalProperties: true },
);

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed or some fields are invalid',
  401: 'Not signed in, or the credentials are wrong',
  403: 'Signed in, but not allowed to do this',
  404: 'Not found, or not visible to you',
  409: 'Conflicts with the current state',
  412: 'The resource changed since you read it (If-Match)',
  413: 'The request body is too large',
  415: 'This content type is not accepted here',
  422: 'Understood, but refused as it stands',
  423: 'The account is locked for a while',
  428: 'Send If-Match with the version you read',
  429: 'Too many requests; slow down',
};

/** "METHOD /path" with the path as OpenAPI spells it: /cases/:id → /cases/{id}. */
export function operationKey(method: string, url: string): string {
  return `${method} ${url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}

const isDocumented = (route: Pick<RouteOptions, 'method' | 'schema'>) => route.method !== 'HEAD' && !(route.schema as { hide?: boolean } | undefined)?.hide;

/** Where a route's facts are kept between onRoute and the document: its config (read-only at runtime). */
interface RouteDocConfig {
  authenticated?: boolean;
  rateLimit?: unknown;
}

/**
 * Names every documented route from the catalogue (openapi-operations.ts) as it is added, and
 * registers the Problem schema. A route the catalogue lacks gets no name here (the server still
 * starts); test/architecture/openapi.test.ts fails on it.
 */
export function registerOperationNames(app: FastifyInstance): void {
  app.addSchema(ProblemSchema);
  app.addHook('onRoute', (route) => {
    if (!isDocumented(route)) return;
    for (const method of [route.method].flat()) {
      const entry = OPERATIONS[operationKey(method, route.url)];
      // A copy: routes may share one schema object, and each has a name of its own.
      if (entry) route.schema = { ...route.schema, operationId: entry.operationId } as RouteOptions['schema'];
    }
  });
}

/** In the encapsulated context that authenticates: its routes answer 401 and 403 and need credentials. */
export function markAuthenticatedRoutes(authed: FastifyInstance): void {
  authed.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object), authenticated: true } as RouteOptions['config'];
  });
}

type Schema = Record<string, unknown> & { response?: Record<string, unknown>; headers?: { properties?: Record<string, unknown> } };

/** The 4xx statuses a route can answer, from what it is, plus the catalogue's extras. */
export function problemStatusesOf(schema: Schema | undefined, config: RouteDocConfig, entry: OperationEntry | undefined): number[] {
  const statuses = new Set<number>(entry?.problems ?? []);
  if (config.authenticated) for (const s of [401, 403]) statuses.add(s);
  if (schema?.params) statuses.add(404);
  if (schema?.params || schema?.querystring || schema?.headers) statuses.add(400);
  if (schema?.body) for (const s of [400, 413, 415]) statuses.add(s);
  const headers = Object.keys(schema?.headers?.properties ?? {}).map((h) => h.toLowerCase());
  if (headers.includes('if-match')) for (const s of [412, 428]) statuses.add(s);
  if (headers.includes('idempotency-key')) statuses.add(422);
  if (config.rateLimit) statuses.add(429);
  return [...statuses].sort((a, b) => a - b);
}

const problemResponse = (status: number) => ({
  description: PROBLEM_DESCRIPTIONS[status] ?? 'A problem',
  content: { 'application/problem+json': { schema: Type.Ref('Problem') } },
});

/**
 * @fastify/swagger's transform: the document's view of a route, never the runtime's. Problem
 * responses are added here and not to the route's response schemas, because Fastify serializes
 * with those, and a problem's extension members vary by type (they must pass through as sent).
 */
export function documentOperation({ schema, url, route }: { schema: unknown; url: string; route: RouteOptions }): { schema: Schema; url: string } {
  const given = (schema ?? {}) as Schema;
  if (!isDocumented(route)) return { schema: given, url };
  const config = (route.config ?? {}) as RouteDocConfig;
  const entry = OPERATIONS[operationKey([route.method].flat()[0]!, route.url)];
  const response: Record<string, unknown> = { ...(entry?.responses ?? given.response ?? {}) };
  for (const status of problemStatusesOf(given, config, entry)) response[status] ??= problemResponse(status);
  return {
    url,
    schema: {
      ...given,
      response,
      // Public routes say so, else generators would send the document-wide credentials.
      ...(config.authenticated ? {} : { security: [] }),
    },
  };
}
