/**
 * TypeBox schemas of the integration API (issue 18): webhooks, ingestion sources and their dead
 * letters, mailboxes. The contract the parts implement and the console's typed client is generated
 * from. Each part's routes file uses these; add to them, do not fork them.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../platform/http/string-enum.ts';

const Uuid = Type.String({ format: 'uuid' });
const Key = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', description: 'Lower-case letters, digits and dashes; fixed once created' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });
const FieldErrors = Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }));

export const KeyParams = Type.Object({ key: Key });
export const IdParams = Type.Object({ id: Uuid });
export const ListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

// ---- webhooks -----------------------------------------------------------------------------

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'retrying', 'succeeded', 'dead'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

const WebhookFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  url: Type.String({ minLength: 8, maxLength: 2000, pattern: '^https?://', description: 'Where deliveries are POSTed (https, or http inside the bank network)' }),
  eventTypes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
    minItems: 1,
    maxItems: 100,
    description: "Domain event types from GET /webhooks/event-types ('case.created', …), or ['*'] for all",
  }),
  caseTypes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 200, description: 'Only cases of these types; empty: any' })),
  departmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 200, description: 'Only cases in these departments or below; empty: any' })),
  ownerId: Type.Optional(Uuid),
  active: Type.Optional(Type.Boolean()),
};

export const CreateWebhookBody = Type.Object(WebhookFields, {
  additionalProperties: false,
  description: 'ownerId: whose read permissions and field rules the deliveries are cut to (default: the caller)',
});
export const UpdateWebhookBody = Type.Object(WebhookFields, { additionalProperties: false, description: 'The whole webhook as it should be (If-Match: its version)' });

export const WebhookSchema = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    url: Type.String(),
    eventTypes: Type.Array(Type.String()),
    caseTypes: Type.Array(Type.String()),
    departmentIds: Type.Array(Uuid),
    ownerId: Uuid,
    ownerName: Nullable(Type.String()),
    active: Type.Boolean(),
    secretHint: Type.String({ description: 'The last 4 characters of the signing secret' }),
    secretRotatedAt: DateTime,
    previousSecretValidUntil: Nullable(DateTime),
    stats: Type.Object({
      pending: Type.Integer(),
      retrying: Type.Integer(),
      dead: Type.Integer(),
      lastDeliveredAt: Nullable(DateTime),
      lastFailureAt: Nullable(DateTime),
    }),
    version: Type.Integer(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Webhook' },
);
export const WebhookListSchema = Type.Object({ items: Type.Array(Type.Ref('Webhook')) }, { $id: 'WebhookList' });
export const WebhookWithSecretSchema = Type.Object(
  { webhook: Type.Ref('Webhook'), secret: Type.String({ description: 'Shown once: store it now; Docket keeps it encrypted and never shows it again' }) },
  { $id: 'WebhookWithSecret' },
);
export const WebhookEventTypesSchema = Type.Object({ items: Type.Array(Type.Object({ type: Type.String(), description: Type.String() })) }, { $id: 'WebhookEventTypes' });

export const WebhookDeliverySchema = Type.Object(
  {
    id: Uuid,
    webhookId: Uuid,
    eventId: Type.String(),
    eventType: Type.String(),
    caseId: Nullable(Uuid),
    status: StringEnum(WEBHOOK_DELIVERY_STATUSES),
    attempts: Type.Integer(),
    nextAttemptAt: Nullable(DateTime),
    lastAttemptAt: Nullable(DateTime),
    responseStatus: Nullable(Type.Integer()),
    error: Nullable(Type.String({ description: 'Why the last attempt failed (status, timeout, connection refused); never the body sent' })),
    durationMs: Nullable(Type.Integer()),
    createdAt: DateTime,
    deliveredAt: Nullable(DateTime),
    replayOf: Nullable(Uuid),
  },
  { $id: 'WebhookDelivery' },
);
export const WebhookDeliveryListSchema = Type.Object({ items: Type.Array(Type.Ref('WebhookDelivery')), nextCursor: Nullable(Type.String()) }, { $id: 'WebhookDeliveryList' });
export const WebhookDeliveryQuery = Type.Object({ ...ListQuery.properties, status: Type.Optional(StringEnum(WEBHOOK_DELIVERY_STATUSES)) }, { additionalProperties: false });
export const WebhookDeliveryParams = Type.Object({ id: Uuid, deliveryId: Uuid });

// ---- ingestion sources ----------------------------------------------------------------------

export const INGEST_TRANSPORTS = ['nats', 'amqp', 'http'] as const;
export type IngestTransport = (typeof INGEST_TRANSPORTS)[number];
export const WRITE_BACK_TARGETS = ['none', 'nats', 'amqp', 'callback'] as const;
export const ON_EXISTING = ['ignore', 'update'] as const;

const FieldMapping = Type.Object(
  {
    target: Type.String({
      minLength: 1,
      maxLength: 120,
      description: "A case input field: 'type', 'title', 'description', 'priority', 'channel', 'dueAt', 'tags', 'fields.<key>', 'customer.<key>'",
    }),
    path: Type.Optional(Type.String({ minLength: 1, maxLength: 500, description: "JSONPath into the message, e.g. '$.alert.amount'" })),
    feel: Type.Optional(Type.String({ minLength: 1, maxLength: 4000, description: 'FEEL over the message (as `message`), e.g. `if message.score > 80 then "high" else "normal"`' })),
    value: Type.Optional(Type.Unknown({ description: 'A constant' })),
  },
  { additionalProperties: false, description: 'Exactly one of path, feel, value' },
);

export const IngestMappingSchema = Type.Object(
  {
    externalId: Type.String({ minLength: 1, maxLength: 500, description: 'JSONPath of the id the source gives the alert: with the source, what makes a message have one effect' }),
    caseType: Type.String({ minLength: 1, maxLength: 100, description: 'The case type, unless a field mapping targets type' }),
    fields: Type.Array(FieldMapping, { maxItems: 200 }),
  },
  { additionalProperties: false, $id: 'IngestMapping' },
);

const NatsSourceConfig = Type.Object(
  {
    stream: Type.String({ minLength: 1, maxLength: 200 }),
    subject: Type.String({ minLength: 1, maxLength: 200 }),
    durable: Type.String({ minLength: 1, maxLength: 200, description: 'The durable consumer every Docket process shares' }),
    deadLetterSubject: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
const AmqpSourceConfig = Type.Object(
  {
    queue: Type.String({ minLength: 1, maxLength: 200 }),
    deadLetterExchange: Type.String({ minLength: 1, maxLength: 200 }),
    deadLetterRoutingKey: Type.Optional(Type.String({ maxLength: 200 })),
    prefetch: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  },
  { additionalProperties: false },
);
const WriteBackConfig = Type.Object(
  {
    target: StringEnum(WRITE_BACK_TARGETS),
    subject: Type.Optional(Type.String({ maxLength: 200, description: 'nats: the subject outcomes are published to' })),
    exchange: Type.Optional(Type.String({ maxLength: 200, description: "amqp: the exchange ('' the default exchange)" })),
    routingKey: Type.Optional(Type.String({ maxLength: 200 })),
    url: Type.Optional(Type.String({ maxLength: 2000, pattern: '^https?://', description: 'callback: POSTed, signed like a webhook (Docket-Signature) with callbackSecret' })),
    callbackSecret: Type.Optional(
      Type.String({
        minLength: 16,
        maxLength: 200,
        writeOnly: true,
        description: 'callback: the shared signing secret; stored encrypted, never returned (callbackSecretSet says whether one is set); left out on update: kept',
      }),
    ),
    callbackSecretSet: Type.Optional(Type.Boolean({ readOnly: true })),
    events: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      maxItems: 50,
      description: "Which of the case's events are written back, e.g. ['case.created', 'case.status-changed']",
    }),
  },
  { additionalProperties: false },
);

const IngestSourceFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  transport: StringEnum(INGEST_TRANSPORTS),
  nats: Type.Optional(Nullable(NatsSourceConfig)),
  amqp: Type.Optional(Nullable(AmqpSourceConfig)),
  mapping: Type.Ref('IngestMapping'),
  onExisting: Type.Optional(StringEnum(ON_EXISTING, { description: 'A message whose external id already has a case: ignore (default) or update its mapped fields' })),
  writeBack: Type.Optional(Nullable(WriteBackConfig)),
  active: Type.Optional(Type.Boolean()),
};
export const CreateIngestSourceBody = Type.Object({ key: Key, ...IngestSourceFields }, { additionalProperties: false });
export const UpdateIngestSourceBody = Type.Object(IngestSourceFields, { additionalProperties: false, description: 'The whole source as it should be (If-Match: its version)' });

export const IngestSourceSchema = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    transport: StringEnum(INGEST_TRANSPORTS),
    nats: Nullable(NatsSourceConfig),
    amqp: Nullable(AmqpSourceConfig),
    mapping: Type.Ref('IngestMapping'),
    onExisting: StringEnum(ON_EXISTING),
    writeBack: Nullable(WriteBackConfig),
    active: Type.Boolean(),
    actor: Type.String({ description: 'The system actor its cases are created by: system:ingest:<key>' }),
    stats: Type.Object({
      received: Type.Integer(),
      created: Type.Integer(),
      updated: Type.Integer(),
      duplicates: Type.Integer(),
      deadLetters: Type.Integer(),
      lastMessageAt: Nullable(DateTime),
    }),
    version: Type.Integer(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'IngestSource' },
);
export const IngestSourceListSchema = Type.Object({ items: Type.Array(Type.Ref('IngestSource')) }, { $id: 'IngestSourceList' });

export const IngestPreviewBody = Type.Object({ message: Type.Unknown({ description: 'A message as the source would send it' }) }, { additionalProperties: false });
export const IngestPreviewSchema = Type.Object(
  {
    externalId: Nullable(Type.String()),
    input: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'The case input the message maps to' })),
    errors: FieldErrors,
  },
  { $id: 'IngestPreview' },
);

export const INGEST_RESULT_STATUSES = ['created', 'updated', 'duplicate', 'invalid', 'refused'] as const;
export const IngestResultSchema = Type.Object(
  {
    index: Type.Integer(),
    status: StringEnum(INGEST_RESULT_STATUSES),
    id: Type.Optional(Uuid),
    number: Type.Optional(Type.String()),
    errors: Type.Optional(FieldErrors),
    deadLetterId: Type.Optional(Uuid),
  },
  { $id: 'IngestResult' },
);
export const IngestMessagesBody = Type.Object(
  { messages: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false, description: 'Messages of an http source, as its system would publish them to a broker' },
);
export const IngestMessagesResultSchema = Type.Object({ results: Type.Array(Type.Ref('IngestResult')), counts: Type.Record(Type.String(), Type.Integer()) }, { $id: 'IngestMessagesResult' });

export const IngestDeadLetterSchema = Type.Object(
  {
    id: Uuid,
    sourceKey: Type.String(),
    transport: StringEnum(INGEST_TRANSPORTS),
    externalId: Nullable(Type.String()),
    reason: Type.String(),
    errors: FieldErrors,
    receivedAt: DateTime,
    replayedAt: Nullable(DateTime),
    replayCaseId: Nullable(Uuid),
  },
  { $id: 'IngestDeadLetter', description: 'A message that could not become a case; the message itself is kept encrypted, for replay' },
);
export const IngestDeadLetterListSchema = Type.Object({ items: Type.Array(Type.Ref('IngestDeadLetter')), nextCursor: Nullable(Type.String()) }, { $id: 'IngestDeadLetterList' });
export const DeadLetterParams = Type.Object({ key: Key, id: Uuid });

// ---- mailboxes ------------------------------------------------------------------------------

export const MAIL_LANGUAGES = ['zh-CN', 'en-US'] as const;
const MailboxFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  address: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^@\\s]+@[^@\\s]+$', description: 'The address customers write to; replies are sent from it' }),
  caseType: Type.String({ minLength: 1, maxLength: 100, description: 'New e-mails open cases of this type' }),
  language: Type.Optional(StringEnum(MAIL_LANGUAGES, { description: 'Language of the reply template (default zh-CN)' })),
  active: Type.Optional(Type.Boolean()),
};
export const CreateMailboxBody = Type.Object({ key: Key, ...MailboxFields }, { additionalProperties: false });
export const UpdateMailboxBody = Type.Object(MailboxFields, { additionalProperties: false, description: 'The whole mailbox as it should be (If-Match: its version)' });
export const MailboxSchema = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    address: Type.String(),
    caseType: Type.String(),
    language: StringEnum(MAIL_LANGUAGES),
    active: Type.Boolean(),
    stats: Type.Object({ received: Type.Integer(), sent: Type.Integer(), failed: Type.Integer(), lastReceivedAt: Nullable(DateTime) }),
    version: Type.Integer(),
    createdAt: DateTime,
    updatedAt: DateTime,
  },
  { $id: 'Mailbox' },
);
export const MailboxListSchema = Type.Object({ items: Type.Array(Type.Ref('Mailbox')) }, { $id: 'MailboxList' });

export const EMAIL_DIRECTIONS = ['in', 'out'] as const;
export const EMAIL_STATUSES = ['received', 'queued', 'sent', 'failed'] as const;
export const CaseEmailSchema = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    direction: StringEnum(EMAIL_DIRECTIONS),
    status: StringEnum(EMAIL_STATUSES),
    mailboxKey: Type.String(),
    subject: Type.String(),
    commentId: Nullable(Uuid),
    attachmentIds: Type.Array(Uuid),
    counterpart: Type.String({ description: "The customer's address, masked as the reader's field rules for customer.email say" }),
    error: Nullable(Type.String()),
    at: DateTime,
  },
  { $id: 'CaseEmail' },
);
export const CaseEmailListSchema = Type.Object({ items: Type.Array(Type.Ref('CaseEmail')) }, { $id: 'CaseEmailList' });

export const integrationSchemas = [
  WebhookSchema,
  WebhookListSchema,
  WebhookWithSecretSchema,
  WebhookEventTypesSchema,
  WebhookDeliverySchema,
  WebhookDeliveryListSchema,
  IngestMappingSchema,
  IngestSourceSchema,
  IngestSourceListSchema,
  IngestPreviewSchema,
  IngestResultSchema,
  IngestMessagesResultSchema,
  IngestDeadLetterSchema,
  IngestDeadLetterListSchema,
  MailboxSchema,
  MailboxListSchema,
  CaseEmailSchema,
  CaseEmailListSchema,
];
