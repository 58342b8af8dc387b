import type { CommandContext } from '../../../platform/commands/index.ts';
import type { FieldChange } from '../../../platform/db/tables.ts';
import { domainEvent, type AuditAction, type DomainEvent } from '../../../platform/events/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import type { Principal } from '../../../platform/http/principal.ts';
import { newId } from '../../../platform/ids/ids.ts';
import { isCaseActionAllowed } from '../../access/index.ts';
import { diffFields, recordAuditEventsOfCommands } from '../../audit/index.ts';
import type { ObjectFieldDefinition, ObjectType, RecordRow } from '../model.ts';
import { objectProblems } from '../problems.ts';
import { tagErrors } from '../records/create-record.ts';
import { mayWriteRecordField, openRecordRows, policyCaseOf } from '../records/record-access.ts';
import { definitionsOf, recordSensitiveIndex, sealDisplayName, sealRecordChanges, sealRecordFields } from '../records/record-crypto.ts';
import { checkPointerValues } from '../records/record-pointers.ts';
import { displayNameOf, recordDatesOf, searchTextOf, validateRecordValues, withoutEmpty } from '../records/record-values.ts';
import type { RowInput } from './column-mapping.ts';
import {
  allocateRecordNumbers,
  findExistingDepartmentIds,
  findExistingUserIds,
  findRecordsForUpsert,
  insertRecordBatch,
  replaceRecordDates,
  updateRecordBatch,
  type ImportErrorRow,
  type RecordDateValues,
  type StoredRecordValues,
} from './import-store.ts';

// A batch of records written together. Every row is checked exactly as the records part checks
// one record (validateRecordValues, tagErrors, checkPointerValues, the create and update policy
// rules, writable fields), then numbered with one UPDATE, sealed with the records part's helpers,
// and written with one multi-row INSERT (and one UPDATE for an upsert's changes) per table,
// whatever the batch's size. Imports, the upsert by external id and the lookup connector all
// write through here.

export const SENSITIVITIES = ['normal', 'confidential', 'secret'] as const;
// As createRecord: 1 to 200 characters.
const EXTERNAL_ID_MAX = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface BatchRow {
  /** The caller's reference for the row (a spreadsheet row number), returned with its errors. */
  row: number;
  input: RowInput;
}

/** What the batch may do: insert refuses existing external ids; upsert changes their records. */
export type BatchAction = 'insert' | 'upsert';

/** The permissions that let a row create a record, and change one (any of each list). */
export interface BatchPermissions {
  create: string[];
  update: string[];
}

export interface PreparedWrite {
  row: number;
  kind: 'create' | 'update';
  /** The record as it will be, sensitive values in clear. */
  after: RecordRow;
  /** For an update: the record as it is, opened. */
  before?: RecordRow;
}

export interface PreparedBatch {
  writes: PreparedWrite[];
  errors: ImportErrorRow[];
  /** Rows with at least one error. */
  failedRows: Set<number>;
  /** Rows refused by the record policy (the actor may not create or change that record). */
  refusedRows: Set<number>;
}

/**
 * Creating a record with `action`: as the records part's assertAllowedToCreateRecord, the action
 * must reach the record's department, and an `own` scope counts only for a record in no department.
 */
function mayCreate(actor: Principal, action: string, row: RecordRow): boolean {
  const record = policyCaseOf(row);
  return actor.permissions.some((p) => isCaseActionAllowed({ ...actor, permissions: [p] }, action, record) && (record.departmentId === null || (p.scope ?? 'all') !== 'own'));
}

const mayChange = (actor: Principal, actions: string[], row: RecordRow) => actions.some((action) => isCaseActionAllowed(actor, action, policyCaseOf(row)));

/**
 * Validates every row and decides, per row, a create or an update. Nothing is written. Rows are
 * refused for their values (the record validation's reasons), a repeated external id, an
 * external id taken (insert) or missing (upsert), and a record the actor may not create or change.
 */
