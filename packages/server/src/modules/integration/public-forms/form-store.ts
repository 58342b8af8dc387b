import type { Selectable } from 'kysely';
import type { IntegrationPublicFormTable } from '../../../platform/db/tables.generated.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import type { ContactKind } from './schemas.ts';

export interface PublicFormRow {
  id: string;
  key: string;
  caseType: string;
  titles: { 'zh-CN': string; 'en-US': string };
  intro: { 'zh-CN': string; 'en-US': string } | null;
  fields: { key: string; required?: boolean }[];
  contact: { kind: ContactKind; required: boolean }[];
  active: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export type PublicFormValues = Omit<PublicFormRow, 'id' | 'key' | 'version' | 'createdAt' | 'updatedAt'>;

type Executor = Db | Tx;

function columnsOf(v: PublicFormValues) {
  return {
    case_type: v.caseType,
    title_zh: v.titles['zh-CN'],
    title_en: v.titles['en-US'],
    intro_zh: v.intro?.['zh-CN'] ?? null,
    intro_en: v.intro?.['en-US'] ?? null,
    fields: JSON.stringify(v.fields),
    contact: JSON.stringify(v.contact),
    active: v.active,
  };
}

function toRow(r: Selectable<IntegrationPublicFormTable>): PublicFormRow {
  return {
    id: r.id,
    key: r.key,
    caseType: r.case_type,
    titles: { 'zh-CN': r.title_zh, 'en-US': r.title_en },
    intro: r.intro_zh !== null && r.intro_en !== null ? { 'zh-CN': r.intro_zh, 'en-US': r.intro_en } : null,
    fields: r.fields as PublicFormRow['fields'],
    contact: r.contact as PublicFormRow['contact'],
    active: r.active,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function listPublicForms(tx: Executor): Promise<PublicFormRow[]> {
  const rows = await tx.selectFrom('integration.public_form').selectAll().orderBy('key').execute();
  return rows.map(toRow);
}

export async function findPublicForm(tx: Executor, key: string): Promise<PublicFormRow | undefined> {
  const row = await tx.selectFrom('integration.public_form').selectAll().where('key', '=', key).executeTakeFirst();
  return row && toRow(row);
}

/** False when the key is taken. */
export async function insertPublicForm(tx: Tx, id: string, key: string, values: PublicFormValues, now: Date): Promise<boolean> {
  const inserted = await tx
    .insertInto('integration.public_form')
    .values({ id, key, ...columnsOf(values), version: 1, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** False when the form is no longer at `expectedVersion`. */
export async function updatePublicFormIfVersion(tx: Tx, key: string, expectedVersion: number, values: PublicFormValues, now: Date): Promise<boolean> {
  const result = await tx
    .updateTable('integration.public_form')
    .set({ ...columnsOf(values), version: expectedVersion + 1, updated_at: now })
    .where('key', '=', key)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deletePublicFormIfVersion(tx: Tx, key: string, expectedVersion: number): Promise<boolean> {
  const result = await tx.deleteFrom('integration.public_form').where('key', '=', key).where('version', '=', expectedVersion).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

// ---- tracking tokens and the submission log --------------------------------------------------

export async function insertTracking(tx: Tx, tokenHash: string, caseId: string, formKey: string, now: Date): Promise<void> {
  await tx.insertInto('integration.public_tracking').values({ token_hash: tokenHash, case_id: caseId, form_key: formKey, created_at: now }).execute();
}

/** The case a token hash tracks. The lookup is by the hash, so the time taken says nothing about how close a guess was. */
export async function findTrackedCaseId(tx: Executor, tokenHash: string): Promise<string | undefined> {
  const row = await tx.selectFrom('integration.public_tracking').select('case_id').where('token_hash', '=', tokenHash).executeTakeFirst();
  return row?.case_id;
}

export interface SubmissionLogEntry {
  id: string;
  kind: 'submission' | 'reply';
  clientAddress: string;
  formKey: string | null;
  contentHash: string;
  caseId: string | null;
}

export async function insertSubmissionLog(tx: Tx, entry: SubmissionLogEntry, now: Date): Promise<void> {
  await tx
    .insertInto('integration.public_submission')
    .values({ id: entry.id, kind: entry.kind, client_address: entry.clientAddress, form_key: entry.formKey, content_hash: entry.contentHash, case_id: entry.caseId, created_at: now })
    .execute();
}

/** How many times the address sent since `since`, and when the oldest of those was (for Retry-After). */
export async function countSentSince(tx: Executor, clientAddress: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
  const row = await tx
    .selectFrom('integration.public_submission')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('client_address', '=', clientAddress)
    .where('created_at', '>', since)
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), oldest: row.oldest ? new Date(row.oldest as Date) : null };
}

/** The case the same content from the same address opened since `since`, if any. */
export async function findRecentSubmission(tx: Executor, clientAddress: string, contentHash: string, since: Date): Promise<string | undefined> {
  const row = await tx
    .selectFrom('integration.public_submission')
    .select('case_id')
    .where('client_address', '=', clientAddress)
    .where('content_hash', '=', contentHash)
    .where('kind', '=', 'submission')
    .where('created_at', '>', since)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row?.case_id ?? undefined;
}
