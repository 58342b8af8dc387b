import type { Db, Tx } from '../../../platform/db/database.ts';

/** Per field: assistance on or off, its own threshold, and the classifier label that predicts it when not the field's key. */
export interface FieldSetting {
  enabled: boolean;
  threshold?: number;
  label?: string;
}

/** Assistance for one case type, as stored or as the defaults a case type without a row uses. */
export interface AssistSettings {
  caseType: string;
  enabled: boolean;
  threshold: number;
  fields: Record<string, FieldSetting>;
  secondsPerField: number;
  /** 0 while the case type runs on the defaults (no row yet): the If-Match of the first save. */
  version: number;
  updatedBy: string | null;
  updatedAt: Date | null;
}

// The migration's column defaults: a case type nobody configured has assistance on.
export function defaultSettings(caseType: string): AssistSettings {
  return { caseType, enabled: true, threshold: 0.5, fields: {}, secondsPerField: 20, version: 0, updatedBy: null, updatedAt: null };
}

type SettingRow = { case_type_key: string; enabled: boolean; threshold: number; fields: unknown; seconds_per_field: number; version: number; updated_by: string | null; updated_at: Date };

function toSettings(row: SettingRow): AssistSettings {
  return {
    caseType: row.case_type_key,
    enabled: row.enabled,
    // real: read back as 0.6000000238418579; the admin typed 0.6.
    threshold: Math.round(row.threshold * 1e6) / 1e6,
    fields: (row.fields ?? {}) as Record<string, FieldSetting>,
    secondsPerField: row.seconds_per_field,
    version: row.version,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** The settings of a case type; the defaults when none were saved. */
export async function readAssistSettings(tx: Db | Tx, caseType: string): Promise<AssistSettings> {
  const row = await tx.selectFrom('assist.setting').selectAll().where('case_type_key', '=', caseType).executeTakeFirst();
  return row ? toSettings(row as SettingRow) : defaultSettings(caseType);
}

export async function listAssistSettings(tx: Db | Tx): Promise<Map<string, AssistSettings>> {
  const rows = await tx.selectFrom('assist.setting').selectAll().execute();
  return new Map(rows.map((row) => [row.case_type_key, toSettings(row as SettingRow)]));
}

export type SettingsValues = Pick<AssistSettings, 'enabled' | 'threshold' | 'fields' | 'secondsPerField'>;

/**
 * Saves the settings if they are still at `expectedVersion` (0: no row yet); false when someone
 * saved in between.
 */
export async function saveAssistSettingsIfVersion(tx: Tx, caseType: string, expectedVersion: number, values: SettingsValues, updatedBy: string, now: Date): Promise<boolean> {
  const columns = {
    enabled: values.enabled,
    threshold: values.threshold,
    fields: JSON.stringify(values.fields),
    seconds_per_field: values.secondsPerField,
    updated_by: updatedBy,
    updated_at: now,
  };
  if (expectedVersion === 0) {
    const inserted = await tx
      .insertInto('assist.setting')
      .values({ case_type_key: caseType, ...columns, version: 1 })
      .onConflict((oc) => oc.column('case_type_key').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
  }
  const updated = await tx
    .updateTable('assist.setting')
    .set({ ...columns, version: expectedVersion + 1 })
    .where('case_type_key', '=', caseType)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
