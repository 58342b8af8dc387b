/**
 * The integration module (issue 18): signed webhooks, broker ingestion (NATS JetStream, AMQP) with
 * write-back, e-mail in and out, the public web form, business metrics. See README.md.
 */
export { integrationRoutes, integrationSchemas } from './routes.ts';
export { publicFormRoutes } from './public-forms/routes.ts';
export { createPublicForm } from './public-forms/public-form-commands.ts';
export type { PublicFormRow } from './public-forms/form-store.ts';
