import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { CASE_PRIORITIES } from './case-priority.ts';
import { STATUS_CATEGORIES, STATUS_KEY_PATTERN, TRANSITION_ACTIONS } from './case-lifecycle.ts';
import { CASE_SORTS } from './store.ts';

import { StringEnum } from '../../platform/http/string-enum.ts';
const literalUnion = StringEnum;

export const CasePrioritySchema = literalUnion(CASE_PRIORITIES, { description: 'low | normal | high | urgent' });
export const SensitivitySchema = literalUnion(['normal', 'confidential', 'secret'] as const, { description: 'normal | confidential | secret: roles may be limited to a level' });
export const CaseStatusSchema = Type.String({
  pattern: STATUS_KEY_PATTERN,
  maxLength: 40,
  description: "A status of the case type's lifecycle (GET /case-types/{key}); by default new → open → pending → resolved → closed",
});
export const StatusCategorySchema = literalUnion(STATUS_CATEGORIES, { description: 'open | waiting | resolved | closed: what a status means whatever a case type calls it' });

const StatusLabels = Type.Object(
  { 'zh-CN': Type.String({ minLength: 1, maxLength: 50 }), 'en-US': Type.String({ minLength: 1, maxLength: 50 }) },
  { additionalProperties: false, description: 'The status as people read it, in each console language' },
);
const LifecycleStatus = Type.Object({ key: CaseStatusSchema, labels: StatusLabels, category: StatusCategorySchema }, { additionalProperties: false });
const TransitionAction = literalUnion(TRANSITION_ACTIONS, { description: 'The permission the transition needs on the case: case:update, or case:close to resolve or close' });

export const CaseLifecycleInput = Type.Object(
  {
    initial: Type.Optional(Type.String({ maxLength: 40, description: 'The status a new case starts in (open or waiting category); required' })),
    statuses: Type.Array(LifecycleStatus, { minItems: 1, maxItems: 30 }),
    transitions: Type.Array(
      Type.Object(
        {
          from: CaseStatusSchema,
          to: CaseStatusSchema,
          requiresReason: Type.Optional(Type.Boolean({ default: false, description: 'The change needs a reason (e.g. reopening)' })),
          action: Type.Optional({ ...TransitionAction, default: 'case:update' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 200 },
    ),
  },
  { additionalProperties: false, description: 'Statuses and the transitions between them; every status reachable from the initial one, and every unfinished status able to finish' },
);

export const CaseLifecycleView = Type.Object(
  {
    initial: Type.String(),
    statuses: Type.Array(Type.Object({ key: Type.String(), labels: Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() }), category: StatusCategorySchema })),
    transitions: Type.Array(Type.Object({ from: Type.String(), to: Type.String(), requiresReason: Type.Boolean(), action: TransitionAction })),
  },
  { $id: 'CaseLifecycle', description: 'Statuses and transitions of the cases of this case type version' },
);

const Uuid = Type.String({ format: 'uuid' });
const Tag = Type.String({ minLength: 1, maxLength: 50 });

export { CustomerSchema } from './customer-fields.ts';
import { PersonalDataFinding } from './free-text-personal-data.ts';
import { CustomerSchema } from './customer-fields.ts';

export const FormSchemaSchema = Type.Object(
  { components: Type.Array(Type.Object({ type: Type.String() }, { additionalProperties: true })) },
  { additionalProperties: true, description: 'A @bpmn-io/form-js form schema; properties.dataClass marks sensitive fields' },
);

// A BPMN process id is an XML NCName; keys are kept to the characters every modeller uses.
const ProcessKeySchema = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '^[A-Za-z_][A-Za-z0-9_.-]*$',
  description: 'The key of a deployed process: creating a case of this type starts its latest version',
});

export const CreateCaseTypeBody = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    prefix: Type.String({ pattern: '^[A-Z]{2,6}$', description: 'Case number prefix, e.g. CMP' }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    schema: FormSchemaSchema,
    separationOfDuties: Type.Optional(Type.Boolean({ description: 'Maker–checker: the creator of a case cannot resolve or close it, nor approve a step of its process', default: false })),
    defaultQueue: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The queue a new case joins when its creator names none' })),
    processKey: Type.Optional(ProcessKeySchema),
    lifecycle: Type.Optional({ ...CaseLifecycleInput, description: 'Left out: the default lifecycle (new → open → pending → resolved → closed)' }),
  },
  { additionalProperties: false },
);

