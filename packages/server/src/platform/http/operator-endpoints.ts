import { createHash, timingSafeEqual } from 'node:crypto';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { apiDocsEnabled, type Config } from '../../config/config.ts';
import { httpProblems } from './problem.ts';

// An endpoint that is switched off answers like one that does not exist (the problem handler's
// route-not-found), and is registered explicitly so the console's client-side-route fallback
// does not answer it with index.html.
const notServed = async (_request: FastifyRequest, reply: FastifyReply) => reply.callNotFound();

/**
 * Swagger UI at /docs and the OpenAPI document at /openapi.json: DOCKET_API_DOCS, on by default
 * only on a loopback HOST. The document lists every operation and schema, which helps an
 * attacker survey a reachable install more than it helps its users (the typed client and
 * docs/ carry the same for developers).
 */
export async function registerApiDocs(app: FastifyInstance, config: Config): Promise<void> {
  if (!apiDocsEnabled(config)) {
    for (const url of ['/openapi.json', '/docs', '/docs/*']) app.get(url, { schema: { hide: true } }, notServed);
    return;
  }
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Prometheus metrics at /metrics, for a scraper that sends `Authorization: Bearer
 * <DOCKET_METRICS_TOKEN>`. Without a configured token the endpoint is not served at all: metrics
 * show versions, routes and load, which are nobody else's business.
 */
export function registerMetricsEndpoint(app: FastifyInstance, registry: Registry, config: Config): void {
  const token = config.metricsToken;
  if (!token) {
    app.get('/metrics', { schema: { hide: true } }, notServed);
    return;
  }
  const expected = digest(`Bearer ${token}`);
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const given = request.headers.authorization;
    // Compared as digests in constant time: equal length, and no timing hint about the prefix.
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      throw httpProblems.unauthenticated({ detail: 'Send the metrics token: Authorization: Bearer <DOCKET_METRICS_TOKEN>' });
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
