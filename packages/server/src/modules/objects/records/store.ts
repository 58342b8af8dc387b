import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { CaseFilter } from '../../access/index.ts';
import type { RecordRow } from '../model.ts';

type Executor = Db | Tx;

// ---- records ----

export const RECORD_COLUMNS = [
  'id',
  'type_id',
  'type_key',
  'type_version',
  'number',
  'display_name',
  'fields',
  'external_id',
  'tags',
  'sensitivity',
  'department_id',
  'owner_id',
  'created_by',
  'created_at',
  'updated_at',
  'deleted_at',
  'version',
] as const;

export interface RecordSelect {
  id: string;
  type_id: string;
  type_key: string;
  type_version: number;
  number: string;
  display_name: string;
  fields: unknown;
  external_id: string | null;
  tags: string[];
  sensitivity: string;
  department_id: string | null;
  owner_id: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  version: number;
}

/** A row as stored: sensitive values still sealed (records/record-access.ts opens them). */
export function toRecordRow(row: RecordSelect): RecordRow {
  return {
    id: row.id,
    typeId: row.type_id,
    typeKey: row.type_key,
    typeVersion: row.type_version,
    number: row.number,
    displayName: row.display_name,
    fields: (row.fields ?? {}) as Record<string, unknown>,
    externalId: row.external_id,
    tags: row.tags,
    sensitivity: row.sensitivity as RecordRow['sensitivity'],
    departmentId: row.department_id,
    ownerId: row.owner_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    version: row.version,
  };
}

/**
 * The record policy as SQL, from the same compiled filter as cases (access/policy.ts
 * compileCaseFilter): `own` is created_by or owner_id (a record's owner stands where a case's
 * assignee does), types are object type keys. `table` is how the query names objects.record.
 */
export function recordFilterCondition(visible: CaseFilter, table = 'objects.record'): Expression<SqlBool> {
  if (visible.kind === 'all') return sql<SqlBool>`TRUE`;
  if (visible.kind === 'none') return sql<SqlBool>`FALSE`;
  const col = (name: string) => sql.ref(`${table}.${name}`);
  const clauses = visible.clauses.map((c) => {
    const parts = [];
    if (c.ownedBy !== undefined) parts.push(sql`(${col('created_by')} = ${c.ownedBy}::uuid OR ${col('owner_id')} = ${c.ownedBy}::uuid)`);
    if (c.departmentIn !== undefined) parts.push(sql`${col('department_id')} = ANY(${c.departmentIn}::uuid[])`);
    if (c.typeIn !== undefined) parts.push(sql`${col('type_key')} = ANY(${c.typeIn}::text[])`);
    if (c.tagsAny !== undefined) parts.push(sql`${col('tags')} && ${c.tagsAny}::text[]`);
    if (c.sensitivityIn !== undefined) parts.push(sql`${col('sensitivity')} = ANY(${c.sensitivityIn}::text[])`);
    if (c.idIn !== undefined) parts.push(sql`${col('id')} = ANY(${c.idIn}::uuid[])`);
    return sql`(${sql.join(parts, sql` AND `)})`;
  });
  return sql<SqlBool>`(${sql.join(clauses, sql` OR `)})`;
}

export async function findRecordRowById(tx: Executor, id: string): Promise<RecordRow | undefined> {
  const row = await tx.selectFrom('objects.record').select(RECORD_COLUMNS).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  return row && toRecordRow(row as RecordSelect);
}

export async function findRecordRowsByIds(tx: Executor, ids: string[], visible: Expression<SqlBool>): Promise<RecordRow[]> {
  if (ids.length === 0) return [];
  const rows = await tx.selectFrom('objects.record').select(RECORD_COLUMNS).where('id', '=', sql<string>`ANY(${ids}::uuid[])`).where('deleted_at', 'is', null).where(visible).execute();
  return rows.map((row) => toRecordRow(row as RecordSelect));
}

export interface StoredRecord {
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
  sensitivity: RecordRow['sensitivity'];
  departmentId: string | null;
  ownerId: string | null;
  createdBy: string;
  now: Date;
}

export async function insertRecordRow(tx: Tx, row: StoredRecord): Promise<RecordRow> {
  const inserted = await tx
    .insertInto('objects.record')
    .values({
      id: row.id,
      type_id: row.typeId,
      type_key: row.typeKey,
      type_version: row.typeVersion,
      number: row.number,
      display_name: row.displayName,
      fields: JSON.stringify(row.fields),
      sensitive_index: row.sensitiveIndex,
      search_text: row.searchText,
      external_id: row.externalId,
      tags: row.tags,
      sensitivity: row.sensitivity,
      department_id: row.departmentId,
      owner_id: row.ownerId,
      created_by: row.createdBy,
      created_at: row.now,
      updated_at: row.now,
    })
    .returning(RECORD_COLUMNS)
    .executeTakeFirstOrThrow();
  return toRecordRow(inserted as RecordSelect);
}

