import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../../platform/http/string-enum.ts';

// The imports part (issue 21): CSV/XLSX imports, upsert by external id, the lookup connector.

export const IMPORT_MODES = ['all-or-nothing', 'valid-rows'] as const;
export const IMPORT_ACTIONS = ['insert', 'upsert'] as const;
export const IMPORT_STATUSES = ['previewed', 'imported', 'rejected'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export type ImportAction = (typeof IMPORT_ACTIONS)[number];
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const TypeKeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$', description: 'The object type key' }) });
export const ImportIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const ExternalIdParams = Type.Object({
  key: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$', description: 'The object type key' }),
  externalId: Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$', description: 'The record’s id in the outside system' }),
});

/** The multipart form's text parts, checked once the body has been read. */
export const ImportFormFields = Type.Object(
  {
    mode: Type.Optional(StringEnum(IMPORT_MODES, { default: 'all-or-nothing', description: 'all-or-nothing: one bad row imports nothing; valid-rows: the valid rows in one transaction' })),
    action: Type.Optional(StringEnum(IMPORT_ACTIONS, { default: 'insert', description: 'insert: every row a new record; upsert: by the externalId column' })),
    preview: Type.Optional(StringEnum(['true', 'false'] as const, { default: 'false', description: 'true: validate every row and report, writing no record' })),
    mapping: Type.Optional(Type.String({ maxLength: 20_000, description: 'JSON object: column header → field key (or externalId, tags, ownerId, departmentId, sensitivity)' })),
  },
  { additionalProperties: false },
);
export type ImportFormFields = Static<typeof ImportFormFields>;

const ImportError = Type.Object(
  {
    row: Type.Integer({ description: 'The spreadsheet row: the header is row 1, the first data row is row 2; 0 for the file as a whole' }),
    field: Type.String({ description: 'The field key (fields.<key>, externalId, …) or column the reason is about' }),
    reason: Type.String({ description: 'Why the row was refused; never the cell’s value' }),
  },
  { $id: 'ObjectImportError' },
);

export const ImportReport = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    objectType: Type.String(),
    fileName: Type.String(),
    mode: StringEnum(IMPORT_MODES),
    action: StringEnum(IMPORT_ACTIONS),
    status: StringEnum(IMPORT_STATUSES, { description: 'previewed (nothing written), imported, rejected (all-or-nothing with bad rows: nothing written)' }),
    totalRows: Type.Integer(),
    importedRows: Type.Integer({ description: 'Records created or changed' }),
    createdRows: Type.Optional(Type.Integer()),
    updatedRows: Type.Optional(Type.Integer()),
    failedRows: Type.Integer(),
    errors: Type.Array(Type.Ref('ObjectImportError'), { description: 'Every refused row’s problems, at most 1,000 in this answer (errors.csv has them all)' }),
    errorsTruncated: Type.Optional(Type.Boolean()),
    mapping: Type.Record(Type.String(), Type.String(), { description: 'Column header → target used' }),
    preview: Type.Optional(
      Type.Array(Type.Object({ row: Type.Integer(), externalId: Type.Union([Type.String(), Type.Null()]), fields: Type.Record(Type.String(), Type.Unknown()) }), {
        description: 'The first rows as they would be stored, masked for the reader',
      }),
    ),
    createdBy: Type.String({ format: 'uuid' }),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'ObjectImportReport' },
);
export type ImportReport = Static<typeof ImportReport>;

export const ImportList = Type.Object({ items: Type.Array(Type.Ref('ObjectImportReport')) }, { $id: 'ObjectImportList' });

/** PUT /object-types/{key}/records/by-external-id/{externalId}: the record as the outside system has it. */
export const UpsertRecordBody = Type.Object(
  {
    fields: Type.Record(Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9]{0,39}$' }), Type.Unknown(), { description: 'Field key → value, as POST /object-types/{key}/records takes them' }),
    tags: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 })),
    ownerId: Type.Optional(Type.String({ format: 'uuid', description: 'The person responsible (a relationship manager); left out: kept (a new record has none)' })),
    departmentId: Type.Optional(Type.String({ format: 'uuid', description: 'Left out: kept (a new record gets yours)' })),
    sensitivity: Type.Optional(StringEnum(['normal', 'confidential', 'secret'] as const)),
  },
  { additionalProperties: false },
);
export type UpsertRecordBody = Static<typeof UpsertRecordBody>;

export const LookupMappingEntry = Type.Object(
  {
    path: Type.String({ minLength: 2, maxLength: 300, description: "A JSONPath into the source's answer, e.g. $.customer.name (scripts and filters refused)" }),
    target: Type.String({ minLength: 1, maxLength: 60, description: 'fields.<key>, tags, ownerId, departmentId or sensitivity' }),
  },
  { additionalProperties: false },
);

export const LookupConnectorBody = Type.Object(
  {
    urlTemplate: Type.String({ minLength: 10, maxLength: 500, description: 'http(s) URL with one {externalId} placeholder, e.g. https://crm.bank/customers/{externalId}' }),
    headerName: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Za-z0-9-]{1,60}$' }), Type.Null()])),
    headerSecret: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'The header’s value (an API key); stored sealed, never shown again. Left out: the stored one is kept' })),
    timeoutMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000, default: 5000 })),
    mapping: Type.Array(LookupMappingEntry, { minItems: 1, maxItems: 200 }),
  },
  { additionalProperties: false },
);
export type LookupConnectorBody = Static<typeof LookupConnectorBody>;

export const LookupConnectorView = Type.Object(
  {
    objectType: Type.String(),
    urlTemplate: Type.String(),
    headerName: Type.Union([Type.String(), Type.Null()]),
    hasHeaderSecret: Type.Boolean(),
    timeoutMs: Type.Integer(),
    mapping: Type.Array(Type.Object({ path: Type.String(), target: Type.String() })),
    version: Type.Integer(),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'ObjectLookupConnector' },
);

/** Schemas the imports part registers by $id (issue 21). */
export const importsSchemas: TSchema[] = [ImportError, ImportReport, ImportList, LookupConnectorView];
