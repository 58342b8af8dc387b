import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';

const Uuid = Type.String({ format: 'uuid' });
const Sensitivity = StringEnum(['normal', 'confidential', 'secret'] as const);
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 50, description: 'Tags such as elderly, foreign, vip' });
const Localised = Type.Object({ 'zh-CN': Type.String(), 'en-US': Type.String() });

export const RecordView = Type.Object(
  {
    id: Uuid,
    number: Type.String({ description: 'CUS-000123' }),
    type: Type.String(),
    typeVersion: Type.Integer({ description: 'The object type version the record was last written with' }),
    displayName: Type.String({ description: 'Masked when the display field is masked for the reader' }),
    fields: Type.Record(Type.String(), Type.Unknown(), { description: 'Hidden fields left out; masked ones masked' }),
    maskedFields: Type.Array(Type.String()),
    externalId: Type.Union([Type.String(), Type.Null()]),
    tags: Type.Array(Type.String()),
    sensitivity: Sensitivity,
    departmentId: Type.Union([Uuid, Type.Null()]),
    ownerId: Type.Union([Uuid, Type.Null()]),
    createdBy: Uuid,
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    version: Type.Integer({ description: 'For If-Match' }),
    allowed: Type.Object({ update: Type.Boolean(), delete: Type.Boolean(), unmask: Type.Boolean(), writableFields: Type.Array(Type.String()) }),
  },
  { $id: 'Record' },
);

export const CreateRecordBody = Type.Object(
  {
    fields: Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { description: 'Values by field key' }),
    tags: Type.Optional(Tags),
    sensitivity: Type.Optional(Sensitivity),
    departmentId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: "The record's department; the creator's by default" })),
    ownerId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'The person responsible (a relationship manager)' })),
    externalId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateRecordBody = Type.Object(
  {
    fields: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), { description: 'Values merge into the record; null removes one' })),
    tags: Type.Optional(Tags),
    sensitivity: Type.Optional(Sensitivity),
    departmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    ownerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    externalId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const RecordIdParams = Type.Object({ id: Uuid });
export const TypeKeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }) });

export const ListRecordsQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Words of the number, display name and non-sensitive text fields' })),
    department: Type.Optional(Uuid),
    owner: Type.Optional(Uuid),
    tag: Type.Optional(Type.String({ maxLength: 40 })),
    sort: Type.Optional(StringEnum(['updatedAt', '-updatedAt', 'number', '-number'] as const, { default: '-updatedAt' })),
    after: Type.Optional(Type.String({ maxLength: 300, description: 'nextCursor of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  {
    additionalProperties: false,
    patternProperties: { '^field\\.[a-z][a-zA-Z0-9]{0,39}$': Type.String({ maxLength: 200 }) },
    description: 'Also field.<key>=<value>: equality on a field (a sensitive one through its blind index)',
  },
);

export const UnmaskRecordBody = Type.Object(
  {
    field: Type.String({ minLength: 1, maxLength: 40, description: 'A sensitive field of the record' }),
    reason: Type.String({ minLength: 5, maxLength: 1000, description: 'Why you need the value in clear; kept in the audit trail' }),
  },
  { additionalProperties: false },
);

export const LinkBody = Type.Object(
  {
    relation: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }),
    toRecordId: Type.Optional(Uuid),
    toCaseId: Type.Optional(Uuid),
    direction: Type.Optional(
      StringEnum(['outgoing', 'incoming'] as const, { description: 'outgoing (default): this record is the from side; incoming: toRecordId is the from side and this record the to side' }),
    ),
  },
  { additionalProperties: false },
);

export const LinkedItemView = Type.Object(
  {
    relation: Type.String(),
    direction: StringEnum(['outgoing', 'incoming'] as const),
    name: Localised,
    record: Type.Union([Type.Ref('Record'), Type.Null()]),
    case: Type.Union([Type.Object({ id: Uuid, number: Type.String(), type: Type.String(), status: Type.String() }), Type.Null()]),
    linkedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'RecordLink' },
);

export const RecordHistoryView = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      occurredAt: Type.String({ format: 'date-time' }),
      actorId: Type.Union([Type.String(), Type.Null()]),
      actorName: Type.Union([Type.String(), Type.Null()]),
      onBehalfOf: Type.Union([Type.String(), Type.Null()]),
      action: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      changes: Type.Array(Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() })),
    }),
  ),
});

/** Schemas the records part registers by $id (issue 21). */
export const recordsSchemas: TSchema[] = [RecordView, LinkedItemView];