export const SaveCaseTypeBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    schema: FormSchemaSchema,
    separationOfDuties: Type.Optional(Type.Boolean()),
    defaultQueue: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()], { description: 'Left out: kept from the previous version; null: none' })),
    processKey: Type.Optional(Type.Union([ProcessKeySchema, Type.Null()], { description: 'Left out: kept from the previous version; null: none' })),
    lifecycle: Type.Optional({ ...CaseLifecycleInput, description: "Left out: the previous version's lifecycle. Cases keep their version's lifecycle" }),
  },
  { additionalProperties: false },
);

export const CaseTypeView = Type.Object(
  {
    key: Type.String(),
    name: Type.String(),
    prefix: Type.String(),
    description: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer(),
    currentVersion: Type.Integer(),
    schema: Type.Any(),
    separationOfDuties: Type.Boolean(),
    defaultQueue: Type.Union([Type.String(), Type.Null()], { description: "The default queue's key: the router's choice when no rule names a queue" }),
    defaultQueueId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    processKey: Type.Union([Type.String(), Type.Null()], { description: 'The process a new case of this type starts; null: none' }),
    lifecycle: Type.Ref('CaseLifecycle'),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'CaseType' },
);

export const CreateCaseBody = Type.Object(
  {
    type: Type.String({ minLength: 1, maxLength: 63 }),
    title: Type.String({ minLength: 1, maxLength: 300 }),
    fields: Type.Record(Type.String(), Type.Unknown()),
    priority: Type.Optional(CasePrioritySchema),
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    customer: Type.Optional(CustomerSchema),
    externalId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Id in the source system; a repeat returns the first case' })),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Source system of externalId; defaults to the caller' })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
    assigneeId: Type.Optional(Uuid),
    queue: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "The queue by key (GET /api/v1/queues); left out: the router decides (rules, else the case type's default queue)" })),
    queueId: Type.Optional({ ...Uuid, description: 'The queue by id; with queue both must name the same queue' }),
    departmentId: Type.Optional(Uuid),
    dueAt: Type.Optional(
      Type.String({ format: 'date-time', deprecated: true, description: 'Refused (400): the SLA policy computes the due time; override a clock with POST /cases/{id}/sla/{key}/override' }),
    ),
    sensitivity: Type.Optional(SensitivitySchema),
  },
  { additionalProperties: false },
);
export type CreateCaseBody = Static<typeof CreateCaseBody>;

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const UpdateCaseBody = Type.Object(
  {
    title: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
    status: Type.Optional(CaseStatusSchema),
    priority: Type.Optional(CasePrioritySchema),
    channel: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 50 }))),
    customer: Type.Optional(Type.Union([CustomerSchema, Type.Null()])),
    fields: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Merged into the existing values; null removes a value' })),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 50 })),
    assigneeId: Type.Optional(Nullable(Uuid)),
    queue: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100, description: 'The queue by key; null: none' }))),
    queueId: Type.Optional(Nullable({ ...Uuid, description: 'The queue by id; with queue both must name the same queue' })),
    departmentId: Type.Optional(Nullable(Uuid)),
    dueAt: Type.Optional(
      Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
        deprecated: true,
        description: 'Refused (400): the SLA policy computes the due time; override a clock with POST /cases/{id}/sla/{key}/override',
      }),
    ),
    sensitivity: Type.Optional(SensitivitySchema),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Why; required to reopen' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Timestamp = Type.String({ format: 'date-time' });
/** Only in the answer to a write: what personal data the text you sent holds (field and data class, never the value). */
const DetectedPersonalData = Type.Optional(
  Type.Array(PersonalDataFinding, { description: 'In the answer to a write only: personal data found in the free text you sent, stored sealed and shown masked to readers without unmask' }),
);

