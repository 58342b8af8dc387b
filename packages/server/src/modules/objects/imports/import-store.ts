import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { RecordRow } from '../model.ts';
import type { ImportAction, ImportMode, ImportStatus } from './schemas.ts';
import { RECORD_COLUMNS } from '../records/store.ts';

// Every SQL statement of the imports part: imports, lookup connectors, and the multi-row writes
// of a record batch (one statement per table whatever the batch's size).

export interface ImportErrorRow {
  row: number;
  field: string;
  reason: string;
}

export interface ImportRow {
  id: string;
  typeId: string;
  typeKey: string;
  mode: ImportMode;
  action: ImportAction;
  status: ImportStatus;
  fileName: string;
  totalRows: number;
  importedRows: number;
  failedRows: number;
  errors: ImportErrorRow[];
  mapping: Record<string, string>;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}

export async function insertImport(tx: Tx, row: ImportRow): Promise<void> {
  await tx
    .insertInto('objects.import')
    .values({
      id: row.id,
      type_id: row.typeId,
      mode: row.mode,
      action: row.action,
      status: row.status,
      file_name: row.fileName,
      total_rows: row.totalRows,
      imported_rows: row.importedRows,
      failed_rows: row.failedRows,
      errors: JSON.stringify(row.errors),
      mapping: JSON.stringify(row.mapping),
      created_by: row.createdBy,
      created_at: row.createdAt,
      finished_at: row.finishedAt,
    })
    .execute();
}

const importColumns = [
  'i.id',
  'i.type_id',
  't.key as type_key',
  'i.mode',
  'i.action',
  'i.status',
  'i.file_name',
  'i.total_rows',
  'i.imported_rows',
  'i.failed_rows',
  'i.errors',
  'i.mapping',
  'i.created_by',
  'i.created_at',
  'i.finished_at',
] as const;

type ImportDbRow = {
  id: string;
  type_id: string;
  type_key: string;
  mode: string;
  action: string;
  status: string;
  file_name: string;
  total_rows: number;
  imported_rows: number;
  failed_rows: number;
  errors: unknown;
  mapping: unknown;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
};

function toImportRow(r: ImportDbRow): ImportRow {
  return {
    id: r.id,
    typeId: r.type_id,
    typeKey: r.type_key,
    mode: r.mode as ImportMode,
    action: r.action as ImportAction,
    status: r.status as ImportStatus,
    fileName: r.file_name,
    totalRows: r.total_rows,
    importedRows: r.imported_rows,
    failedRows: r.failed_rows,
    errors: r.errors as ImportErrorRow[],
    mapping: r.mapping as Record<string, string>,
    createdBy: r.created_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

export async function findImportById(tx: Tx | Db, id: string): Promise<ImportRow | undefined> {
  const row = await tx.selectFrom('objects.import as i').innerJoin('objects.object_type as t', 't.id', 'i.type_id').select(importColumns).where('i.id', '=', id).executeTakeFirst();
  return row && toImportRow(row as ImportDbRow);
}

/** The type's imports, newest first; `createdBy` limits them to one person's. */
export async function listImportsOfType(tx: Tx | Db, typeId: string, options: { createdBy?: string; limit: number }): Promise<ImportRow[]> {
  let query = tx.selectFrom('objects.import as i').innerJoin('objects.object_type as t', 't.id', 'i.type_id').select(importColumns).where('i.type_id', '=', typeId);
  if (options.createdBy) query = query.where('i.created_by', '=', options.createdBy);
  const rows = await query.orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(options.limit).execute();
  return rows.map((r) => toImportRow(r as ImportDbRow));
}

// ---- record batches ----

/** Takes `count` consecutive record numbers of the type in one statement; returns the first. */
export async function allocateRecordNumbers(tx: Tx, typeId: string, count: number): Promise<number> {
  const result = await sql<{ first: string }>`
    UPDATE objects.object_type SET next_number = next_number + ${count} WHERE id = ${typeId} RETURNING next_number - ${count} AS first`.execute(tx);
  return Number(result.rows[0]!.first);
}

/** A record as stored: sensitive values already sealed. */
export interface StoredRecordValues {
  id: string;
  typeId: string;
  typeKey: string;
  typeVersion: number;
  number: string;
  displayName: string;
  fields: Record<string, unknown>;
  sensitiveIndex: string[];
  searchText: string;
  externalId: string | null;
  tags: string[];
  sensitivity: string;
  departmentId: string | null;
  ownerId: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface RecordDateValues {
  recordId: string;
  typeId: string;
  fieldKey: string;
  /** YYYY-MM-DD */
  value: string;
}

/**
 * Inserts records in one statement. A record whose (type, external id) exists meanwhile is left
 * out; the ids actually inserted are returned.
 */
export async function insertRecordBatch(tx: Tx, rows: StoredRecordValues[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const batch = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      type_id: r.typeId,
      type_key: r.typeKey,
      type_version: r.typeVersion,
      number: r.number,
      display_name: r.displayName,
      fields: r.fields,
      sensitive_index: r.sensitiveIndex,
      search_text: r.searchText,
      external_id: r.externalId,
      tags: r.tags,
      sensitivity: r.sensitivity,
      department_id: r.departmentId,
      owner_id: r.ownerId,
      created_by: r.createdBy,
      created_at: r.createdAt,
    })),
  );
  const result = await sql<{ id: string }>`
    INSERT INTO objects.record (id, type_id, type_key, type_version, number, display_name, fields, sensitive_index, search_text, external_id,
                                tags, sensitivity, department_id, owner_id, created_by, created_at, updated_at, version)
    SELECT u.id, u.type_id, u.type_key, u.type_version, u.number, u.display_name, u.fields, u.sensitive_index, u.search_text, u.external_id,
           u.tags, u.sensitivity, u.department_id, u.owner_id, u.created_by, u.created_at, u.created_at, 1
    FROM jsonb_to_recordset(${batch}::jsonb)
      AS u(id uuid, type_id uuid, type_key text, type_version int, number text, display_name text, fields jsonb, sensitive_index text[],
           search_text text, external_id text, tags text[], sensitivity text, department_id uuid, owner_id uuid, created_by uuid, created_at timestamptz)
    ON CONFLICT (type_id, external_id) WHERE external_id IS NOT NULL DO NOTHING
    RETURNING id`.execute(tx);
  return new Set(result.rows.map((r) => r.id));
}

