import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import type { FieldChange } from '../../../platform/db/tables.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { diffFields, recordAuditEvent } from '../../audit/index.ts';
import type { ObjectFieldDefinition, RecordRow } from '../model.ts';
import { objectProblems } from '../problems.ts';
import { findObjectTypeOrThrow } from '../types/object-types.ts';
import { tagErrors } from './create-record.ts';
import { assertAllowedOnRecord, findRecordForActionOrThrow, mayWriteRecordField } from './record-access.ts';
import { definitionsOf, recordSensitiveIndex, sealDisplayName, sealRecordChanges, sealRecordFields } from './record-crypto.ts';
import { checkPointerValues } from './record-pointers.ts';
import { displayNameOf, recordDatesOf, searchTextOf, validateRecordValues, withoutEmpty } from './record-values.ts';
import { typeOfRecord } from './record-view.ts';
import { deleteRecordDates, doesDepartmentExist, doesUserExist, isExternalIdTaken, replaceRecordDates, softDeleteRecordIfVersion, updateRecordIfVersion } from './store.ts';

export interface RecordPatch {
  /** Values merge into the record's; null removes one. */
  fields?: Record<string, unknown>;
  tags?: string[];
  sensitivity?: RecordRow['sensitivity'];
  departmentId?: string | null;
  ownerId?: string | null;
  externalId?: string | null;
}

function staleProblem(expected: number, current: number) {
  return objectProblems.recordVersionStale({ detail: `You sent version ${expected}; the record is at ${current}. Reload it.`, currentVersion: current });
}

/**
 * Changes a record, in the caller's transaction; with `expectedVersion` (If-Match) only if it is
 * still at that version. Changed fields are validated against the type's current version and
 * the record moves to it (values of fields that version no longer has are dropped, audited).
 * Each changed field must be writable for the actor (403 naming it).
 */
