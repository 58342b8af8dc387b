import { defineProblem } from '../../platform/http/problem.ts';

/** Problem types of the integration module; each part adds its own here (documented in docs/problems.md). */
export const integrationProblems = {
  webhookNotFound: defineProblem({ type: 'webhook-not-found', status: 404, title: 'Webhook not found' }),
  webhookVersionStale: defineProblem({ type: 'webhook-version-stale', status: 412, title: 'The webhook changed since you read it' }),
  deliveryNotFound: defineProblem({ type: 'webhook-delivery-not-found', status: 404, title: 'Webhook delivery not found' }),
  sourceNotFound: defineProblem({ type: 'ingest-source-not-found', status: 404, title: 'Ingestion source not found' }),
  sourceExists: defineProblem({ type: 'ingest-source-exists', status: 409, title: 'An ingestion source with this key exists' }),
  sourceVersionStale: defineProblem({ type: 'ingest-source-version-stale', status: 412, title: 'The ingestion source changed since you read it' }),
  deadLetterNotFound: defineProblem({ type: 'dead-letter-not-found', status: 404, title: 'Dead letter not found' }),
  sourceNotHttp: defineProblem({ type: 'ingest-source-not-http', status: 409, title: 'This source takes its messages from a broker, not over HTTP' }),
  sourceInactive: defineProblem({ type: 'ingest-source-inactive', status: 409, title: 'This ingestion source is switched off' }),
  mailboxNotFound: defineProblem({ type: 'mailbox-not-found', status: 404, title: 'Mailbox not found' }),
  mailboxExists: defineProblem({ type: 'mailbox-exists', status: 409, title: 'A mailbox with this key or address exists' }),
  mailboxVersionStale: defineProblem({ type: 'mailbox-version-stale', status: 412, title: 'The mailbox changed since you read it' }),
};