/** Changes records in one statement (an upsert's updates); each row's version goes up by one. */
export async function updateRecordBatch(tx: Tx, rows: (StoredRecordValues & { updatedAt: Date })[]): Promise<void> {
  if (rows.length === 0) return;
  const batch = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      type_version: r.typeVersion,
      display_name: r.displayName,
      fields: r.fields,
      sensitive_index: r.sensitiveIndex,
      search_text: r.searchText,
      tags: r.tags,
      sensitivity: r.sensitivity,
      department_id: r.departmentId,
      owner_id: r.ownerId,
      updated_at: r.updatedAt,
    })),
  );
  await sql`
    UPDATE objects.record AS r
       SET type_version = u.type_version, display_name = u.display_name, fields = u.fields, sensitive_index = u.sensitive_index,
           search_text = u.search_text, tags = u.tags, sensitivity = u.sensitivity, department_id = u.department_id, owner_id = u.owner_id,
           updated_at = u.updated_at, version = r.version + 1
      FROM jsonb_to_recordset(${batch}::jsonb)
        AS u(id uuid, type_version int, display_name text, fields jsonb, sensitive_index text[], search_text text, tags text[],
             sensitivity text, department_id uuid, owner_id uuid, updated_at timestamptz)
     WHERE r.id = u.id`.execute(tx);
}

/**
 * Writes date rows (time triggers find due records through them), first removing those of the
 * changed records `replacedRecordIds`.
 */
export async function replaceRecordDates(tx: Tx, replacedRecordIds: string[], dates: RecordDateValues[]): Promise<void> {
  if (replacedRecordIds.length > 0) await sql`DELETE FROM objects.record_date WHERE record_id = ANY(${replacedRecordIds}::uuid[])`.execute(tx);
  if (dates.length === 0) return;
  const batch = JSON.stringify(dates.map((d) => ({ record_id: d.recordId, type_id: d.typeId, field_key: d.fieldKey, value: d.value })));
  await sql`
    INSERT INTO objects.record_date (record_id, type_id, field_key, value, month_day)
    SELECT u.record_id, u.type_id, u.field_key, u.value, (extract(month FROM u.value) * 100 + extract(day FROM u.value))::smallint
    FROM jsonb_to_recordset(${batch}::jsonb) AS u(record_id uuid, type_id uuid, field_key text, value date)`.execute(tx);
}

