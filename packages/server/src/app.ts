import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import { sharedResponseSerializers } from './platform/http/response-serializers.ts';
import type { AppDeps } from './app-deps.ts';
import { registerProblemHandler, sendFrameworkError } from './platform/http/problem-handler.ts';
import { registerInputGuard } from './platform/http/input-guard.ts';
import { registerMetrics, registerScrapeMetrics } from './platform/metrics/index.ts';
import { registerCsrfProtection } from './platform/http/csrf.ts';
import { registerWebConsole } from './platform/http/web-console.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerApiDocs, registerMetricsEndpoint } from './platform/http/operator-endpoints.ts';
import { documentOperation, markAuthenticatedRoutes, registerOperationNames } from './platform/http/openapi.ts';
import { accessRoutes, accessSchemas, assertAllowed, authenticate, organisationRoutes, organisationSchemas, publicAccessRoutes } from './modules/access/index.ts';
import { mfaRoutes, publicMfaRoutes, publicOidcRoutes, sessionRoutes, sessionSchemas, signInOptionsFromConfig, type SignInOptions } from './modules/access/index.ts';
import { caseRoutes, caseSchemas, caseTypeRoutes, caseTypeSchemas, collaborationRoutes, collaborationSchemas } from './modules/cases/index.ts';
import { insertAuditEvent, ledgerRoutes, ledgerSchemas, publicAuditRoutes } from './modules/audit/index.ts';
import { caseHistoryRoutes, caseHistorySchemas } from './modules/case-history/index.ts';
import { approvalRoutes, approvalSchemas, extraRoutes, extraSchemas, processRoutes, processSchemas, subscribeProcessWork, taskRoutes, taskSchemas } from './modules/process/index.ts';
import { decisionRoutes, decisionSchemas } from './modules/decisions/index.ts';
import { notificationRoutes, notificationSchemas } from './modules/notifications/index.ts';
import { slaRoutes, slaSchemas, subscribeSlaClocks } from './modules/sla/index.ts';
import { routingRoutes, routingSchemas, subscribeRouting } from './modules/routing/index.ts';
import { integrationRoutes, integrationSchemas, publicFormRoutes } from './modules/integration/index.ts';
import { knowledgeRoutes, knowledgeSchemas, publicKnowledgeRoutes, subscribeKnowledgeCaseIndex } from './modules/knowledge/index.ts';
import { analyticsRoutes, analyticsSchemas } from './modules/analytics/index.ts';
import { objectsRoutes, objectsSchemas } from './modules/objects/index.ts';
import { automationRoutes, automationSchemas, subscribeAutomationRules, subscribeDateTriggers } from './modules/automation/index.ts';
import { assistRoutes, assistSchemas, subscribeQualityInspection } from './modules/assist/index.ts';
import type { Problem } from './platform/http/problem.ts';
import { isAllowed } from './modules/access/index.ts';
import { TestClock, testClockRoutes } from './platform/clock/index.ts';
import type { FastifyRequest } from 'fastify';

export interface BuildAppOptions {
  logger?: FastifyBaseLogger;
  /** MFA, single sign-on and the master key; from deps.config when not given. */
  signIn?: SignInOptions;
}

