import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';
import { DATA_CLASSES } from '../../cases/index.ts';
import { OBJECT_FIELD_TYPES } from '../model.ts';

const Localised = (max = 100) => Type.Object({ 'zh-CN': Type.String({ minLength: 1, maxLength: max }), 'en-US': Type.String({ minLength: 1, maxLength: max }) }, { additionalProperties: false });

export const ObjectTypeKey = Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$', description: 'An object type key: customer, account, wealth-product …' });

export const ObjectFieldSchema = Type.Object(
  {
    key: Type.String({ minLength: 1, maxLength: 40, description: '^[a-z][a-zA-Z0-9]{0,39}$' }),
    type: StringEnum(OBJECT_FIELD_TYPES),
    label: Localised(),
    required: Type.Optional(Type.Boolean()),
    dataClass: Type.Optional(Type.Union([StringEnum(DATA_CLASSES), Type.Null()], { description: 'A sensitive field: sealed at rest, blind-indexed, masked by default (text and long-text only)' })),
    options: Type.Optional(Type.Array(Type.Object({ value: Type.String({ minLength: 1, maxLength: 100 }), label: Localised() }, { additionalProperties: false }), { maxItems: 500 })),
    referenceTo: Type.Optional(Type.String({ maxLength: 40, description: 'reference: the object type key the value points to' })),
    currency: Type.Optional(Type.String({ maxLength: 3, description: 'money: ISO 4217, CNY by default' })),
    validate: Type.Optional(
      Type.Object(
        {
          minLength: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
          maxLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
          pattern: Type.Optional(Type.String({ maxLength: 1000 })),
          min: Type.Optional(Type.Number()),
          max: Type.Optional(Type.Number()),
        },
        { additionalProperties: false },
      ),
    ),
    listed: Type.Optional(Type.Boolean()),
    searchable: Type.Optional(Type.Boolean()),
    description: Type.Optional(Localised(500)),
  },
  { additionalProperties: false, $id: 'ObjectField' },
);

const LayoutSchema = Type.Object(
  {
    sections: Type.Optional(Type.Array(Type.Object({ title: Localised(), fields: Type.Array(Type.String({ maxLength: 40 }), { maxItems: 200 }) }, { additionalProperties: false }), { maxItems: 50 })),
    columns: Type.Optional(Type.Array(Type.String({ maxLength: 40 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

const definitionProperties = {
  name: Localised(),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  numberPrefix: Type.String({ minLength: 1, maxLength: 8, description: 'Record numbers: <prefix>-000123' }),
  displayField: Type.String({ minLength: 1, maxLength: 40, description: "The field whose value is a record's display name" }),
  fields: Type.Array(Type.Ref('ObjectField'), { minItems: 1, maxItems: 200 }),
  layout: Type.Optional(LayoutSchema),
};

export const CreateObjectTypeBody = Type.Object(
  { key: ObjectTypeKey, role: Type.Optional(StringEnum(['standard', 'customer'] as const, { description: 'customer: the one type the customer 360° view is built on' })), ...definitionProperties },
  { additionalProperties: false },
);
export const SaveObjectTypeBody = Type.Object(definitionProperties, { additionalProperties: false });

export const ObjectTypeView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    key: Type.String(),
    name: Localised(),
    description: Type.Union([Type.String(), Type.Null()]),
    numberPrefix: Type.String(),
    displayField: Type.String(),
    role: StringEnum(['standard', 'customer'] as const),
    fields: Type.Array(Type.Ref('ObjectField')),
    layout: LayoutSchema,
    typeVersion: Type.Integer({ description: 'The version of the fields and layout shown' }),
    currentVersion: Type.Integer(),
    archivedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    version: Type.Integer({ description: 'For If-Match' }),
  },
  { $id: 'ObjectType' },
);

export const ObjectTypeKeyParams = Type.Object({ key: ObjectTypeKey });

export const RelationView = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    key: Type.String(),
    fromType: Type.String(),
    toType: Type.Union([Type.String(), Type.Null()]),
    toKind: StringEnum(['object', 'case'] as const),
    cardinality: StringEnum(['one-to-many', 'many-to-many'] as const),
    name: Localised(),
    inverseName: Localised(),
    createdAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Relation' },
);

export const CreateRelationBody = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }),
    fromType: ObjectTypeKey,
    toType: Type.Optional(Type.Union([ObjectTypeKey, Type.Null()])),
    toKind: Type.Optional(StringEnum(['object', 'case'] as const, { description: 'object (default) or case' })),
    cardinality: StringEnum(['one-to-many', 'many-to-many'] as const, { description: 'one-to-many: each to-record has at most one from-record through the relation' }),
    name: Localised(),
    inverseName: Localised(),
  },
  { additionalProperties: false },
);

export const UpdateRelationBody = Type.Object(
  { cardinality: Type.Optional(StringEnum(['one-to-many', 'many-to-many'] as const)), name: Type.Optional(Localised()), inverseName: Type.Optional(Localised()) },
  { additionalProperties: false },
);

export const RelationKeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }) });

/** Schemas the types part registers by $id (issue 21). */
export const typesSchemas: TSchema[] = [ObjectFieldSchema, ObjectTypeView, RelationView];
