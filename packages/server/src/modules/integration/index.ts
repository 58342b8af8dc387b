/**
 * The integration module (issue 18): signed webhooks, broker ingestion (NATS JetStream, AMQP) with
 * write-back, e-mail in and out, the public web form, business metrics. See README.md.
 */
export { integrationRoutes, integrationSchemas } from './routes.ts';
// E-mail in and out (part D).
export { createMailbox, updateMailbox, deleteMailbox, type MailboxRow } from './email/mailboxes.ts';
export { createMailListener, type MailListener, type MailListenerOptions } from './email/mail-listener.ts';
export { registerEmailJobs, EMAIL_SEND_JOB_KIND, type EmailSendOptions } from './email/send-reply.ts';
// Webhooks (part A): the command the seed calls, the outbox subscriber and the delivery worker main.ts wires, the signature other parts sign with.
export { createWebhook } from './webhooks/webhook-commands.ts';
export { createWebhookFanOut } from './webhooks/fan-out.ts';
export { createWebhookDeliveryWorker, type WebhookDeliveryWorker, type WebhookDeliveryWorkerOptions } from './webhooks/delivery-worker.ts';
export { signatureHeader, verifySignature } from './webhooks/signature.ts';
// Outbound calls to a URL an administrator configured (the objects lookup connector, issue 21): the same address guard as webhooks.
export { guardedLookup, RefusedAddressError, webhookUrlProblem as outboundUrlProblem } from './webhooks/url-check.ts';
export { jsonPathProblem } from './sources/mapping.ts';
export type { WebhookRow } from './webhooks/webhook-store.ts';
// Ingestion sources (part B): the core the broker consumers and the http transport share.
export { ingestSourceMessages, type SourceMessage, type SourceMessageResult, type IngestDeps, type IngestCallOptions } from './sources/ingest-messages.ts';
export { listActiveSources, findSource, findCallbackSecret, type IngestSourceRow } from './sources/source-store.ts';
export { createIngestSource } from './sources/source-commands.ts';
export { publicFormRoutes } from './public-forms/routes.ts';
export { createPublicForm } from './public-forms/public-form-commands.ts';
export type { PublicFormRow } from './public-forms/form-store.ts';
// Brokers (part C): NATS JetStream / AMQP consumers, their supervisor and the write-back subscriber.
export { createBrokerIntegration, type BrokerIntegration, type BrokerIntegrationDeps } from './consumers/wiring.ts';