export type RecordChanges = Pick<StoredRecord, 'typeVersion' | 'displayName' | 'fields' | 'sensitiveIndex' | 'searchText' | 'tags' | 'sensitivity' | 'departmentId' | 'ownerId' | 'externalId'>;

/** Writes the record if it is still at `expectedVersion`; undefined when another write came first. */
export async function updateRecordIfVersion(tx: Tx, id: string, expectedVersion: number, changes: RecordChanges, now: Date): Promise<RecordRow | undefined> {
  const row = await tx
    .updateTable('objects.record')
    .set({
      type_version: changes.typeVersion,
      display_name: changes.displayName,
      fields: JSON.stringify(changes.fields),
      sensitive_index: changes.sensitiveIndex,
      search_text: changes.searchText,
      tags: changes.tags,
      sensitivity: changes.sensitivity,
      department_id: changes.departmentId,
      owner_id: changes.ownerId,
      external_id: changes.externalId,
      updated_at: now,
      version: expectedVersion + 1,
    })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('deleted_at', 'is', null)
    .returning(RECORD_COLUMNS)
    .executeTakeFirst();
  return row && toRecordRow(row as RecordSelect);
}

export async function softDeleteRecordIfVersion(tx: Tx, id: string, expectedVersion: number, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('objects.record')
    .set({ deleted_at: now, updated_at: now, version: expectedVersion + 1 })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces the record's date rows (the date triggers' index) in the writing transaction. */
export async function replaceRecordDates(tx: Tx, recordId: string, typeId: string, dates: { fieldKey: string; value: string; monthDay: number }[]): Promise<void> {
  await tx.deleteFrom('objects.record_date').where('record_id', '=', recordId).execute();
  if (dates.length === 0) return;
  await tx
    .insertInto('objects.record_date')
    .values(dates.map((d) => ({ record_id: recordId, type_id: typeId, field_key: d.fieldKey, value: sql<Date>`${d.value}::date`, month_day: d.monthDay })))
    .execute();
}

export async function deleteRecordDates(tx: Tx, recordId: string): Promise<void> {
  await tx.deleteFrom('objects.record_date').where('record_id', '=', recordId).execute();
}

export interface RecordListFilter {
  typeId: string;
  /** Lower-cased search words (trigram on search_text). */
  text?: string;
  /** field key → value: JSON containment on fields (non-sensitive). */
  equals?: Record<string, unknown>;
  /** Blind index terms that must all be present (sensitive equality). */
  sensitiveTerms?: string[];
  departmentId?: string;
  ownerId?: string;
  tag?: string;
}

export type RecordSort = 'updatedAt' | '-updatedAt' | 'number' | '-number';
export interface RecordKeyset {
  value: string;
  id: string;
}

const SORT_COLUMN = { updatedAt: 'updated_at', number: 'number' } as const;

