export { createMetricsRegistry, registerMetrics } from './metrics.ts';
export { createMetricsSubscriber, METRICS_SUBSCRIBER, registerScrapeMetrics, type MetricsLogger } from './business-metrics.ts';
export { boundedLabel, type BoundedLabel } from './bounded-label.ts';
