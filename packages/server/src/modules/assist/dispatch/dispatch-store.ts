import type { Tx } from '../../../platform/db/database.ts';

export interface DispatchSettings {
  enabled: boolean;
  threshold: number;
  fields: Record<string, { enabled?: boolean; threshold?: number; label?: string } | undefined>;
}

/** A case type's assistance thresholds and per-field switches (assist.setting); undefined: the defaults. */
export async function findDispatchSettings(tx: Tx, caseType: string): Promise<DispatchSettings | undefined> {
  const row = await tx.selectFrom('assist.setting').select(['enabled', 'threshold', 'fields']).where('case_type_key', '=', caseType).executeTakeFirst();
  return row ? { enabled: row.enabled, threshold: row.threshold, fields: (row.fields ?? {}) as DispatchSettings['fields'] } : undefined;
}
