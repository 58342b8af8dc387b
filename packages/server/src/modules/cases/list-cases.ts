import type { CommandContext } from '../../platform/commands/index.ts';
import { compileCaseFilter } from '../access/index.ts';
import { admitSensitiveSearch, keepUnmaskedMatches, type SensitiveQuery } from './sensitive-search.ts';
import { blindIndexTerm, openCaseRows } from './case-crypto.ts';
import type { CaseRow } from './case-row.ts';
import { caseProblems } from './problems.ts';
import { findCaseForActionOrThrow } from './case-access.ts';
import { listCasesPage, type CaseListFilter, type CaseSort, type Keyset } from './store.ts';

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
  const page = await openCaseRows(ctx.keyRing, rows.slice(0, limit));
  // The cursor follows the page as read, so dropping rows below never skips any.
  const nextCursor = rows.length > limit ? encodeCursor(sort, page[page.length - 1]!) : null;
  const items = searched.length > 0 ? await keepUnmaskedMatches(ctx, page, dataClasses) : page;
  return { items, nextCursor };
}

export async function readCase(ctx: CommandContext, id: string): Promise<CaseRow> {
  return findCaseForActionOrThrow(ctx, id, 'case:read');
}
