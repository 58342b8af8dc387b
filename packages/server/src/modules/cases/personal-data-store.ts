import { sql } from 'kysely';
import type { Tx } from '../../platform/db/database.ts';

// SQL of the re-seal of rows written before customer fields and free text were sealed
// (migration 20261204T2110 lists them in cases.personal_data_backlog).

export type BacklogKind = 'case' | 'comment' | 'attachment';

/** A batch of the backlog, locked so that several processes starting together share the work. */
export async function claimBacklog(tx: Tx, limit: number): Promise<{ kind: BacklogKind; id: string }[]> {
  const result = await sql<{ kind: BacklogKind; id: string }>`
    SELECT kind, id FROM cases.personal_data_backlog ORDER BY kind, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`.execute(tx);
  return result.rows;
}

export async function deleteBacklog(tx: Tx, kind: BacklogKind, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await sql`DELETE FROM cases.personal_data_backlog WHERE kind = ${kind} AND id = ANY(${ids}::uuid[])`.execute(tx);
}

export async function findCasesToReseal(tx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.selectFrom('cases.case').select(['id', 'title', 'title_sealed', 'customer']).where('id', 'in', ids).forUpdate().execute();
}

export async function updateResealedCase(
  tx: Tx,
  id: string,
  change: { title: string; titleSealed: string | null; customer: unknown; customerRef: string | null; indexTerms: string[] },
): Promise<void> {
  // The customer's index terms join the existing ones (the form fields' terms are unchanged).
  await sql`UPDATE cases.case
    SET title = ${change.title}, title_sealed = ${change.titleSealed}, customer = ${change.customer === null ? null : JSON.stringify(change.customer)}::jsonb,
        customer_ref = ${change.customerRef},
        sensitive_index = ARRAY(SELECT DISTINCT unnest(sensitive_index || ${change.indexTerms}::text[]))
    WHERE id = ${id}`.execute(tx);
}

export async function findCommentsToReseal(tx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.selectFrom('cases.comment').select(['id', 'body', 'body_sealed']).where('id', 'in', ids).forUpdate().execute();
}

export async function updateResealedComment(tx: Tx, id: string, body: string, bodySealed: string | null): Promise<void> {
  await tx.updateTable('cases.comment').set({ body, body_sealed: bodySealed }).where('id', '=', id).execute();
}

export async function findAttachmentsToReseal(tx: Tx, ids: string[]) {
  if (ids.length === 0) return [];
  return tx.selectFrom('cases.attachment').select(['id', 'file_name', 'file_name_sealed']).where('id', 'in', ids).forUpdate().execute();
}

export async function updateResealedAttachment(tx: Tx, id: string, fileName: string, fileNameSealed: string | null): Promise<void> {
  await tx.updateTable('cases.attachment').set({ file_name: fileName, file_name_sealed: fileNameSealed }).where('id', '=', id).execute();
}
