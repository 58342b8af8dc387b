import type { Selectable } from 'kysely';
import type { Tx } from '../../../platform/db/database.ts';
import type { AnalyticsReportPackTable } from '../../../platform/db/tables.generated.ts';

export type ReportPackRow = Selectable<AnalyticsReportPackTable>;
export type ReportPackSummary = Omit<ReportPackRow, 'xlsx' | 'pdf' | 'manifest'>;
export const PACK_FILES = ['xlsx', 'pdf', 'manifest'] as const;
export type PackFile = (typeof PACK_FILES)[number];

const SUMMARY_COLUMNS = [
  'id',
  'kind',
  'period',
  'department_id',
  'as_of',
  'policy_fingerprint',
  'generator_version',
  'generated_by',
  'generated_at',
  'xlsx_sha256',
  'pdf_sha256',
  'manifest_sha256',
  'key_id',
  'last_reproduced_at',
  'last_reproduction_matched',
] as const;

export async function insertReportPack(tx: Tx, row: Omit<ReportPackRow, 'last_reproduced_at' | 'last_reproduction_matched'>): Promise<void> {
  await tx.insertInto('analytics.report_pack').values(row).execute();
}

/**
 * Packs the reader may see: those they generated, and those made under the very record policy
 * they hold (the figures of cases they could count themselves). Newest first.
 */
export async function listReportPacks(tx: Tx, reader: { userId: string; policyFingerprint: string }, limit: number): Promise<ReportPackSummary[]> {
  return tx
    .selectFrom('analytics.report_pack')
    .select(SUMMARY_COLUMNS)
    .where((eb) => eb.or([eb('generated_by', '=', reader.userId), eb('policy_fingerprint', '=', reader.policyFingerprint)]))
    .orderBy('generated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function findReportPack(tx: Tx, id: string): Promise<ReportPackSummary | undefined> {
  return tx.selectFrom('analytics.report_pack').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findReportPackFile(tx: Tx, id: string, file: PackFile): Promise<Buffer | undefined> {
  const row = await tx.selectFrom('analytics.report_pack').select(file).where('id', '=', id).executeTakeFirst();
  return row?.[file] as Buffer | undefined;
}

export async function recordReproduction(tx: Tx, id: string, at: Date, matched: boolean): Promise<void> {
  await tx.updateTable('analytics.report_pack').set({ last_reproduced_at: at, last_reproduction_matched: matched }).where('id', '=', id).execute();
}
