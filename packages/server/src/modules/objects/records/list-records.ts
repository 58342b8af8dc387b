import type { CommandContext } from '../../../platform/commands/index.ts';
import type { FieldError } from '../../../platform/http/problem.ts';
import { objectProblems } from '../problems.ts';
import { findObjectTypeOrThrow } from '../types/object-types.ts';
import { fieldAccessOf, isAllowedOnRecord, openRecordRows, recordVisibility } from './record-access.ts';
import { blindTerm } from './record-crypto.ts';
import { searchTextOf } from './record-values.ts';
import type { RecordRow } from '../model.ts';
import { presentRecords, type RecordView } from './record-view.ts';
import { listRecordPage, type RecordKeyset, type RecordSort } from './store.ts';
import { isAtLeast } from '../../access/index.ts';

export interface RecordListQuery {
  q?: string;
  /** field key → the value as text (`?field.tier=gold`). */
  fields?: Record<string, string>;
  departmentId?: string;
  ownerId?: string;
  tag?: string;
  sort?: RecordSort;
  after?: string;
  limit?: number;
}

const encodeCursor = (k: RecordKeyset) => Buffer.from(JSON.stringify(k)).toString('base64url');
function decodeCursor(cursor: string): RecordKeyset {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof parsed?.value === 'string' && typeof parsed?.id === 'string' && /^[0-9a-f-]{36}$/i.test(parsed.id)) return parsed;
  } catch {
    // fall through
  }
  throw objectProblems.invalid({ errors: [{ field: 'querystring.after', reason: 'is not a cursor of this list' }] });
}

/**
 * One page of a type's records the reader may read (the record policy in SQL), newest change first
 * by default, masked per reader. Sensitive fields are matched through the blind index, and only
 * for readers who could see such a value in clear somewhere; a record where they see it masked is
 * left out (a mask must not confirm a value).
 */
export async function listRecords(ctx: CommandContext, typeKey: string, query: RecordListQuery): Promise<{ items: RecordView[]; nextCursor: string | null }> {
  const type = await findObjectTypeOrThrow(ctx.tx, typeKey);
  const limit = query.limit ?? 50;
  const sort = query.sort ?? '-updatedAt';
  const equals: Record<string, unknown> = {};
  const sensitiveTerms: string[] = [];
  const sensitiveKeys: string[] = [];
  const errors: FieldError[] = [];
  for (const [key, raw] of Object.entries(query.fields ?? {})) {
    const definition = type.fields.find((f) => f.key === key);
    if (!definition) {
      errors.push({ field: `querystring.field.${key}`, reason: `is not a field of ${typeKey}` });
      continue;
    }
    if (definition.dataClass) {
      const term = blindTerm(ctx.keyRing, definition.dataClass, raw);
      sensitiveKeys.push(key);
      sensitiveTerms.push(term ?? 'none:none');
    } else if (definition.type === 'number') {
      if (!Number.isFinite(Number(raw))) errors.push({ field: `querystring.field.${key}`, reason: 'must be a number' });
      equals[key] = Number(raw);
    } else if (definition.type === 'boolean') equals[key] = raw === 'true';
    else if (definition.type === 'multi-select') equals[key] = [raw];
    else equals[key] = raw;
  }
  if (errors.length > 0) throw objectProblems.invalid({ errors });
  const rows = await listRecordPage(
    ctx.tx,
    { typeId: type.id, text: query.q?.trim().toLowerCase() || undefined, equals, sensitiveTerms, departmentId: query.departmentId, ownerId: query.ownerId, tag: query.tag },
    recordVisibility(ctx.actor, 'record:read'),
    sort,
    query.after ? decodeCursor(query.after) : undefined,
    limit + 1,
  );
  const page = rows.slice(0, limit);
  // A search by a sensitive value answers only where the reader sees that value in clear (or may unmask it).
  const seesSensitive = (row: RecordRow) =>
    sensitiveKeys.every((key) => {
      const dataClass = type.fields.find((f) => f.key === key)?.dataClass ?? null;
      return isAtLeast(fieldAccessOf(ctx.actor, 'record:read', row, key, dataClass), 'readable') || isAllowedOnRecord(ctx.actor, 'record:unmask', row);
    });
  // The same for a plain field a field rule masks or hides from this reader (an auditor's "*": masked):
  // a hit on `field.tier=gold` or on a word of a masked name would confirm what the mask hides.
  const readsInClear = (row: RecordRow, key: string) => isAtLeast(fieldAccessOf(ctx.actor, 'record:read', row, key, null), 'readable');
  const plainKeys = Object.keys(equals);
  const text = query.q?.trim().toLowerCase();
  const plain = type.fields.filter((f) => !f.dataClass);
  const matchesWhatReaderSees = (row: RecordRow) => {
    if (!plainKeys.every((key) => readsInClear(row, key))) return false;
    if (!text) return true;
    const visible = plain.filter((f) => readsInClear(row, f.key));
    if (visible.length === plain.length) return true;
    // Only the words the reader sees in clear may match (a record of an older type version is
    // judged by the current fields: at worst left out for this reader, never shown by a hidden word).
    return searchTextOf(row.number, row.fields, visible, type.displayField).includes(text);
  };
  const shown = page.filter((row) => seesSensitive(row) && matchesWhatReaderSees(row));
  const opened = await openRecordRows(ctx.keyRing, shown);
  const last = page[page.length - 1];
  const nextCursor = rows.length > limit && last ? encodeCursor({ value: sort.includes('number') ? last.number : last.updatedAt.toISOString(), id: last.id }) : null;
  return { items: await presentRecords(ctx, opened), nextCursor };
}