export const CaseActionsSchema = Type.Object(
  {
    update: Type.Boolean(),
    assign: Type.Boolean({ description: 'Assign to anyone' }),
    take: Type.Boolean({ description: 'Assign this unassigned, open case to myself (POST /cases/{id}/take)' }),
    transfer: Type.Boolean({ description: 'Change queue or department' }),
    close: Type.Boolean({ description: 'Resolve or close' }),
    comment: Type.Boolean(),
    attach: Type.Boolean(),
    attachmentRead: Type.Boolean(),
    unmask: Type.Boolean(),
    link: Type.Boolean(),
    watch: Type.Boolean(),
    audit: Type.Boolean(),
    transitions: Type.Optional(Type.Array(CaseStatusSchema, { description: "Statuses I may move the case to now, by its type's lifecycle. In the view of one case only, not in list rows" })),
    writableFields: Type.Array(Type.String(), { description: 'Form fields I may change' }),
  },
  { description: 'What the reader may do with this case: the same checks the commands make' },
);

/**
 * A value or null, as `type: [<type>, "null"]` rather than `anyOf`: the response serialiser
 * (fast-json-stringify) writes the first directly but checks every `anyOf` branch with a
 * validator per value, which cost a 50-case page ~600 validations (formats included).
 */
const OrNull = <T extends TSchema>(schema: T) => Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type as string, 'null'] });

export const CaseView = Type.Object(
  {
    id: Uuid,
    number: Type.String({ examples: ['CMP-2026-000123'] }),
    type: Type.String(),
    typeVersion: Type.Integer(),
    title: Type.String(),
    status: CaseStatusSchema,
    // Optional only so an Idempotency-Key replay of an answer stored before it existed still serialises.
    statusCategory: Type.Optional(StatusCategorySchema),
    priority: CasePrioritySchema,
    channel: OrNull(Type.String()),
    customer: OrNull(Type.Record(Type.String(), Type.Unknown())),
    fields: Type.Record(Type.String(), Type.Unknown()),
    tags: Type.Array(Type.String()),
    externalSource: OrNull(Type.String()),
    externalId: OrNull(Type.String()),
    assigneeId: OrNull(Uuid),
    queue: OrNull(Type.String({ description: "The queue's key" })),
    // Optional only so an Idempotency-Key replay of an answer stored before it existed still serialises.
    queueId: Type.Optional(OrNull(Uuid)),
    departmentId: OrNull(Uuid),
    dueAt: OrNull(Timestamp),
    slaState: Type.Optional(
      OrNull(
        literalUnion(['on-track', 'at-risk', 'breached', 'paused'] as const, {
          description: "How the case's SLA clocks stand: the worst of its running first-response, next-response and resolution clocks (dueAt is the earliest of their due times)",
        }),
      ),
    ),
    createdBy: Uuid,
    createdAt: Timestamp,
    updatedAt: Timestamp,
    resolvedAt: OrNull(Timestamp),
    closedAt: OrNull(Timestamp),
    version: Type.Integer({ description: 'Send it back as If-Match when you change the case' }),
    sensitivity: SensitivitySchema,
    detectedPersonalData: DetectedPersonalData,
    // Optional only so an Idempotency-Key replay of an answer stored before these existed still serialises.
    assigneeName: Type.Optional(OrNull(Type.String({ description: "The assignee's display name" }))),
    createdByName: Type.Optional(OrNull(Type.String({ description: "The creator's display name" }))),
    departmentName: Type.Optional(OrNull(Type.String())),
    allowed: Type.Optional(CaseActionsSchema),
  },
  { $id: 'Case' },
);

const CommaList = (description: string) => Type.Optional(Type.String({ maxLength: 1000, description: `${description}, comma-separated` }));