export async function updateRecord(ctx: CommandContext, recordId: string, patch: RecordPatch, expectedVersion?: number): Promise<RecordRow> {
  const current = await findRecordForActionOrThrow(ctx, recordId, 'record:update');
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw staleProblem(expectedVersion, current.version);
  const ownType = await typeOfRecord(ctx, current);
  const fieldsChange = patch.fields !== undefined && Object.keys(patch.fields).length > 0;
  const targetType = fieldsChange ? await findObjectTypeOrThrow(ctx.tx, current.typeKey) : ownType;

  const targetDefinitions = definitionsOf(targetType.fields);
  // Permission before validation: a field one may not write is refused whatever its value.
  if (fieldsChange) {
    const refused = Object.keys(patch.fields!).filter((key) => targetDefinitions.has(key) && !mayWriteRecordField(ctx.actor, current, key, targetDefinitions.get(key)?.dataClass ?? null));
    if (refused.length > 0) {
      throw httpProblems.forbidden({ detail: 'You may not change these fields', errors: refused.map((key) => ({ field: `fields.${key}`, reason: 'is not writable for you' })) });
    }
  }
  const errors = [...(fieldsChange ? validateRecordValues(targetType.fields, patch.fields!, { partial: true }) : []), ...tagErrors(patch.tags)];
  if (errors.length > 0) throw objectProblems.invalid({ errors });
  const pointerErrors = fieldsChange ? await checkPointerValues(ctx, targetType.fields, patch.fields!) : [];
  if (patch.departmentId && patch.departmentId !== current.departmentId && !(await doesDepartmentExist(ctx.tx, patch.departmentId)))
    pointerErrors.push({ field: 'departmentId', reason: 'no such department' });
  if (patch.ownerId && patch.ownerId !== current.ownerId && !(await doesUserExist(ctx.tx, patch.ownerId))) pointerErrors.push({ field: 'ownerId', reason: 'no such user' });
  if (pointerErrors.length > 0) throw objectProblems.invalid({ errors: pointerErrors });
  if (patch.externalId && patch.externalId !== current.externalId && (await isExternalIdTaken(ctx.tx, current.typeId, patch.externalId, current.id))) {
    throw objectProblems.externalIdTaken({ errors: [{ field: 'externalId', reason: 'is taken' }] });
  }

  const kept = fieldsChange ? Object.fromEntries(Object.entries(current.fields).filter(([key]) => targetDefinitions.has(key))) : current.fields;
  const fields = fieldsChange ? withoutEmpty({ ...kept, ...patch.fields }) : current.fields;
  const after: RecordRow = {
    ...current,
    typeVersion: targetType.typeVersion,
    fields,
    displayName: displayNameOf(fields, targetType.displayField),
    tags: patch.tags !== undefined ? [...new Set(patch.tags)] : current.tags,
    sensitivity: patch.sensitivity ?? current.sensitivity,
    departmentId: patch.departmentId !== undefined ? patch.departmentId : current.departmentId,
    ownerId: patch.ownerId !== undefined ? patch.ownerId : current.ownerId,
    externalId: patch.externalId !== undefined ? patch.externalId : current.externalId,
  };
  const changes = recordChanges(current, after);
  if (changes.length === 0) return current;
  // Moving a record (department, owner, tags, sensitivity) must not put it where the actor may not change it.
  if (changes.some((c) => !c.field.startsWith('fields.'))) assertAllowedOnRecord(ctx.actor, 'record:update', after);

  const sealingDefinitions = new Map<string, ObjectFieldDefinition>([...definitionsOf(ownType.fields), ...targetDefinitions]);
  const updated = await updateRecordIfVersion(
    ctx.tx,
    recordId,
    current.version,
    {
      typeVersion: after.typeVersion,
      displayName: sealDisplayName(ctx.keyRing, recordId, after.displayName, targetDefinitions.get(targetType.displayField)),
      fields: sealRecordFields(ctx.keyRing, recordId, fields, targetDefinitions),
      sensitiveIndex: recordSensitiveIndex(ctx.keyRing, fields, targetDefinitions),
      searchText: searchTextOf(current.number, fields, targetType.fields, targetType.displayField),
      tags: after.tags,
      sensitivity: after.sensitivity,
      departmentId: after.departmentId,
      ownerId: after.ownerId,
      externalId: after.externalId,
    },
    ctx.now,
  );
  if (!updated) throw objectProblems.recordVersionStale({ detail: 'The record changed while you saved. Reload it.' });
  if (fieldsChange) await replaceRecordDates(ctx.tx, recordId, current.typeId, recordDatesOf(fields, targetType.fields));
  await recordAuditEvent(ctx, {
    action: 'objects.record-changed',
    targetType: 'record',
    targetId: recordId,
    changes: sealRecordChanges(ctx.keyRing, recordId, changes, sealingDefinitions),
    data: { number: current.number, objectType: current.typeKey, version: updated.version, typeVersion: after.typeVersion },
  });
  await ctx.publish(domainEvent('record.changed', 'record', recordId, { recordId, objectType: current.typeKey, version: updated.version, changed: changes.map((c) => c.field) }));
  return { ...after, version: updated.version, updatedAt: updated.updatedAt };
}

function recordChanges(before: RecordRow, after: RecordRow): FieldChange[] {
  const plain = (row: RecordRow) => ({ tags: row.tags, sensitivity: row.sensitivity, departmentId: row.departmentId, ownerId: row.ownerId, externalId: row.externalId });
  return [...diffFields(before.fields, after.fields, 'fields.'), ...diffFields(plain(before), plain(after))];
}

/** Deletes a record (soft): it leaves lists, links and the date triggers; its history stays. */
export async function deleteRecord(ctx: CommandContext, recordId: string, expectedVersion?: number): Promise<void> {
  const current = await findRecordForActionOrThrow(ctx, recordId, 'record:delete');
  if (expectedVersion !== undefined && current.version !== expectedVersion) throw staleProblem(expectedVersion, current.version);
  if (!(await softDeleteRecordIfVersion(ctx.tx, recordId, current.version, ctx.now))) throw objectProblems.recordVersionStale({ detail: 'The record changed while you deleted it' });
  await deleteRecordDates(ctx.tx, recordId);
  await recordAuditEvent(ctx, { action: 'objects.record-deleted', targetType: 'record', targetId: recordId, data: { number: current.number, objectType: current.typeKey } });
  await ctx.publish(domainEvent('record.deleted', 'record', recordId, { recordId, objectType: current.typeKey }));
}