export async function prepareRecordBatch(ctx: CommandContext, type: ObjectType, rows: BatchRow[], options: { action: BatchAction; permissions: BatchPermissions }): Promise<PreparedBatch> {
  const errors: ImportErrorRow[] = [];
  const failedRows = new Set<number>();
  const refusedRows = new Set<number>();
  const fail = (row: number, field: string, reason: string) => {
    errors.push({ row, field, reason });
    failedRows.add(row);
  };
  const firstRowOfExternalId = new Map<string, number>();
  for (const { row, input } of rows) {
    if (input.externalId === undefined) {
      if (options.action === 'upsert') fail(row, 'externalId', 'is required to upsert');
      continue;
    }
    if (input.externalId.trim() === '' || input.externalId.length > EXTERNAL_ID_MAX) fail(row, 'externalId', `must be 1 to ${EXTERNAL_ID_MAX} characters`);
    const first = firstRowOfExternalId.get(input.externalId);
    if (first !== undefined) fail(row, 'externalId', `repeats row ${first}`);
    else firstRowOfExternalId.set(input.externalId, row);
  }
  const stored = await findRecordsForUpsert(ctx.tx, type.id, [...firstRowOfExternalId.keys()]);
  const opened = new Map((await openRecordRows(ctx.keyRing, [...stored.values()])).map((r) => [r.externalId!, r]));
  const pointers = await pointerChecker(ctx, type, rows);
  const definitions = definitionsOf(type.fields);

  const writes: PreparedWrite[] = [];
  for (const { row, input } of rows) {
    if (input.sensitivity !== undefined && !(SENSITIVITIES as readonly string[]).includes(input.sensitivity)) fail(row, 'sensitivity', `must be one of ${SENSITIVITIES.join(', ')}`);
    for (const e of tagErrors(input.tags)) fail(row, e.field, e.reason);
    const before = input.externalId === undefined ? undefined : opened.get(input.externalId);
    if (before?.deletedAt) {
      fail(row, 'externalId', 'belongs to a deleted record');
      continue;
    }
    if (before && options.action === 'insert') fail(row, 'externalId', 'is taken: a record with this external id exists (import with action upsert to change it)');

    if (before) {
      // An upsert changes what the row gives; the rest of the record stays as it is (a PATCH).
      for (const e of validateRecordValues(type.fields, input.fields, { partial: true })) fail(row, e.field, e.reason);
      if (failedRows.has(row)) continue;
      for (const e of await pointers.check(input, before)) fail(row, e.field, e.reason);
      const fields = withoutEmpty({ ...Object.fromEntries(Object.entries(before.fields).filter(([key]) => definitions.has(key))), ...input.fields });
      const after: RecordRow = {
        ...before,
        typeVersion: type.typeVersion,
        fields,
        displayName: displayNameOf(fields, type.displayField),
        tags: input.tags !== undefined ? [...new Set(input.tags)] : before.tags,
        sensitivity: (input.sensitivity as RecordRow['sensitivity']) ?? before.sensitivity,
        departmentId: input.departmentId ?? before.departmentId,
        ownerId: input.ownerId ?? before.ownerId,
      };
      if (failedRows.has(row)) continue;
      const refusedFields = Object.keys(input.fields).filter(
        (key) => JSON.stringify(before.fields[key] ?? null) !== JSON.stringify(fields[key] ?? null) && !mayWriteRecordField(ctx.actor, before, key, definitions.get(key)?.dataClass ?? null),
      );
      if (!mayChange(ctx.actor, options.permissions.update, before) || !mayChange(ctx.actor, options.permissions.update, after)) {
        fail(row, '(row)', `your roles do not grant ${options.permissions.update.join(' or ')} on this record`);
        refusedRows.add(row);
      } else if (refusedFields.length > 0) {
        for (const key of refusedFields) fail(row, `fields.${key}`, 'is not writable for you');
        refusedRows.add(row);
      } else writes.push({ row, kind: 'update', before, after });
      continue;
    }

    for (const e of validateRecordValues(type.fields, input.fields)) fail(row, e.field, e.reason);
    if (failedRows.has(row)) continue;
    const fields = withoutEmpty(input.fields);
    for (const e of await pointers.check(input)) fail(row, e.field, e.reason);
    if (failedRows.has(row)) continue;
    const after: RecordRow = {
      id: newId<string>(),
      typeId: type.id,
      typeKey: type.key,
      typeVersion: type.typeVersion,
      number: '',
      displayName: displayNameOf(fields, type.displayField),
      fields,
      externalId: input.externalId ?? null,
      tags: [...new Set(input.tags ?? [])],
      sensitivity: (input.sensitivity as RecordRow['sensitivity']) ?? 'normal',
      // A record without a department belongs to its creator's, as createRecord does.
      departmentId: input.departmentId ?? ctx.actor.departmentId,
      ownerId: input.ownerId ?? null,
      createdBy: ctx.actor.userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      deletedAt: null,
      version: 1,
    };
    if (!options.permissions.create.some((action) => mayCreate(ctx.actor, action, after))) {
      fail(row, '(row)', `your roles do not grant ${options.permissions.create.join(' or ')} in this department`);
      refusedRows.add(row);
    } else writes.push({ row, kind: 'create', after });
  }
  errors.sort((a, b) => a.row - b.row);
  return { writes, errors, failedRows, refusedRows };
}

