import type { CommandContext } from '../../../platform/commands/index.ts';
import { domainEvent } from '../../../platform/events/index.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { httpProblems } from '../../../platform/http/problem.ts';
import { recordAuditEvent } from '../../audit/index.ts';
import type { RecordRow } from '../model.ts';
import { objectProblems } from '../problems.ts';
import { findObjectTypeOrThrow } from '../types/object-types.ts';
import { formatRecordNumber, takeRecordNumber } from '../types/store.ts';
import { assertAllowedToCreateRecord } from './record-access.ts';
import { definitionsOf, recordSensitiveIndex, sealDisplayName, sealRecordChanges, sealRecordFields } from './record-crypto.ts';
import { checkPointerValues } from './record-pointers.ts';
import { displayNameOf, recordDatesOf, searchTextOf, validateRecordValues, withoutEmpty } from './record-values.ts';
import { doesDepartmentExist, doesUserExist, isExternalIdTaken, insertRecordRow, replaceRecordDates } from './store.ts';
import { diffFields } from '../../audit/index.ts';

export interface CreateRecordInput {
  fields: Record<string, unknown>;
  tags?: string[];
  sensitivity?: RecordRow['sensitivity'];
  departmentId?: string | null;
  ownerId?: string | null;
  /** The record's id in its source system (CRM, core banking); unique per type. */
  externalId?: string | null;
}

const TAG = /^[\p{L}\p{N}][\p{L}\p{N}_-]{0,39}$/u;

export function tagErrors(tags: string[] | undefined) {
  return (tags ?? []).flatMap((tag, i) => (TAG.test(tag) ? [] : [{ field: `tags[${i}]`, reason: 'must be 1 to 40 letters, digits, - or _' }]));
}

/**
 * Creates a record of the type's current version, in the caller's transaction: validated, its
 * sensitive values sealed and blind-indexed, its dates indexed for the date triggers, audited
 * (sensitive values sealed) and published as record.created.
 */
export async function createRecord(ctx: CommandContext, typeKey: string, input: CreateRecordInput): Promise<RecordRow> {
  // Someone who may create no record anywhere is refused before any value is looked at.
  if (!ctx.actor.permissions.some((p) => p.action === 'record:create')) throw httpProblems.forbidden({ detail: 'None of your roles grants record:create', action: 'record:create' });
  const type = await findObjectTypeOrThrow(ctx.tx, typeKey);
  if (type.archivedAt) throw objectProblems.typeArchived({ detail: `${typeKey} is archived` });
  const values = input.fields ?? {};
  const errors = [...validateRecordValues(type.fields, values), ...tagErrors(input.tags)];
  if (input.externalId !== undefined && input.externalId !== null && (input.externalId.trim() === '' || input.externalId.length > 200)) {
    errors.push({ field: 'externalId', reason: 'must be 1 to 200 characters' });
  }
  if (errors.length > 0) throw objectProblems.invalid({ errors });
  const fields = withoutEmpty(values);
  const departmentId = input.departmentId === undefined ? ctx.actor.departmentId : input.departmentId;
  const ownerId = input.ownerId ?? null;
  const pointerErrors = await checkPointerValues(ctx, type.fields, fields);
  if (departmentId && !(await doesDepartmentExist(ctx.tx, departmentId))) pointerErrors.push({ field: 'departmentId', reason: 'no such department' });
  if (ownerId && !(await doesUserExist(ctx.tx, ownerId))) pointerErrors.push({ field: 'ownerId', reason: 'no such user' });
  if (pointerErrors.length > 0) throw objectProblems.invalid({ errors: pointerErrors });
  if (input.externalId && (await isExternalIdTaken(ctx.tx, type.id, input.externalId))) {
    throw objectProblems.externalIdTaken({ detail: `A ${typeKey} record with this external id exists`, errors: [{ field: 'externalId', reason: 'is taken' }] });
  }

  const id = newId<string>();
  const tags = [...new Set(input.tags ?? [])];
  const sensitivity = input.sensitivity ?? 'normal';
  assertAllowedToCreateRecord(ctx.actor, { id, typeKey, createdBy: ctx.actor.userId, ownerId, departmentId, tags, sensitivity });

  const number = formatRecordNumber(type.numberPrefix, await takeRecordNumber(ctx.tx, type.id));
  const definitions = definitionsOf(type.fields);
  const displayName = displayNameOf(fields, type.displayField);
  const inserted = await insertRecordRow(ctx.tx, {
    id,
    typeId: type.id,
    typeKey,
    typeVersion: type.currentVersion,
    number,
    displayName: sealDisplayName(ctx.keyRing, id, displayName, definitions.get(type.displayField)),
    fields: sealRecordFields(ctx.keyRing, id, fields, definitions),
    sensitiveIndex: recordSensitiveIndex(ctx.keyRing, fields, definitions),
    searchText: searchTextOf(number, fields, type.fields, type.displayField),
    externalId: input.externalId ?? null,
    tags,
    sensitivity,
    departmentId,
    ownerId,
    createdBy: ctx.actor.userId,
    now: ctx.now,
  });
  await replaceRecordDates(ctx.tx, id, type.id, recordDatesOf(fields, type.fields));
  const created: RecordRow = { ...inserted, displayName, fields };
  await recordAuditEvent(ctx, {
    action: 'objects.record-created',
    targetType: 'record',
    targetId: id,
    changes: sealRecordChanges(ctx.keyRing, id, diffFields({}, fields, 'fields.'), definitions),
    data: { number, objectType: typeKey, typeVersion: type.currentVersion, departmentId, ownerId, tags, sensitivity, externalId: input.externalId ?? null },
  });
  await ctx.publish(domainEvent('record.created', 'record', id, { recordId: id, number, objectType: typeKey, version: created.version, externalId: created.externalId }));
  return created;
}
