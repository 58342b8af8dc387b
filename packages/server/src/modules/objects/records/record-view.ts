import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Tx } from '../../../platform/db/database.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import { maskValue } from '../../access/index.ts';
import type { ObjectType, RecordRow } from '../model.ts';
import { findObjectTypeAtVersionOrThrow } from '../types/object-types.ts';
import { fieldAccessOf, isAllowedOnRecord, mayWriteRecordField } from './record-access.ts';

// Every response that carries records goes through here, so masking has one place: hidden fields
// are left out, masked ones masked by their data class, and the display name follows its field.

const typeCache = new WeakMap<Tx, Map<string, Promise<ObjectType>>>();

/** The record's own type version (cached for the transaction: a page reads one or two). */
export function typeOfRecord(ctx: Pick<CommandContext, 'tx'>, row: Pick<RecordRow, 'typeId' | 'typeVersion'>): Promise<ObjectType> {
  let cache = typeCache.get(ctx.tx);
  if (!cache) {
    cache = new Map();
    typeCache.set(ctx.tx, cache);
  }
  const key = `${row.typeId}:${row.typeVersion}`;
  let found = cache.get(key);
  if (!found) {
    found = findObjectTypeAtVersionOrThrow(ctx.tx, row.typeId, row.typeVersion);
    cache.set(key, found);
  }
  return found;
}

export function toRecordView(row: RecordRow, type: ObjectType, reader: Principal) {
  const fields: Record<string, unknown> = {};
  const maskedFields: string[] = [];
  const definitions = new Map(type.fields.map((f) => [f.key, f]));
  for (const [key, value] of Object.entries(row.fields)) {
    const dataClass = definitions.get(key)?.dataClass ?? null;
    const access = fieldAccessOf(reader, 'record:read', row, key, dataClass);
    if (access === 'hidden') continue;
    if (access === 'masked') {
      fields[key] = maskValue(dataClass ?? 'unknown', value);
      maskedFields.push(key);
    } else fields[key] = value;
  }
  const displayDefinition = definitions.get(type.displayField);
  const displayAccess = fieldAccessOf(reader, 'record:read', row, type.displayField, displayDefinition?.dataClass ?? null);
  const displayName = displayAccess === 'hidden' ? row.number : displayAccess === 'masked' ? String(maskValue(displayDefinition?.dataClass ?? 'unknown', row.displayName)) : row.displayName;
  const update = isAllowedOnRecord(reader, 'record:update', row);
  return {
    id: row.id,
    number: row.number,
    type: row.typeKey,
    typeVersion: row.typeVersion,
    displayName,
    fields,
    maskedFields,
    externalId: row.externalId,
    tags: row.tags,
    sensitivity: row.sensitivity,
    departmentId: row.departmentId,
    ownerId: row.ownerId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
    allowed: {
      update,
      delete: isAllowedOnRecord(reader, 'record:delete', row),
      unmask: isAllowedOnRecord(reader, 'record:unmask', row),
      writableFields: update ? type.fields.filter((f) => mayWriteRecordField(reader, row, f.key, f.dataClass ?? null)).map((f) => f.key) : [],
    },
  };
}

export type RecordView = ReturnType<typeof toRecordView>;

/** The record as `ctx.actor` may see it (the masked view). `row` has its sensitive values opened. */
export async function presentRecord(ctx: Pick<CommandContext, 'tx' | 'actor'>, row: RecordRow): Promise<RecordView> {
  return toRecordView(row, await typeOfRecord(ctx, row), ctx.actor);
}

export async function presentRecords(ctx: Pick<CommandContext, 'tx' | 'actor'>, rows: RecordRow[]): Promise<RecordView[]> {
  const views: RecordView[] = [];
  for (const row of rows) views.push(await presentRecord(ctx, row));
  return views;
}