/**
 * Values that point elsewhere, checked by the records part's checkPointerValues once per distinct
 * (field, value) of the batch: a file of 10,000 customers names a few dozen relationship managers.
 * Departments and owners of the record itself are looked up for the whole batch in one query each.
 */
async function pointerChecker(ctx: CommandContext, type: ObjectType, rows: BatchRow[]) {
  const departmentIds = new Set<string>();
  const userIds = new Set<string>();
  for (const { input } of rows) {
    if (input.departmentId !== undefined && UUID.test(input.departmentId)) departmentIds.add(input.departmentId);
    if (input.ownerId !== undefined && UUID.test(input.ownerId)) userIds.add(input.ownerId);
  }
  const departments = await findExistingDepartmentIds(ctx.tx, [...departmentIds]);
  const users = await findExistingUserIds(ctx.tx, [...userIds]);
  const pointerFields = type.fields.filter((f) => f.type === 'user' || f.type === 'department' || f.type === 'reference' || f.type === 'case-reference');
  const checked = new Map<string, Promise<FieldError[]>>();
  const checkValue = (field: ObjectFieldDefinition, value: unknown) => {
    const key = `${field.key}\u0000${String(value)}`;
    let found = checked.get(key);
    if (!found) checked.set(key, (found = checkPointerValues(ctx, [field], { [field.key]: value })));
    return found;
  };
  return {
    async check(input: RowInput, before?: RecordRow): Promise<FieldError[]> {
      const errors: FieldError[] = [];
      for (const field of pointerFields) {
        const value = input.fields[field.key];
        if (typeof value === 'string') errors.push(...(await checkValue(field, value)));
      }
      if (input.departmentId !== undefined && input.departmentId !== before?.departmentId && !departments.has(input.departmentId)) errors.push({ field: 'departmentId', reason: 'no such department' });
      if (input.ownerId !== undefined && input.ownerId !== before?.ownerId && !users.has(input.ownerId)) errors.push({ field: 'ownerId', reason: 'no such user' });
      return errors;
    },
  };
}

/** Which audit action each written record gets: an import's creations and changes, or an upsert's. */
export interface BatchAudit {
  created: AuditAction;
  changed: AuditAction;
  /** Added to each record's audit data (the import's id, the connector's version). */
  data?: Record<string, unknown>;
  /** Audit a change that changed nothing too (a lookup is audited whatever it found). */
  auditUnchanged?: boolean;
}

export interface WrittenBatch {
  /** Created and changed records as stored, sensitive values in clear (never to be logged or answered as is). */
  created: RecordRow[];
  updated: RecordRow[];
  /** Audit changes of each write, by record id (in clear). */
  changesOf: Map<string, FieldChange[]>;
}

