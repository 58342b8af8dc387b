import type { CommandContext } from '../../platform/commands/index.ts';
import { compileCaseFilter, resolveFieldAccess } from '../access/index.ts';
import { admitSensitiveSearch, keepUnmaskedMatches, type SensitiveQuery } from './sensitive-search.ts';
import { blindIndexTerm, openCaseRows, type SealedValueShown } from './case-crypto.ts';
import { findFieldDefinitions } from './case-type-fields.ts';
import { customerDataClass } from './customer-fields.ts';
import type { FieldDefinition } from './form-schema.ts';
import type { CaseRow } from './case-row.ts';
import { caseProblems } from './problems.ts';
import { findCaseForActionOrThrow } from './case-access.ts';
import { findVisibleCasesByIds, listCasesPage, type CaseListFilter, type CaseSort, type Keyset } from './store.ts';

// A cursor is the keyset of the last row plus the sort it belongs to, opaque to clients.
export function encodeCursor(sort: CaseSort, row: CaseRow): string {
  const column = sort.replace('-', '') as 'createdAt' | 'updatedAt' | 'dueAt';
  const value = row[column]?.toISOString() ?? null;
  return Buffer.from(JSON.stringify([sort, value, row.id])).toString('base64url');
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(sort: CaseSort, cursor: string): Keyset {
  try {
    const [cursorSort, value, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string | null, string];
    // The keyset is cast in SQL (::timestamptz, ::uuid): a forged cursor must fail here as a 400, not there as a 500.
    if (cursorSort !== sort || typeof id !== 'string' || !UUID_PATTERN.test(id)) throw new Error('mismatch');
    if (value !== null && new Date(value).toISOString() !== value) throw new Error('not an instant');
    return { value, id };
  } catch {
    throw caseProblems.invalidCursor({ detail: 'Use the nextCursor of the previous page with the same sort' });
  }
}

export interface SensitiveSearch {
  values: SensitiveQuery;
  /** Why the caller searches by these values: required, and kept in the audit event. */
  purpose?: string;
  perMinute: number;
}

export async function listCases(
  ctx: CommandContext,
  filter: CaseListFilter,
  sort: CaseSort,
  limit: number,
  cursor?: string,
  sensitive?: SensitiveSearch,
): Promise<{ items: CaseRow[]; nextCursor: string | null }> {
  const searched = Object.entries(sensitive?.values ?? {}).filter(([, value]) => value !== undefined) as [string, string][];
  const dataClasses = searched.map(([c]) => c);
  if (searched.length > 0) {
    // A lookup by identity is itself a look at personal data: allowed, counted and audited, never the value.
    await admitSensitiveSearch(ctx, dataClasses, sensitive!.purpose, sensitive!.perMinute);
    filter = { ...filter, sensitiveTerms: searched.map(([dataClass, value]) => blindIndexTerm(ctx.keyRing, dataClass, value) ?? `${dataClass}:-`) };
  }
  const after = cursor ? decodeCursor(sort, cursor) : undefined;
  // The same policy that refuses a single read filters the list, in SQL.
  const rows = await listCasesPage(ctx.tx, filter, compileCaseFilter(ctx.actor, 'case:read'), sort, after, limit + 1);
  const page = await openCaseRows(ctx.keyRing, rows.slice(0, limit), await sealedValuesShownTo(ctx, rows.slice(0, limit)));
  // The cursor follows the page as read, so dropping rows below never skips any.
  const nextCursor = rows.length > limit ? encodeCursor(sort, page[page.length - 1]!) : null;
  const items = searched.length > 0 ? await keepUnmaskedMatches(ctx, page, dataClasses) : page;
  return { items, nextCursor };
}

/**
 * The list view's own rule for whether a value is shown (case-view's presentFields and
 * presentCustomer leave out exactly the 'hidden' ones), so what it leaves out is never decrypted.
 */
async function sealedValuesShownTo(ctx: CommandContext, rows: CaseRow[]): Promise<SealedValueShown> {
  const definitionsOf = new Map<string, Map<string, FieldDefinition>>();
  for (const row of rows) {
    const key = `${row.typeKey}@${row.typeVersion}`;
    if (!definitionsOf.has(key)) definitionsOf.set(key, await findFieldDefinitions(ctx.tx, row.typeKey, row.typeVersion));
  }
  return (row, field) => {
    const dataClass = field.startsWith('customer.') ? customerDataClass(field.slice('customer.'.length)) : (definitionsOf.get(`${row.typeKey}@${row.typeVersion}`)!.get(field)?.dataClass ?? null);
    return resolveFieldAccess(ctx.actor, 'case:read', row, field, dataClass) !== 'hidden';
  };
}

/**
 * Cases by id as the case list shows them (same record scope, same sealed values opened), in the
 * order of `ids`: analytics' drill-down lists the cases behind a figure with the lists' masking.
 */
export async function listCasesByIds(ctx: CommandContext, ids: string[]): Promise<CaseRow[]> {
  const found = await findVisibleCasesByIds(ctx.tx, ids, compileCaseFilter(ctx.actor, 'case:read'));
  const byId = new Map<string, CaseRow>(found.map((row) => [row.id, row]));
  const ordered = ids.map((id) => byId.get(id)).filter((row): row is CaseRow => row !== undefined);
  return openCaseRows(ctx.keyRing, ordered, await sealedValuesShownTo(ctx, ordered));
}

export async function readCase(ctx: CommandContext, id: string): Promise<CaseRow> {
  return findCaseForActionOrThrow(ctx, id, 'case:read');
}
