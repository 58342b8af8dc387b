export { createIngestConsumers, type IngestConsumers, type IngestConsumersOptions } from './supervisor.ts';
export { ingestMetrics, type IngestMetrics } from './metrics.ts';
export type { ConsumedMessage, ConsumedResult, ConsumerSource, IngestBatch } from './types.ts';