/** The Fastify instance with every module's routes; it never listens (main.ts does). */
export async function buildApp(deps: AppDeps, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    trustProxy: deps.config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
    frameworkErrors: sendFrameworkError,
    schemaController: { compilersFactory: { buildSerializer: sharedResponseSerializers() } },
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorateRequest('principal', null);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  registerSecurityHeaders(app);
  await registerProblemHandler(app, { onForbidden: (request, problem) => recordDenial(deps, request, problem) });
  registerInputGuard(app);
  const metrics = registerMetrics(app, deps.metrics);
  registerScrapeMetrics(metrics, deps.database, options.logger);
  await app.register(cookie);
  registerCsrfProtection(app);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: deps.config.attachmentMaxBytes, files: 1, fields: 10 }, throwFileSizeLimit: false });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Docket API',
        version: '1',
        description: 'Cases, case types, sign-in and audit of Docket. Errors are RFC 9457 problem documents; see /problems/{type} in docs/problems.md.',
      },
      // Relative: the document describes the server that serves it, wherever it is deployed.
      servers: [{ url: '/', description: 'The Docket server that serves this document' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'docket_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transform: documentOperation,
  });
  registerOperationNames(app);
  // Process work inside other commands (a case's process, a task's department role), for as long as this app lives.
  const unsubscribeProcessWork = subscribeProcessWork(deps.commands.subscribers);
  app.addHook('onClose', async () => unsubscribeProcessWork());
  // SLA clocks follow cases and process tasks inside the same commands (issue 16).
  const unsubscribeSlaClocks = subscribeSlaClocks(deps.commands.subscribers);
  app.addHook('onClose', async () => unsubscribeSlaClocks());
  // The router places each case created, reopened or changed, and each process task (issue 17).
  const unsubscribeRouting = subscribeRouting(deps.commands.subscribers);
  app.addHook('onClose', async () => unsubscribeRouting());
  // The words of each case for similar-case suggestions, after routing placed it (issue 19).
  const unsubscribeKnowledgeCaseIndex = subscribeKnowledgeCaseIndex(deps.commands.subscribers);
  app.addHook('onClose', async () => unsubscribeKnowledgeCaseIndex());
  // A record whose date field is due today after today's scan gets its date-rule run (issue 21).
  const unsubscribeDateTriggers = subscribeDateTriggers(deps.commands.subscribers);
  app.addHook('onClose', async () => unsubscribeDateTriggers());
  // Automation rules (issue 21): each matching enabled rule is scheduled as a job in the command's transaction.
  const unsubscribeAutomationRules = subscribeAutomationRules(deps.commands.subscribers, { db: deps.database.db });
  app.addHook('onClose', async () => unsubscribeAutomationRules());
  // Quality inspection (issue 22): a case finished schedules its inspection.
  const unsubscribeQualityInspection = subscribeQualityInspection(deps.commands.subscribers);
  app.addHook('onClose', async () => unsubscribeQualityInspection());
  for (const schema of [
    ...accessSchemas,
    ...sessionSchemas,
    ...organisationSchemas,
    ...caseTypeSchemas,
    ...caseSchemas,
    ...collaborationSchemas,
    ...ledgerSchemas,
    ...caseHistorySchemas,
    ...taskSchemas,
    ...approvalSchemas,
    ...extraSchemas,
    ...processSchemas,
    ...decisionSchemas,
    ...notificationSchemas,
    ...slaSchemas,
    ...routingSchemas,
    ...integrationSchemas,
    ...knowledgeSchemas,
    ...analyticsSchemas,
    ...objectsSchemas,
    ...automationSchemas,
    ...assistSchemas,
  ])
    app.addSchema(schema);
  await registerApiDocs(app, deps.config);
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const notReady = (detail: string, extensions: object = {}) =>
      reply
        .code(503)
        .type('application/problem+json')
        .send({ type: '/problems/service-unavailable', title: 'Docket is not ready', status: 503, detail, ...extensions });
    try {
      await deps.database.pool.query('SELECT 1');
    } catch {
      return notReady('The database does not answer');
    }
    const workers = deps.workers?.health() ?? [];
    const unhealthy = workers.filter((w) => !w.ok);
    if (unhealthy.length > 0) return notReady(`Not healthy: ${unhealthy.map((w) => `${w.name} (${w.detail ?? 'no detail'})`).join(', ')}`, { workers });
    return { status: 'ready', ...(deps.workers ? { workers } : {}) };
  });
  registerMetricsEndpoint(app, metrics, deps.config);

  await app.register(publicAccessRoutes, { prefix: '/api/v1', deps });
  // The customer's web form and tracking page (issue 18): no sign-in, as system:ingest:web-form.
  await app.register(publicFormRoutes, { prefix: '/api/v1', deps });
  // The web form's customer-facing knowledge answers (issue 19): no sign-in, rate-limited.
  await app.register(publicKnowledgeRoutes, { prefix: '/api/v1', deps });
  await app.register(publicAuditRoutes, { prefix: '/api/v1', deps });
  const signIn = options.signIn ?? signInOptionsFromConfig(deps.config);
  await app.register(publicMfaRoutes, { prefix: '/api/v1', deps, signIn });
  await app.register(publicOidcRoutes, { prefix: '/api/v1', deps, signIn });
  await app.register(async (authed) => {
    authed.addHook('onRequest', authenticate(deps.database.db, deps.clock));
    markAuthenticatedRoutes(authed);
    await authed.register(accessRoutes, { prefix: '/api/v1', deps });
    await authed.register(mfaRoutes, { prefix: '/api/v1', deps, signIn });
    await authed.register(sessionRoutes, { prefix: '/api/v1', deps });
    await authed.register(organisationRoutes, { prefix: '/api/v1', deps });
    await authed.register(caseTypeRoutes, { prefix: '/api/v1', deps });
    await authed.register(caseRoutes, { prefix: '/api/v1', deps });
    await authed.register(collaborationRoutes, { prefix: '/api/v1', deps });
    await authed.register(caseHistoryRoutes, { prefix: '/api/v1', deps });
    await authed.register(taskRoutes, { prefix: '/api/v1', deps });
    await authed.register(approvalRoutes, { prefix: '/api/v1', deps });
    await authed.register(extraRoutes, { prefix: '/api/v1', deps });
    await authed.register(decisionRoutes, { prefix: '/api/v1', deps });
    await authed.register(ledgerRoutes, { prefix: '/api/v1', deps, assertAllowed });
    await authed.register(processRoutes, { prefix: '/api/v1', deps });
    await authed.register(notificationRoutes, { prefix: '/api/v1', deps });
    await authed.register(slaRoutes, { prefix: '/api/v1', deps });
    await authed.register(routingRoutes, { prefix: '/api/v1', deps });
    await authed.register(integrationRoutes, { prefix: '/api/v1', deps });
    await authed.register(knowledgeRoutes, { prefix: '/api/v1', deps });
    await authed.register(analyticsRoutes, { prefix: '/api/v1', deps });
    await authed.register(objectsRoutes, { prefix: '/api/v1', deps });
    await authed.register(automationRoutes, { prefix: '/api/v1', deps });
    await authed.register(assistRoutes, { prefix: '/api/v1', deps });
    // DOCKET_TEST_CLOCK=true only: otherwise the route does not exist (404 route-not-found).
    if (deps.clock instanceof TestClock) {
      const workers = deps.workers;
      await authed.register(testClockRoutes, {
        prefix: '/api/v1',
        clock: deps.clock,
        runDue: async (now) => workers?.runDue(now),
        mayMoveClock: (principal) => isAllowed(principal, 'user:admin'),
        recordMove: ({ by, from, to, requestId, clientIp }) =>
          insertAuditEvent(deps.database.db, {
            occurredAt: to,
            actorId: by.userId,
            actorName: by.username,
            action: 'test-clock.moved',
            targetType: 'test-clock',
            targetId: 'test-clock',
            reason: null,
            requestId,
            clientIp,
            channel: by.kind === 'api-token' ? 'api' : 'web',
            data: { from: from.toISOString(), to: to.toISOString() },
          }),
        log: options.logger,
      });
    }
  });
  await registerWebConsole(app);
  return app;
}

/** Permission denials are audit events of their own: the refused command's transaction is gone. */
async function recordDenial(deps: AppDeps, request: FastifyRequest, problem: Problem): Promise<void> {
  const principal = request.principal;
  await insertAuditEvent(deps.database.db, {
    occurredAt: deps.clock.now(),
    actorId: principal?.userId ?? null,
    actorName: principal?.username ?? null,
    action: 'access.denied',
    targetType: 'request',
    targetId: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
    reason: problem.detail ?? problem.title,
    requestId: request.id,
    clientIp: request.ip ?? null,
    channel: principal?.kind === 'api-token' ? 'api' : 'web',
    data: { problem: problem.type, action: problem.extensions.action ?? null },
  });
}