/** Writes prepared records: one UPDATE for the numbers, one statement per table, audit and events. */
export async function writeRecordBatch(ctx: CommandContext, type: ObjectType, writes: PreparedWrite[], audit: BatchAudit): Promise<WrittenBatch> {
  const definitions = definitionsOf(type.fields);
  const displayDefinition = definitions.get(type.displayField);
  const changesOf = new Map<string, FieldChange[]>();
  for (const w of writes) changesOf.set(w.after.id, w.before ? recordChanges(w.before, w.after) : diffFields({}, w.after.fields, 'fields.'));
  const creates = writes.filter((w) => w.kind === 'create');
  // A change that changes nothing is not written: the record's version stays, no event is sent.
  const changed = writes.filter((w) => w.kind === 'update' && changesOf.get(w.after.id)!.length > 0);
  const unchanged = writes.filter((w) => w.kind === 'update' && changesOf.get(w.after.id)!.length === 0);

  if (creates.length > 0) {
    const first = await allocateRecordNumbers(ctx.tx, type.id, creates.length);
    creates.forEach((w, i) => {
      w.after.number = `${type.numberPrefix}-${String(first + i).padStart(6, '0')}`;
    });
  }
  const stored = (r: RecordRow): StoredRecordValues => ({
    id: r.id,
    typeId: type.id,
    typeKey: type.key,
    typeVersion: r.typeVersion,
    number: r.number,
    displayName: sealDisplayName(ctx.keyRing, r.id, r.displayName, displayDefinition),
    fields: sealRecordFields(ctx.keyRing, r.id, r.fields, definitions),
    sensitiveIndex: recordSensitiveIndex(ctx.keyRing, r.fields, definitions),
    searchText: searchTextOf(r.number, r.fields, type.fields, type.displayField),
    externalId: r.externalId,
    tags: r.tags,
    sensitivity: r.sensitivity,
    departmentId: r.departmentId,
    ownerId: r.ownerId,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
  });
  const inserted = await insertRecordBatch(
    ctx.tx,
    creates.map((w) => stored(w.after)),
  );
  // Another writer took one of the external ids since the batch was checked: nothing is kept.
  if (inserted.size !== creates.length) {
    throw objectProblems.externalIdTaken({ detail: 'Another writer created a record with one of these external ids meanwhile; send it again to change that record', errors: [{ field: 'externalId', reason: 'is taken' }] });
  }
  await updateRecordBatch(
    ctx.tx,
    changed.map((w) => ({ ...stored(w.after), updatedAt: ctx.now })),
  );
  for (const w of changed) {
    w.after.version = w.before!.version + 1;
    w.after.updatedAt = ctx.now;
  }
  const dates: RecordDateValues[] = [...creates, ...changed].flatMap((w) => recordDatesOf(w.after.fields, type.fields).map((d) => ({ recordId: w.after.id, typeId: type.id, fieldKey: d.fieldKey, value: d.value })));
  await replaceRecordDates(
    ctx.tx,
    changed.map((w) => w.after.id),
    dates,
  );

  const sealedChanges = (w: PreparedWrite) => sealRecordChanges(ctx.keyRing, w.after.id, changesOf.get(w.after.id)!, definitions);
  const dataOf = (r: RecordRow) => ({ number: r.number, objectType: type.key, typeVersion: r.typeVersion, departmentId: r.departmentId, ownerId: r.ownerId, tags: r.tags, sensitivity: r.sensitivity, externalId: r.externalId, ...audit.data });
  await recordAuditEventsOfCommands([
    ...creates.map((w) => ({ ctx, fact: { action: audit.created, targetType: 'record', targetId: w.after.id, changes: sealedChanges(w), data: { ...dataOf(w.after), created: true } } })),
    ...[...changed, ...(audit.auditUnchanged ? unchanged : [])].map((w) => ({
      ctx,
      fact: { action: audit.changed, targetType: 'record', targetId: w.after.id, changes: sealedChanges(w), data: { ...dataOf(w.after), version: w.after.version, created: false } },
    })),
  ]);
  const events: DomainEvent[] = [
    ...creates.map((w) =>
      domainEvent('record.created', 'record', w.after.id, { recordId: w.after.id, number: w.after.number, objectType: type.key, version: 1, externalId: w.after.externalId }),
    ),
    ...changed.map((w) =>
      domainEvent('record.changed', 'record', w.after.id, { recordId: w.after.id, objectType: type.key, version: w.after.version, changed: changesOf.get(w.after.id)!.map((c) => c.field) }),
    ),
  ];
  if (events.length > 0) await ctx.publish(...events);
  return { created: creates.map((w) => w.after), updated: writes.filter((w) => w.kind === 'update').map((w) => w.after), changesOf };
}

/** As updateRecord's: each field's before → after, then the record's own properties. */
function recordChanges(before: RecordRow, after: RecordRow): FieldChange[] {
  const plain = (row: RecordRow) => ({ tags: row.tags, sensitivity: row.sensitivity, departmentId: row.departmentId, ownerId: row.ownerId, externalId: row.externalId });
  return [...diffFields(before.fields, after.fields, 'fields.'), ...diffFields(plain(before), plain(after))];
}
