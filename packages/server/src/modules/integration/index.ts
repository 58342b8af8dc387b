/**
 * The integration module (issue 18): signed webhooks, broker ingestion (NATS JetStream, AMQP) with
 * write-back, e-mail in and out, the public web form, business metrics. See README.md.
 */
export { integrationRoutes, integrationSchemas } from './routes.ts';
// Ingestion sources (part B): the core the broker consumers and the http transport share.
export { ingestSourceMessages, type SourceMessage, type SourceMessageResult, type IngestDeps, type IngestCallOptions } from './sources/ingest-messages.ts';
export { listActiveSources, findSource, findCallbackSecret, type IngestSourceRow } from './sources/source-store.ts';
export { createIngestSource } from './sources/source-commands.ts';
// Brokers (part C): NATS JetStream / AMQP consumers, their supervisor and the write-back subscriber.
export { createBrokerIntegration, type BrokerIntegration, type BrokerIntegrationDeps } from './consumers/wiring.ts';