export async function listRecordPage(tx: Executor, filter: RecordListFilter, visible: Expression<SqlBool>, sort: RecordSort, after: RecordKeyset | undefined, limit: number): Promise<RecordRow[]> {
  const descending = sort.startsWith('-');
  const column = SORT_COLUMN[sort.replace('-', '') as keyof typeof SORT_COLUMN];
  let query = tx.selectFrom('objects.record').select(RECORD_COLUMNS).where('type_id', '=', filter.typeId).where('deleted_at', 'is', null).where(visible);
  if (filter.text) query = query.where(sql<SqlBool>`search_text ILIKE ${`%${escapeLike(filter.text)}%`}`);
  if (filter.equals && Object.keys(filter.equals).length > 0) query = query.where(sql<SqlBool>`fields @> ${JSON.stringify(filter.equals)}::jsonb`);
  if (filter.sensitiveTerms?.length) query = query.where(sql<SqlBool>`sensitive_index @> ${filter.sensitiveTerms}::text[]`);
  if (filter.departmentId) query = query.where('department_id', '=', filter.departmentId);
  if (filter.ownerId) query = query.where('owner_id', '=', filter.ownerId);
  if (filter.tag) query = query.where(sql<SqlBool>`tags @> ARRAY[${filter.tag}]::text[]`);
  if (after) {
    const value = column === 'updated_at' ? sql`${after.value}::timestamptz` : sql`${after.value}`;
    query = query.where(descending ? sql<SqlBool>`(${sql.ref(column)}, id) < (${value}, ${after.id}::uuid)` : sql<SqlBool>`(${sql.ref(column)}, id) > (${value}, ${after.id}::uuid)`);
  }
  const rows = await query
    .orderBy(sql.ref(column), descending ? 'desc' : 'asc')
    .orderBy('id', descending ? 'desc' : 'asc')
    .limit(limit)
    .execute();
  return rows.map((row) => toRecordRow(row as RecordSelect));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function isExternalIdTaken(tx: Executor, typeId: string, externalId: string, exceptId?: string): Promise<boolean> {
  let query = tx.selectFrom('objects.record').select('id').where('type_id', '=', typeId).where('external_id', '=', externalId);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function doesUserExist(tx: Executor, id: string): Promise<boolean> {
  return (await tx.selectFrom('access.user').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

export async function doesDepartmentExist(tx: Executor, id: string): Promise<boolean> {
  return (await tx.selectFrom('access.department').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

// ---- links ----

export interface LinkRow {
  relationId: string;
  fromRecordId: string;
  toRecordId: string | null;
  toCaseId: string | null;
  createdBy: string;
  createdAt: Date;
}

const toLink = (r: { relation_id: string; from_record_id: string; to_record_id: string | null; to_case_id: string | null; created_by: string; created_at: Date }): LinkRow => ({
  relationId: r.relation_id,
  fromRecordId: r.from_record_id,
  toRecordId: r.to_record_id,
  toCaseId: r.to_case_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function insertLink(tx: Tx, link: Omit<LinkRow, 'createdAt'> & { now: Date }): Promise<boolean> {
  const result = await tx
    .insertInto('objects.record_link')
    .values({
      relation_id: link.relationId,
      from_record_id: link.fromRecordId,
      to_record_id: link.toRecordId,
      to_case_id: link.toCaseId,
      created_by: link.createdBy,
      created_at: link.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('relation_id')
    .executeTakeFirst();
  return result !== undefined;
}

/** The from-record already linked to this target through the relation (one-to-many), if any. */
export async function findLinkToTarget(tx: Tx, relationId: string, target: { toRecordId?: string | null; toCaseId?: string | null }): Promise<LinkRow | undefined> {
  let query = tx.selectFrom('objects.record_link').selectAll().where('relation_id', '=', relationId);
  query = target.toRecordId ? query.where('to_record_id', '=', target.toRecordId) : query.where('to_case_id', '=', target.toCaseId!);
  const row = await query.forUpdate().executeTakeFirst();
  return row && toLink(row as never);
}

export async function deleteLink(tx: Tx, relationId: string, fromRecordId: string, target: { toRecordId?: string | null; toCaseId?: string | null }): Promise<boolean> {
  let query = tx.deleteFrom('objects.record_link').where('relation_id', '=', relationId).where('from_record_id', '=', fromRecordId);
  query = target.toRecordId ? query.where('to_record_id', '=', target.toRecordId) : query.where('to_case_id', '=', target.toCaseId!);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Links of a record, either way, through live relations. */
export async function listLinksOfRecord(tx: Tx, recordId: string, direction: 'outgoing' | 'incoming', relationId?: string): Promise<LinkRow[]> {
  let query = tx
    .selectFrom('objects.record_link as l')
    .innerJoin('objects.relation as rel', 'rel.id', 'l.relation_id')
    .select(['l.relation_id', 'l.from_record_id', 'l.to_record_id', 'l.to_case_id', 'l.created_by', 'l.created_at'])
    .where('rel.deleted_at', 'is', null)
    .where(direction === 'outgoing' ? 'l.from_record_id' : 'l.to_record_id', '=', recordId)
    .orderBy('l.created_at')
    .limit(1000);
  if (relationId) query = query.where('l.relation_id', '=', relationId);
  return (await query.execute()).map((r) => toLink(r as never));
}

export async function listLinksToCase(tx: Tx, caseId: string): Promise<LinkRow[]> {
  const rows = await tx
    .selectFrom('objects.record_link as l')
    .innerJoin('objects.relation as rel', 'rel.id', 'l.relation_id')
    .select(['l.relation_id', 'l.from_record_id', 'l.to_record_id', 'l.to_case_id', 'l.created_by', 'l.created_at'])
    .where('rel.deleted_at', 'is', null)
    .where('l.to_case_id', '=', caseId)
    .orderBy('l.created_at')
    .limit(1000)
    .execute();
  return rows.map((r) => toLink(r as never));
}

// ---- history ----

/** The record's audit events (audit.event by target; event_target_idx), oldest first. */
export async function listRecordEvents(tx: Tx, recordId: string, afterId: number, limit: number) {
  return tx
    .selectFrom('audit.event')
    .select(['id', 'occurred_at', 'actor_id', 'actor_name', 'on_behalf_of', 'action', 'changes', 'reason', 'data'])
    .where('target_type', '=', 'record')
    .where('target_id', '=', recordId)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Serialises links to one target through one relation (the one-to-many check reads, then
 * inserts: two concurrent links to the same account from two customers must not both pass).
 */
export async function lockLinkTarget(tx: Tx, relationId: string, targetId: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`objects.record_link:${relationId}:${targetId}`}, 0))`.execute(tx);
}

/** The live record of a type with this external id (its id in the source system), if any. */
export async function findRecordIdByExternalId(tx: Executor, typeId: string, externalId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('objects.record').select('id').where('type_id', '=', typeId).where('external_id', '=', externalId).where('deleted_at', 'is', null).executeTakeFirst();
  return row?.id;
}
