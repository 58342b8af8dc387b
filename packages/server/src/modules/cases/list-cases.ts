import type { CommandContext } from '../../platform/http/command-context.ts';
import { compileCaseFilter } from '../access/index.ts';
import { recordAuditEvent } from '../audit/index.ts';
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

export type SensitiveQuery = Partial<Record<'resident-id' | 'bank-card' | 'phone' | 'account', string>>;

export async function listCases(
  ctx: CommandContext, filter: CaseListFilter, sort: CaseSort, limit: number, cursor?: string, sensitive: SensitiveQuery = {},
): Promise<{ items: CaseRow[]; nextCursor: string | null }> {
  const searched = Object.entries(sensitive).filter(([, value]) => value !== undefined) as [string, string][];
  if (searched.length > 0) {
    // A lookup by identity is itself a look at personal data: audited, by data class, never the value.
    filter = { ...filter, sensitiveTerms: searched.map(([dataClass, value]) => blindIndexTerm(ctx.keyRing, dataClass, value) ?? `${dataClass}:-`) };
    await recordAuditEvent(ctx, { action: 'case.searched-by-identity', targetType: 'case-list', targetId: '-', data: { dataClasses: searched.map(([c]) => c) } });
  }
  const after = cursor ? decodeCursor(sort, cursor) : undefined;
  // The same policy that refuses a single read filters the list, in SQL.
  const rows = await listCasesPage(ctx.tx, filter, compileCaseFilter(ctx.actor, 'case:read'), sort, after, limit + 1);
  const items = await openCaseRows(ctx.keyRing, rows.slice(0, limit));
  return { items, nextCursor: rows.length > limit ? encodeCursor(sort, items[items.length - 1]!) : null };
}

export async function readCase(ctx: CommandContext, id: string): Promise<CaseRow> {
  return findCaseForActionOrThrow(ctx, id, 'case:read');
}
