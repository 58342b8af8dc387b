import { sql } from 'kysely';
import type { Db, Tx } from '../../../platform/db/database.ts';

// knowledge.case_document: the words of each case for "similar resolved cases". The case rows
// are read here as the indexer needs them (title as stored, masked; form fields whose values are
// in clear), never opened: nothing sealed ever reaches this table.

export interface CaseForIndex {
  id: string;
  typeKey: string;
  typeVersion: number;
  /** As stored: personal data in it already masked. */
  title: string;
  fields: Record<string, unknown>;
  statusCategory: string;
  departmentId: string | null;
  resolvedAt: Date | null;
}

export async function findCaseForIndex(tx: Db | Tx, caseId: string): Promise<CaseForIndex | undefined> {
  const row = await tx
    .selectFrom('cases.case')
    .select(['id', 'type_key', 'type_version', 'title', 'fields', 'status_category', 'department_id', 'resolved_at'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      typeKey: row.type_key,
      typeVersion: row.type_version,
      title: row.title,
      fields: (row.fields ?? {}) as Record<string, unknown>,
      statusCategory: row.status_category,
      departmentId: row.department_id,
      resolvedAt: row.resolved_at,
    }
  );
}

/** The public replies of a case as stored (personal data masked), oldest first. */
export async function listPublicReplyTexts(tx: Db | Tx, caseId: string): Promise<string[]> {
  const rows = await tx.selectFrom('cases.comment').select('body').where('case_id', '=', caseId).where('visibility', '=', 'public').orderBy('created_at').limit(50).execute();
  return rows.map((r) => r.body);
}

export interface CaseDocument {
  caseId: string;
  typeKey: string;
  category: string | null;
  product: string | null;
  statusCategory: string;
  departmentId: string | null;
  resolvedAt: Date | null;
  fieldKeys: string[];
  /** Space-joined jieba words: the title (weight A), free-text fields (B), public replies (C). */
  titleWords: string;
  fieldWords: string;
  replyWords: string;
  updatedAt: Date;
}

/** One statement: the document written or replaced. */
export async function upsertCaseDocument(tx: Db | Tx, doc: CaseDocument): Promise<void> {
  await sql`
    INSERT INTO knowledge.case_document (case_id, type_key, category, product, status_category, department_id, resolved_at, field_keys, search_vector, updated_at)
    VALUES (${doc.caseId}::uuid, ${doc.typeKey}, ${doc.category}, ${doc.product}, ${doc.statusCategory}, ${doc.departmentId}::uuid, ${doc.resolvedAt}::timestamptz, ${doc.fieldKeys}::text[],
      setweight(to_tsvector('simple', ${doc.titleWords}), 'A') || setweight(to_tsvector('simple', ${doc.fieldWords}), 'B') || setweight(to_tsvector('simple', ${doc.replyWords}), 'C'),
      ${doc.updatedAt}::timestamptz)
    ON CONFLICT (case_id) DO UPDATE SET type_key = EXCLUDED.type_key, category = EXCLUDED.category, product = EXCLUDED.product,
      status_category = EXCLUDED.status_category, department_id = EXCLUDED.department_id, resolved_at = EXCLUDED.resolved_at,
      field_keys = EXCLUDED.field_keys, search_vector = EXCLUDED.search_vector, updated_at = EXCLUDED.updated_at`.execute(tx);
}

/** A case moved to another department: its words stay as they are. */
export async function updateCaseDocumentDepartment(tx: Db | Tx, caseId: string, now: Date): Promise<void> {
  await sql`
    UPDATE knowledge.case_document d SET department_id = c.department_id, updated_at = ${now}::timestamptz
      FROM cases.case c WHERE c.id = d.case_id AND d.case_id = ${caseId}::uuid`.execute(tx);
}

/**
 * Resolved and closed cases without a document (finished before the index existed, or by the
 * seed before the app subscribed); unfinished ones get theirs when they change.
 */
export async function listFinishedCasesWithoutDocument(tx: Db | Tx, limit: number): Promise<string[]> {
  const result = await sql<{ id: string }>`
    SELECT c.id FROM cases.case c
     WHERE c.status_category IN ('resolved', 'closed') AND NOT EXISTS (SELECT 1 FROM knowledge.case_document d WHERE d.case_id = c.id)
     LIMIT ${limit}`.execute(tx);
  return result.rows.map((r) => r.id);
}

/** The public replies of several cases as stored (personal data masked), by case. */
export async function listPublicReplyTextsOfCases(tx: Db | Tx, caseIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (caseIds.length === 0) return out;
  const rows = await tx.selectFrom('cases.comment').select(['case_id', 'body']).where('case_id', 'in', caseIds).where('visibility', '=', 'public').orderBy('created_at').execute();
  for (const r of rows) out.set(r.case_id, [...(out.get(r.case_id) ?? []), r.body]);
  return out;
}
