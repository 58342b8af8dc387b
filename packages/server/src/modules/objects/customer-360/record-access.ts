import type { Expression, SqlBool } from 'kysely';
import type { CommandContext } from '../../../platform/commands/index.ts';
import type { Problem } from '../../../platform/http/problem.ts';
import { compileCaseFilter } from '../../access/index.ts';
import type { ObjectFieldDefinition, ObjectType, RecordRow } from '../model.ts';
import { findCustomerType, findRecordForActionOrThrow, presentRecord, recordVisibility, typeOfRecord } from '../index.ts';
import { customer360Problems } from './problems.ts';
import { isLiveRecordOfType } from './store.ts';

// The records part's door, as the 360° view uses it: every record is loaded through
// findRecordForActionOrThrow (record:read), shown through presentRecord (masked per reader),
// listed under recordVisibility. Nothing here decides who may see what.

/** A record as presentRecord shows it to this reader (what the view reads of it). */
export interface PresentedRecord {
  id: string;
  number: string;
  /** The object type's key. */
  type: string;
  displayName: string;
  fields: Record<string, unknown>;
  tags: string[];
  [key: string]: unknown;
}

export interface CustomerRecord {
  id: string;
  typeId: string;
  externalId: string | null;
  view: PresentedRecord;
  type: { key: string; name: { 'zh-CN': string; 'en-US': string } };
  /** The fields the reader may see, labelled, in the type's order (hidden ones are absent from the view). */
  profile: ProfileField[];
}

export interface ProfileField {
  key: string;
  type: string;
  label: { 'zh-CN': string; 'en-US': string };
  value: unknown;
  /** select / multi-select: the value's labels. */
  valueLabels?: { 'zh-CN': string; 'en-US': string }[];
}

function profileOf(fields: ObjectFieldDefinition[], view: PresentedRecord): ProfileField[] {
  return fields
    .filter((f) => Object.hasOwn(view.fields, f.key))
    .map((f) => {
      const value = view.fields[f.key];
      const values = Array.isArray(value) ? value : [value];
      const labels = f.options ? values.flatMap((v) => f.options!.filter((o) => o.value === v).map((o) => o.label)) : undefined;
      return { key: f.key, type: f.type, label: f.label, value, ...(labels && labels.length > 0 ? { valueLabels: labels } : {}) };
    });
}

export async function findCustomerTypeRow(ctx: CommandContext): Promise<ObjectType | null> {
  return findCustomerType(ctx.tx);
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Problem).status === 404;
}

async function findReadableRecord(ctx: CommandContext, id: string): Promise<RecordRow | null> {
  try {
    return await findRecordForActionOrThrow(ctx, id, 'record:read');
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/**
 * The customer record: null when there is none (or it is not of the customer type), 'hidden' when
 * the reader may not read it (record:read answers 404 for a record out of the reader's reach).
 */
export async function loadCustomer(ctx: CommandContext, id: string): Promise<CustomerRecord | 'hidden' | null> {
  const customerType = await findCustomerType(ctx.tx);
  if (!customerType) return null;
  const row = await findReadableRecord(ctx, id);
  if (row === null) {
    return (await isLiveRecordOfType(ctx.tx, id, customerType.id)) ? 'hidden' : null;
  }
  if (row.typeId !== customerType.id) return null;
  const view = (await presentRecord(ctx, row)) as unknown as PresentedRecord;
  return {
    id: row.id,
    typeId: row.typeId,
    externalId: row.externalId,
    view,
    type: { key: customerType.key, name: { 'zh-CN': customerType.nameZh, 'en-US': customerType.nameEn } },
    profile: profileOf(customerType.fields, view),
  };
}

/** GET /customers/{id}: a record that is not a customer, or not visible to the reader, is 404 alike (ids cannot be probed). */
export async function loadReadableCustomerOrThrow(ctx: CommandContext, id: string): Promise<CustomerRecord> {
  const found = await loadCustomer(ctx, id);
  if (found === null || found === 'hidden') throw customer360Problems.customerNotFound({ detail: `No customer ${id}` });
  return found;
}

/** SQL on objects.record's columns: the records the reader may read; null when none at all. */
export function readableRecordCondition(ctx: CommandContext): Expression<SqlBool> | null {
  if (compileCaseFilter(ctx.actor, 'record:read').kind === 'none') return null;
  return recordVisibility(ctx.actor, 'record:read');
}

/** Whether any of the reader's record:read permissions reaches records of this type. */
export function canReadRecordsOfType(ctx: CommandContext, typeKey: string): boolean {
  return ctx.actor.permissions.some((p) => p.action === 'record:read' && (!p.caseTypes || p.caseTypes.includes(typeKey)));
}

/**
 * The records (already filtered to the readable ones), presented; with `followReferences`, each
 * with the records its reference fields point to that the reader may read (a holding's product).
 */
export async function loadPresentedRecords(
  ctx: CommandContext,
  ids: string[],
  options: { followReferences: boolean },
): Promise<(PresentedRecord & { references: { field: string; record: PresentedRecord }[] })[]> {
  const presented = [];
  for (const id of ids) {
    const row = await findReadableRecord(ctx, id);
    if (row === null) continue;
    const view = (await presentRecord(ctx, row)) as unknown as PresentedRecord;
    const references: { field: string; record: PresentedRecord }[] = [];
    if (options.followReferences) {
      for (const field of await referenceFieldsOf(ctx, row)) {
        const values = row.fields[field.key];
        for (const refId of (Array.isArray(values) ? values : [values]).filter((v): v is string => typeof v === 'string')) {
          const ref = await findReadableRecord(ctx, refId);
          if (ref) references.push({ field: field.key, record: (await presentRecord(ctx, ref)) as unknown as PresentedRecord });
        }
      }
    }
    presented.push({ ...view, references });
  }
  return presented;
}

async function referenceFieldsOf(ctx: CommandContext, row: RecordRow): Promise<ObjectFieldDefinition[]> {
  const type = await typeOfRecord(ctx, row);
  return type.fields.filter((f) => f.type === 'reference' && f.referenceTo);
}