export const ListCasesQuery = Type.Object(
  {
    type: CommaList('Case type keys'),
    status: CommaList('Statuses'),
    statusCategory: Type.Optional(
      Type.String({
        pattern: '^(open|waiting|resolved|closed)(,(open|waiting|resolved|closed))*$',
        maxLength: 100,
        description: 'Status categories, comma-separated: open,waiting lists unfinished cases of every case type (and stays on the partial indexes of queue and department pages)',
      }),
    ),
    priority: CommaList('Priorities'),
    assigneeId: Type.Optional(Uuid),
    queue: Type.Optional(Type.String({ maxLength: 100, description: 'Queue key' })),
    queueId: Type.Optional({ ...Uuid, description: 'Queue id' }),
    departmentId: Type.Optional(Uuid),
    customer: Type.Optional(Type.String({ maxLength: 64, description: 'Customer id' })),
    tag: CommaList('Tags; a case must carry all of them'),
    createdFrom: Type.Optional(Timestamp),
    createdTo: Type.Optional(Timestamp),
    dueFrom: Type.Optional(Timestamp),
    dueTo: Type.Optional(Timestamp),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Text in the title, or an exact case number' })),
    residentId: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Cases with this resident id in a field (blind index). Only for callers who see it in clear or may unmask; needs purpose; audited and rate-limited',
      }),
    ),
    bankCard: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Cases with this bank card number (blind index). Only for callers who see it in clear or may unmask; needs purpose; audited and rate-limited',
      }),
    ),
    phone: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Cases with this phone number (blind index). Only for callers who see it in clear or may unmask; needs purpose; audited and rate-limited',
      }),
    ),
    account: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 100,
        description: 'Cases with this account number (blind index). Only for callers who see it in clear or may unmask; needs purpose; audited and rate-limited',
      }),
    ),
    purpose: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, description: 'Why you search by a phone, resident id, bank card or account number: required with any of them, kept in the audit trail' }),
    ),
    sort: Type.Optional(StringEnum(CASE_SORTS, { default: '-createdAt' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const CaseIdParams = Type.Object({ id: Uuid });

export const CommentBody = Type.Object(
  {
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
    visibility: StringEnum(['internal', 'public'], { description: 'internal note or customer-visible reply' }),
  },
  { additionalProperties: false },
);

export const CommentView = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    body: Type.String(),
    visibility: Type.String(),
    authorId: Uuid,
    authorName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    createdAt: Timestamp,
    origin: Type.Optional(StringEnum(['agent', 'customer', 'system'])),
    channel: Type.Optional(StringEnum(['console', 'api', 'email', 'web-form'])),
    detectedPersonalData: DetectedPersonalData,
  },
  { $id: 'Comment' },
);

export const AttachmentView = Type.Object(
  {
    id: Uuid,
    caseId: Uuid,
    fileName: Type.String(),
    contentType: Type.String(),
    sizeBytes: Type.Integer(),
    sha256: Type.String(),
    createdBy: Uuid,
    createdByName: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    createdAt: Timestamp,
    detectedPersonalData: DetectedPersonalData,
  },
  { $id: 'Attachment' },
);

export const LINK_KINDS = ['relates-to', 'duplicates', 'parent-of', 'child-of', 'caused-by'] as const;
export const LinkBody = Type.Object({ caseId: Uuid, kind: StringEnum(LINK_KINDS) }, { additionalProperties: false });
export const LinkView = Type.Object(
  { id: Uuid, caseId: Uuid, linkedCaseId: Uuid, linkedCaseNumber: Type.Optional(Type.String()), kind: Type.String(), createdBy: Uuid, createdAt: Timestamp },
  { $id: 'CaseLink' },
);

export const BulkResult = Type.Object({
  created: Type.Integer(),
  duplicates: Type.Integer(),
  invalid: Type.Integer(),
  refused: Type.Integer(),
  results: Type.Array(
    Type.Object({
      line: Type.Integer(),
      status: Type.Union([Type.Literal('created'), Type.Literal('duplicate'), Type.Literal('invalid'), Type.Literal('refused')]),
      id: Type.Optional(Uuid),
      number: Type.Optional(Type.String()),
      errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), reason: Type.String() }))),
      problem: Type.Optional(
        Type.Object(
          { type: Type.String(), status: Type.Integer(), title: Type.String(), errors: Type.Array(Type.Object({ field: Type.String(), reason: Type.String() })) },
          { description: 'Why a refused line was not created: an RFC 9457 problem naming the field, nothing of any other case' },
        ),
      ),
    }),
  ),
});

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'A repeat with the same key returns the first answer' })),
});
export const IfMatchHeaders = Type.Object({
  'if-match': Type.Optional(Type.String({ maxLength: 50, description: 'The version you read (ETag); required' })),
});

export const UnmaskBody = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 100, description: 'A field key of the case form, or a customer field as customer.<key> (customer.name, customer.phone …)' }),
    reason: Type.String({ minLength: 5, maxLength: 1000, description: 'Why you need the value in clear; kept in the audit trail' }),
    eventId: Type.Optional(
      Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: "An audit event of the case's history: reveal the field's before and after values in that change" }),
    ),
  },
  { additionalProperties: false },
);
