import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * The process's one registry: main.ts creates it before the workers so that the HTTP server, the
 * outbox dispatcher and every worker register on the registry /metrics serves.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'docket_' });
  return registry;
}

/** Request durations labelled by route pattern (never by id), on the given registry (a new one when none is given). */
export function registerMetrics(app: FastifyInstance, registry: Registry = createMetricsRegistry()): Registry {
  const duration = new Histogram({
    name: 'docket_http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe({ method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  return registry;
}
