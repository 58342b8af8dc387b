import type { Db, Tx } from '../../../platform/db/database.ts';

export interface ModelMetrics {
  rows: number;
  accuracy?: number;
  macroF1?: number;
  trainedSeconds: number;
  source: 'file' | 'cases';
  /** For source 'cases': the case type whose closed cases it learnt from. */
  caseType?: string;
}

/** An installed model as the API lists it: no artifact. */
export interface InstalledModel {
  id: string;
  label: string;
  version: string;
  algorithm: string;
  classes: string[];
  metrics: ModelMetrics;
  active: boolean;
  installedBy: string;
  installedAt: Date;
}

const listed = ['id', 'label', 'version', 'algorithm', 'classes', 'metrics', 'active', 'installed_by', 'installed_at'] as const;

function toInstalled(row: {
  id: string;
  label: string;
  version: string;
  algorithm: string;
  classes: unknown;
  metrics: unknown;
  active: boolean;
  installed_by: string;
  installed_at: Date;
}): InstalledModel {
  return {
    id: row.id,
    label: row.label,
    version: row.version,
    algorithm: row.algorithm,
    classes: row.classes as string[],
    metrics: row.metrics as ModelMetrics,
    active: row.active,
    installedBy: row.installed_by,
    installedAt: row.installed_at,
  };
}

/** One cheap statement: which version answers for each label with an installed model. */
export async function findActiveVersions(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('assist.model').select(['label', 'version']).where('active', '=', true).execute();
  return new Map(rows.map((r) => [r.label, r.version]));
}

export async function findArtifact(db: Db, version: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('assist.model').select('artifact').where('version', '=', version).executeTakeFirst();
  return row?.artifact;
}

export async function listInstalledModels(db: Db): Promise<InstalledModel[]> {
  const rows = await db.selectFrom('assist.model').select(listed).orderBy('label').orderBy('installed_at', 'desc').execute();
  return rows.map(toInstalled);
}

/**
 * Makes `model` the active one for its label. The same artifact installed again (same version)
 * becomes active again rather than a second row: the version is what suggestions record.
 */
export async function activateModel(
  tx: Tx,
  model: { id: string; label: string; version: string; algorithm: string; classes: readonly string[]; metrics: ModelMetrics; artifact: Buffer; installedBy: string; installedAt: Date },
): Promise<{ id: string; reinstalled: boolean }> {
  await tx.updateTable('assist.model').set({ active: false }).where('label', '=', model.label).where('active', '=', true).execute();
  const existing = await tx.selectFrom('assist.model').select('id').where('version', '=', model.version).executeTakeFirst();
  if (existing) {
    await tx
      .updateTable('assist.model')
      .set({ active: true, metrics: JSON.stringify(model.metrics), installed_by: model.installedBy, installed_at: model.installedAt })
      .where('id', '=', existing.id)
      .execute();
    return { id: existing.id, reinstalled: true };
  }
  await tx
    .insertInto('assist.model')
    .values({
      id: model.id,
      label: model.label,
      version: model.version,
      algorithm: model.algorithm,
      classes: JSON.stringify(model.classes),
      metrics: JSON.stringify(model.metrics),
      artifact: model.artifact,
      active: true,
      installed_by: model.installedBy,
      installed_at: model.installedAt,
    })
    .execute();
  return { id: model.id, reinstalled: false };
}

export interface ClosedCaseRow {
  title: string;
  priority: string;
  fields: Record<string, unknown>;
}

/**
 * Closed cases of one type, newest first, for `docket assist train --from-cases`: what the bank's
 * agents decided (a field's value, the priority) beside what the customer wrote.
 */
export async function findClosedCases(db: Db, caseType: string, limit: number): Promise<{ cases: ClosedCaseRow[]; schema: unknown }> {
  const cases = await db
    .selectFrom('cases.case')
    .select(['title', 'priority', 'fields'])
    .where('type_key', '=', caseType)
    .where('closed_at', 'is not', null)
    .orderBy('closed_at', 'desc')
    .limit(limit)
    .execute();
  const schema = await db.selectFrom('cases.case_type_version').select('schema').where('key', '=', caseType).orderBy('version', 'desc').limit(1).executeTakeFirst();
  return {
    // A title with personal data is sealed and `title` holds it masked: the masked words still teach.
    cases: cases.map((c) => ({ title: c.title, priority: c.priority, fields: (c.fields ?? {}) as Record<string, unknown> })),
    schema: schema?.schema,
  };
}