/**
 * The records of the type with these external ids, locked for the batch's change, by external
 * id, as stored (sensitive values sealed). A deleted record keeps its external id (the unique
 * index spans it): it is returned too, with its deletedAt.
 */
export async function findRecordsForUpsert(tx: Tx, typeId: string, externalIds: string[]): Promise<Map<string, RecordRow>> {
  if (externalIds.length === 0) return new Map();
  const rows = await tx.selectFrom('objects.record').select(RECORD_COLUMNS).where('type_id', '=', typeId).where(sql<boolean>`external_id = ANY(${externalIds}::text[])`).forUpdate().execute();
  return new Map(
    rows.map((r) => [
      r.external_id!,
      {
        id: r.id,
        typeId: r.type_id,
        typeKey: r.type_key,
        typeVersion: r.type_version,
        number: r.number,
        displayName: r.display_name,
        fields: (r.fields ?? {}) as Record<string, unknown>,
        externalId: r.external_id,
        tags: r.tags,
        sensitivity: r.sensitivity as RecordRow['sensitivity'],
        departmentId: r.department_id,
        ownerId: r.owner_id,
        createdBy: r.created_by,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        deletedAt: r.deleted_at,
        version: r.version,
      },
    ]),
  );
}

/** Which of these department ids exist. */
export async function findExistingDepartmentIds(tx: Tx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.selectFrom('access.department').select('id').where(sql<boolean>`id = ANY(${ids}::uuid[])`).execute();
  return new Set(rows.map((r) => r.id));
}

/** Which of these user ids exist. */
export async function findExistingUserIds(tx: Tx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await tx.selectFrom('access.user').select('id').where(sql<boolean>`id = ANY(${ids}::uuid[])`).execute();
  return new Set(rows.map((r) => r.id));
}

// ---- lookup connectors ----

export interface LookupConnectorRow {
  typeId: string;
  urlTemplate: string;
  headerName: string | null;
  headerSecretSealed: string | null;
  timeoutMs: number;
  mapping: { path: string; target: string }[];
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
  version: number;
}

export async function findLookupConnector(tx: Tx | Db, typeId: string): Promise<LookupConnectorRow | undefined> {
  const r = await tx.selectFrom('objects.lookup_connector').selectAll().where('type_id', '=', typeId).executeTakeFirst();
  return (
    r && {
      typeId: r.type_id,
      urlTemplate: r.url_template,
      headerName: r.header_name,
      headerSecretSealed: r.header_secret_sealed,
      timeoutMs: r.timeout_ms,
      mapping: r.mapping as LookupConnectorRow['mapping'],
      createdBy: r.created_by,
      createdAt: r.created_at,
      updatedBy: r.updated_by,
      updatedAt: r.updated_at,
      version: r.version,
    }
  );
}

export async function saveLookupConnector(tx: Tx, row: LookupConnectorRow): Promise<void> {
  const values = {
    type_id: row.typeId,
    url_template: row.urlTemplate,
    header_name: row.headerName,
    header_secret_sealed: row.headerSecretSealed,
    timeout_ms: row.timeoutMs,
    mapping: JSON.stringify(row.mapping),
    created_by: row.createdBy,
    created_at: row.createdAt,
    updated_by: row.updatedBy,
    updated_at: row.updatedAt,
    version: row.version,
  };
  await tx
    .insertInto('objects.lookup_connector')
    .values(values)
    .onConflict((oc) =>
      oc.column('type_id').doUpdateSet({
        url_template: values.url_template,
        header_name: values.header_name,
        header_secret_sealed: values.header_secret_sealed,
        timeout_ms: values.timeout_ms,
        mapping: values.mapping,
        updated_by: values.updated_by,
        updated_at: values.updated_at,
        version: values.version,
      }),
    )
    .execute();
}

/** User ids by username, for the usernames given (an import names a relationship manager as people know them). */
export async function findUserIdsByUsernames(tx: Tx, usernames: string[]): Promise<Map<string, string>> {
  if (usernames.length === 0) return new Map();
  const rows = await tx.selectFrom('access.user').select(['id', 'username']).where(sql<boolean>`username = ANY(${usernames}::text[])`).execute();
  return new Map(rows.map((r) => [r.username, r.id]));
}

/** Department ids by code (BJ, SH-PD …), for the codes given. */
export async function findDepartmentIdsByCodes(tx: Tx, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await tx.selectFrom('access.department').select(['id', 'code']).where(sql<boolean>`code = ANY(${codes}::text[])`).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}
