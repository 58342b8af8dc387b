import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { ObjectFieldDefinition, ObjectType, ObjectTypeLayout, ObjectTypeRole, Relation, RelationCardinality } from '../model.ts';

type Executor = Db | Tx;

// ---- object types ----

const TYPE_COLUMNS = [
  'id',
  'key',
  'name_zh',
  'name_en',
  'description',
  'number_prefix',
  'display_field',
  'role',
  'fields',
  'layout',
  'current_version',
  'archived_at',
  'created_by',
  'created_at',
  'updated_at',
  'version',
] as const;

interface TypeSelect {
  id: string;
  key: string;
  name_zh: string;
  name_en: string;
  description: string | null;
  number_prefix: string;
  display_field: string;
  role: string;
  fields: unknown;
  layout: unknown;
  current_version: number;
  archived_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

function toObjectType(row: TypeSelect): ObjectType {
  return {
    id: row.id,
    key: row.key,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    description: row.description,
    numberPrefix: row.number_prefix,
    displayField: row.display_field,
    role: row.role as ObjectTypeRole,
    fields: row.fields as ObjectFieldDefinition[],
    layout: (row.layout ?? {}) as ObjectTypeLayout,
    typeVersion: row.current_version,
    currentVersion: row.current_version,
    archivedAt: row.archived_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

export async function findObjectTypeByKey(tx: Executor, key: string): Promise<ObjectType | undefined> {
  const row = await tx.selectFrom('objects.object_type').select(TYPE_COLUMNS).where('key', '=', key).executeTakeFirst();
  return row && toObjectType(row as TypeSelect);
}

export async function findObjectTypeById(tx: Executor, id: string): Promise<ObjectType | undefined> {
  const row = await tx.selectFrom('objects.object_type').select(TYPE_COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && toObjectType(row as TypeSelect);
}

export async function findObjectTypeByRole(tx: Executor, role: ObjectTypeRole): Promise<ObjectType | undefined> {
  const row = await tx.selectFrom('objects.object_type').select(TYPE_COLUMNS).where('role', '=', role).where('archived_at', 'is', null).executeTakeFirst();
  return row && toObjectType(row as TypeSelect);
}

export async function listObjectTypeRows(tx: Executor, includeArchived: boolean): Promise<ObjectType[]> {
  let query = tx.selectFrom('objects.object_type').select(TYPE_COLUMNS).orderBy('key');
  if (!includeArchived) query = query.where('archived_at', 'is', null);
  return (await query.execute()).map((row) => toObjectType(row as TypeSelect));
}

export async function listObjectTypeKeys(tx: Executor): Promise<Set<string>> {
  return new Set((await tx.selectFrom('objects.object_type').select('key').execute()).map((r) => r.key));
}

export async function isNumberPrefixTaken(tx: Executor, prefix: string, exceptId?: string): Promise<boolean> {
  let query = tx.selectFrom('objects.object_type').select('id').where('number_prefix', '=', prefix);
  if (exceptId) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export interface NewObjectTypeRow {
  id: string;
  key: string;
  nameZh: string;
  nameEn: string;
  description: string | null;
  numberPrefix: string;
  displayField: string;
  role: ObjectTypeRole;
  fields: ObjectFieldDefinition[];
  layout: ObjectTypeLayout;
  createdBy: string;
  now: Date;
}

export async function insertObjectType(tx: Tx, row: NewObjectTypeRow): Promise<void> {
  await tx
    .insertInto('objects.object_type')
    .values({
      id: row.id,
      key: row.key,
      name_zh: row.nameZh,
      name_en: row.nameEn,
      description: row.description,
      number_prefix: row.numberPrefix,
      display_field: row.displayField,
      role: row.role,
      fields: JSON.stringify(row.fields),
      layout: JSON.stringify(row.layout),
      current_version: 1,
      created_by: row.createdBy,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
  await insertTypeVersion(tx, row.id, 1, row);
}

async function insertTypeVersion(tx: Tx, typeId: string, version: number, row: Pick<NewObjectTypeRow, 'fields' | 'layout' | 'displayField' | 'createdBy' | 'now'>): Promise<void> {
  await tx
    .insertInto('objects.object_type_version')
    .values({
      type_id: typeId,
      version,
      fields: JSON.stringify(row.fields),
      layout: JSON.stringify(row.layout),
      display_field: row.displayField,
      created_by: row.createdBy,
      created_at: row.now,
    })
    .execute();
}

export type ObjectTypeChanges = Pick<NewObjectTypeRow, 'nameZh' | 'nameEn' | 'description' | 'numberPrefix' | 'displayField' | 'fields' | 'layout' | 'createdBy' | 'now'>;

/** Saves a new version if the type is still at `expectedVersion`; undefined when it moved on. */
export async function saveObjectTypeVersionIf(tx: Tx, current: ObjectType, expectedVersion: number, changes: ObjectTypeChanges): Promise<ObjectType | undefined> {
  const nextTypeVersion = current.currentVersion + 1;
  const updated = await tx
    .updateTable('objects.object_type')
    .set({
      name_zh: changes.nameZh,
      name_en: changes.nameEn,
      description: changes.description,
      number_prefix: changes.numberPrefix,
      display_field: changes.displayField,
      fields: JSON.stringify(changes.fields),
      layout: JSON.stringify(changes.layout),
      current_version: nextTypeVersion,
      updated_at: changes.now,
      version: expectedVersion + 1,
    })
    .where('id', '=', current.id)
    .where('version', '=', expectedVersion)
    .returning(TYPE_COLUMNS)
    .executeTakeFirst();
  if (!updated) return undefined;
  await insertTypeVersion(tx, current.id, nextTypeVersion, changes);
  return toObjectType(updated as TypeSelect);
}

export async function archiveObjectTypeRow(tx: Tx, id: string, now: Date): Promise<ObjectType> {
  const row = await tx
    .updateTable('objects.object_type')
    .set((eb) => ({ archived_at: now, updated_at: now, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .returning(TYPE_COLUMNS)
    .executeTakeFirstOrThrow();
  return toObjectType(row as TypeSelect);
}

/** The fields, layout and display field of one saved version of a type. */
export async function findTypeVersion(tx: Executor, typeId: string, version: number): Promise<Pick<ObjectType, 'fields' | 'layout' | 'displayField'> | undefined> {
  const row = await tx.selectFrom('objects.object_type_version').select(['fields', 'layout', 'display_field']).where('type_id', '=', typeId).where('version', '=', version).executeTakeFirst();
  return row && { fields: row.fields as unknown as ObjectFieldDefinition[], layout: row.layout as ObjectTypeLayout, displayField: row.display_field };
}

export async function listTypeVersions(tx: Executor, typeId: string) {
  return tx
    .selectFrom('objects.object_type_version')
    .select(['version', 'fields', 'layout', 'display_field', 'created_by', 'created_at'])
    .where('type_id', '=', typeId)
    .orderBy('version', 'desc')
    .execute();
}

/**
 * Takes the type's next `count` record numbers and returns the first. The type row stays locked
 * until the transaction ends (numbers are gap-free), so a long import should take its numbers
 * once, late, rather than row by row.
 */
export async function takeRecordNumber(tx: Tx, typeId: string, count = 1): Promise<number> {
  const row = await tx
    .updateTable('objects.object_type')
    .set((eb) => ({ next_number: eb('next_number', '+', count) }))
    .where('id', '=', typeId)
    .returning('next_number')
    .executeTakeFirstOrThrow();
  return Number(row.next_number) - count;
}

/** CUS-000123: the prefix and the number, six digits at least. */
export function formatRecordNumber(prefix: string, number: number): string {
  return `${prefix}-${String(number).padStart(6, '0')}`;
}

// ---- relations ----

const RELATION_COLUMNS = [
  'r.id',
  'r.key',
  'r.from_type_id',
  'f.key as from_key',
  'r.to_type_id',
  't.key as to_key',
  'r.to_kind',
  'r.cardinality',
  'r.name_zh',
  'r.name_en',
  'r.inverse_name_zh',
  'r.inverse_name_en',
  'r.created_at',
  'r.updated_at',
] as const;

function relationQuery(tx: Executor) {
  return tx
    .selectFrom('objects.relation as r')
    .innerJoin('objects.object_type as f', 'f.id', 'r.from_type_id')
    .leftJoin('objects.object_type as t', 't.id', 'r.to_type_id')
    .select(RELATION_COLUMNS)
    .where('r.deleted_at', 'is', null);
}

type RelationSelect = Awaited<ReturnType<ReturnType<typeof relationQuery>['executeTakeFirstOrThrow']>>;

function toRelation(row: RelationSelect): Relation {
  return {
    id: row.id,
    key: row.key,
    fromTypeId: row.from_type_id,
    fromType: row.from_key,
    toTypeId: row.to_type_id,
    toType: row.to_key,
    toKind: row.to_kind as Relation['toKind'],
    cardinality: row.cardinality as RelationCardinality,
    nameZh: row.name_zh,
    nameEn: row.name_en,
    inverseNameZh: row.inverse_name_zh,
    inverseNameEn: row.inverse_name_en,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

export async function findRelationByKey(tx: Executor, key: string): Promise<Relation | undefined> {
  const row = await relationQuery(tx).where('r.key', '=', key).executeTakeFirst();
  return row && toRelation(row);
}

export async function isRelationKeyTaken(tx: Executor, key: string): Promise<boolean> {
  return (await tx.selectFrom('objects.relation').select('id').where('key', '=', key).executeTakeFirst()) !== undefined;
}

export async function listRelationRows(tx: Executor, typeId?: string): Promise<Relation[]> {
  let query = relationQuery(tx).orderBy('r.key');
  if (typeId) query = query.where((eb) => eb.or([eb('r.from_type_id', '=', typeId), eb('r.to_type_id', '=', typeId)]));
  return (await query.execute()).map(toRelation);
}

export interface NewRelationRow {
  id: string;
  key: string;
  fromTypeId: string;
  toTypeId: string | null;
  toKind: 'object' | 'case';
  cardinality: RelationCardinality;
  nameZh: string;
  nameEn: string;
  inverseNameZh: string;
  inverseNameEn: string;
  createdBy: string;
  now: Date;
}

export async function insertRelation(tx: Tx, row: NewRelationRow): Promise<void> {
  await tx
    .insertInto('objects.relation')
    .values({
      id: row.id,
      key: row.key,
      from_type_id: row.fromTypeId,
      to_type_id: row.toTypeId,
      to_kind: row.toKind,
      cardinality: row.cardinality,
      name_zh: row.nameZh,
      name_en: row.nameEn,
      inverse_name_zh: row.inverseNameZh,
      inverse_name_en: row.inverseNameEn,
      created_by: row.createdBy,
      created_at: row.now,
      updated_at: row.now,
    })
    .execute();
}

export async function updateRelationRow(tx: Tx, id: string, changes: Partial<Pick<NewRelationRow, 'nameZh' | 'nameEn' | 'inverseNameZh' | 'inverseNameEn' | 'cardinality'>>, now: Date): Promise<void> {
  await tx
    .updateTable('objects.relation')
    .set({
      ...(changes.nameZh !== undefined ? { name_zh: changes.nameZh } : {}),
      ...(changes.nameEn !== undefined ? { name_en: changes.nameEn } : {}),
      ...(changes.inverseNameZh !== undefined ? { inverse_name_zh: changes.inverseNameZh } : {}),
      ...(changes.inverseNameEn !== undefined ? { inverse_name_en: changes.inverseNameEn } : {}),
      ...(changes.cardinality !== undefined ? { cardinality: changes.cardinality } : {}),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteRelationRow(tx: Tx, id: string, now: Date): Promise<void> {
  await tx.updateTable('objects.relation').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
}

/** Whether some target (record or case) has more than one from-record through the relation (one-to-many would be broken). */
export async function hasManyToManyLinks(tx: Tx, relationId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('objects.record_link')
    .select(sql<string>`coalesce(to_record_id, to_case_id)`.as('target'))
    .where('relation_id', '=', relationId)
    .groupBy(sql`coalesce(to_record_id, to_case_id)`)
    .having((eb) => eb.fn.countAll(), '>', 1)
    .executeTakeFirst();
  return row !== undefined;
}
