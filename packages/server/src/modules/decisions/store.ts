import type { Db, Tx } from '../../platform/db/database.ts';

type Executor = Db | Tx;

export interface DecisionVersionRow {
  id: string;
  key: string;
  version: number;
  name: string;
  deploymentId: string;
  deployedAt: Date;
}

export async function insertDeployment(tx: Tx, deployment: { id: string; xml: string; definitionsName: string | null; deployedBy: string | null; now: Date }): Promise<void> {
  await tx
    .insertInto('decision.deployment')
    .values({ id: deployment.id, xml: deployment.xml, definitions_name: deployment.definitionsName, deployed_by: deployment.deployedBy, deployed_at: deployment.now })
    .execute();
}

export async function insertDecisionVersions(tx: Tx, rows: DecisionVersionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('decision.decision_version')
    .values(rows.map((row) => ({ id: row.id, key: row.key, version: row.version, name: row.name, deployment_id: row.deploymentId, deployed_at: row.deployedAt })))
    .execute();
}

/** The latest version of each key, locked so two deployments of one key take turns. */
export async function latestVersionsForUpdate(tx: Tx, keys: string[]): Promise<Map<string, number>> {
  if (keys.length === 0) return new Map();
  // Serialise deployments of the same keys: the unique (key, version) would refuse the second otherwise.
  for (const key of [...keys].sort()) await tx.selectNoFrom((eb) => eb.fn('pg_advisory_xact_lock', [eb.fn('hashtext', [eb.val(`decision:${key}`)])]).as('locked')).execute();
  const rows = await tx
    .selectFrom('decision.decision_version')
    .select(['key', (eb) => eb.fn.max('version').as('version')])
    .where('key', 'in', keys)
    .groupBy('key')
    .execute();
  return new Map(rows.map((row) => [row.key, Number(row.version)]));
}

function toRow(row: { id: string; key: string; version: number; name: string; deployment_id: string; deployed_at: Date | string }): DecisionVersionRow {
  return { id: row.id, key: row.key, version: row.version, name: row.name, deploymentId: row.deployment_id, deployedAt: new Date(row.deployed_at) };
}

export async function findDecisionVersion(tx: Executor, key: string, version?: number): Promise<DecisionVersionRow | undefined> {
  let query = tx.selectFrom('decision.decision_version').selectAll().where('key', '=', key);
  query = version === undefined ? query.orderBy('version', 'desc').limit(1) : query.where('version', '=', version);
  const row = await query.executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export async function listDecisionVersions(tx: Executor, key: string): Promise<DecisionVersionRow[]> {
  return (await tx.selectFrom('decision.decision_version').selectAll().where('key', '=', key).orderBy('version', 'desc').execute()).map(toRow);
}

export async function listLatestDecisions(tx: Executor): Promise<DecisionVersionRow[]> {
  const rows = await tx.selectFrom('decision.decision_version').selectAll().distinctOn('key').orderBy('key').orderBy('version', 'desc').execute();
  return rows.map(toRow);
}

export async function findDeploymentXml(tx: Executor, deploymentId: string): Promise<string | undefined> {
  const row = await tx.selectFrom('decision.deployment').select('xml').where('id', '=', deploymentId).executeTakeFirst();
  return row?.xml;
}
